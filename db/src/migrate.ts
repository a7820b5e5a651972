import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * The migrations ship as .sql files beside src/ and dist/ in the package root, so the compiled
 * code reads the same files as the tests, and no build step has to copy them.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Any fixed number: the advisory lock every prestasi process migrating this database waits on. */
const MIGRATION_LOCK = 0x70726573;

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** The migrations in `dir`, in order; a stray or doubled file name is an error, not skipped. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`migration file name must be NNNN_name.sql: ${file}`);
    const version = Number(match[1]);
    if (out.some((m) => m.version === version)) throw new Error(`two migrations numbered ${match[1]}`);
    const text = await readFile(`${dir}/${file}`, 'utf8');
    out.push({ version, name: file, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
  }
  return out;
}

/**
 * Brings the schema up to date: each pending migration runs in its own transaction and is
 * recorded in schema_migrations. Everything happens under a session advisory lock, so processes
 * starting at once take turns and the later ones find nothing left to do. Returns the names of
 * the migrations applied by this call.
 */
export async function migrate(db: Kysely<Database>, migrations?: readonly Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`
        create table if not exists schema_migrations (
          version integer primary key,
          name text not null,
          checksum text not null,
          applied_at timestamptz not null default now()
        )`.execute(conn);
      const applied = new Map(
        (await conn.selectFrom('schema_migrations').selectAll().execute()).map((row) => [row.version, row]),
      );
      for (const row of applied.values()) {
        const known = all.find((m) => m.version === row.version);
        if (!known) throw new Error(`the database has migration ${row.name}, which this prestasi does not know: it is older than the database`);
        if (known.checksum !== row.checksum) throw new Error(`migration ${row.name} was edited after it was applied; add a new migration instead`);
      }
      const done: string[] = [];
      for (const m of all) {
        if (applied.has(m.version)) continue;
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await trx.insertInto('schema_migrations').values({ version: m.version, name: m.name, checksum: m.checksum }).execute();
        });
        done.push(m.name);
      }
      return done;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
