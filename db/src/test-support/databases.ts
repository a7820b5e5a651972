import { threadId } from 'node:worker_threads';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Connection, connect } from '../connect.js';
import { migrate } from '../migrate.js';
import type { Database } from '../schema.js';

export type DatabaseKind = Connection['kind'];
export const DATABASE_KINDS: readonly DatabaseKind[] = ['pglite', 'postgres'];

/** The PostgreSQL server the tests create their databases on (through its `test` database). */
export const TEST_PG_URL = process.env['PRESTASI_TEST_PG_URL'] ?? 'postgres://root@127.0.0.1:5432/test';

let created = 0;

export interface TestDatabase extends Connection {
  /** The connection string of a PostgreSQL test database, for a second connection to it. */
  readonly url: string | undefined;
}

/**
 * A fresh, empty database of the given kind: PGlite in memory, or a new database on the test
 * PostgreSQL server that `close()` drops. When PostgreSQL is unreachable this throws: CI has
 * one, so a test that silently skipped it would hide a broken half.
 */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return { ...(await connect({ memory: true })), url: undefined };
  const name = `prestasi_test_${process.pid}_${threadId}_${created++}`;
  const admin = await connect({ url: TEST_PG_URL });
  try {
    await sql`drop database if exists ${sql.id(name)}`.execute(admin.db);
    await sql`create database ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const conn = await connect({ url: url.toString() });
  return {
    ...conn,
    url: url.toString(),
    close: async () => {
      await conn.close();
      const again = await connect({ url: TEST_PG_URL });
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      } finally {
        await again.close();
      }
    },
  };
}

/**
 * Runs `body` as one describe block per database kind, each on its own fresh, migrated
 * database shared by the block's tests; `use()` gives the connection inside a test.
 */
export function forEachDatabase(name: string, body: (use: () => Connection) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let conn: Connection | undefined;
      beforeAll(async () => {
        conn = await openTestDatabase(kind);
        await migrate(conn.db);
      });
      afterAll(async () => {
        await conn?.close();
      });
      body(() => {
        if (!conn) throw new Error(`no ${kind} database: its setup failed`);
        return conn;
      });
    });
  }
}

/** Tables a workspace import fills, and the accounts that point at payees; children before parents. */
const WORKSPACE_TABLES = [
  'sessions',
  'api_tokens',
  'login_failures',
  'oidc_flows',
  'users',
  'adjustment_requests',
  'run_lines',
  'run_results',
  'locked_periods',
  'dispute_comments',
  'disputes',
  'runs',
  'transaction_splits',
  'adjustments',
  'transactions',
  'transaction_attributes',
  'fx_rates',
  'quotas',
  'assignments',
  'plan_versions',
  'plans',
  'payee_managers',
  'payees',
  'import_batches',
  'crm_mappings',
] as const;

/** Empties every table but the append-only audit log, and puts the settings back to defaults. */
export async function emptyDatabase(db: Kysely<Database>): Promise<void> {
  await sql`truncate ${sql.join(WORKSPACE_TABLES.map((t) => sql.table(t)))} restart identity`.execute(db);
  await sql`update settings set currency = default, fiscal_year_start = default, rounding = default, segregation_of_duties = default, language = default`.execute(db);
}
