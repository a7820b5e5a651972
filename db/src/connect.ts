import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CopyingClient, pgliteCopyingClient } from './copy.js';
import type { Database } from './schema.js';

// DATE stays the text PostgreSQL sends ('2026-01-31'): a Date would bring a time zone into a
// calendar day. NUMERIC and BIGINT already arrive as text, so money never passes through a float.
pg.types.setTypeParser(pg.types.builtins.DATE, (text: string) => text);

export interface ConnectOptions {
  /** PGlite keeping its files in this folder (created when missing). */
  readonly dataDir?: string;
  /** A PostgreSQL connection string; wins over `dataDir`. */
  readonly url?: string;
  /** PGlite in memory, gone on close: for tests and throwaway runs. */
  readonly memory?: boolean;
}

export interface Connection {
  readonly db: Kysely<Database>;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Opens the database: PostgreSQL when given a URL, else PGlite on disk or in memory. */
export async function connect(options: ConnectOptions): Promise<Connection> {
  if (options.url !== undefined) {
    // The client class runs copyInto's COPY statements (copy.ts).
    const pool = new pg.Pool({ connectionString: options.url, Client: CopyingClient });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => destroy(db, pool) };
  }
  if (options.dataDir === undefined && options.memory !== true) {
    throw new TypeError('connect: give a url, a dataDir or memory: true');
  }
  const pglite = options.memory === true ? new PGlite() : new PGlite(options.dataDir);
  await pglite.waitReady;
  // PGlite is one session: a pool of exactly one client that is never closed for idling, or
  // a second client would interleave its statements with an open transaction's.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0, Client: pgliteCopyingClient(pglite) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await destroy(db, pool);
      await pglite.close();
    },
  };
}

/**
 * Kysely ends the pool only if it ever used it; a handle closed before its first query must
 * still refuse later ones, not reconnect to a closed database.
 */
async function destroy(db: Kysely<Database>, pool: pg.Pool): Promise<void> {
  await db.destroy();
  if (!pool.ended && !pool.ending) await pool.end();
}
