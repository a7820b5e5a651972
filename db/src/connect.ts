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
  /**
   * Hears of a pooled PostgreSQL connection that failed while idle (the server restarted, the
   * network dropped): the pool replaces it on the next query. Default: one line on stderr.
   * Without a listener pg would throw the error at the process and end it.
   */
  readonly onIdleError?: (error: Error) => void;
}

/** Stops a `listen`. */
export type Unlisten = () => Promise<void>;

export interface Connection {
  readonly db: Kysely<Database>;
  readonly kind: 'pglite' | 'postgres';
  /**
   * Calls `onNotify` with each NOTIFY payload on `channel`, from any process on this database.
   * On PostgreSQL a dedicated connection of its own (a pooled one would be handed to queries);
   * when it drops it reconnects and calls `onNotify('')`, since notifications may have been missed.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<Unlisten>;
  close(): Promise<void>;
}

/** Opens the database: PostgreSQL when given a URL, else PGlite on disk or in memory. */
export async function connect(options: ConnectOptions): Promise<Connection> {
  if (options.url !== undefined) {
    // The client class runs copyInto's COPY statements (copy.ts).
    const pool = new pg.Pool({ connectionString: options.url, Client: CopyingClient });
    pool.on('error', options.onIdleError ?? ((error) => process.stderr.write(`database connection lost while idle (it is replaced on the next query): ${error.message}\n`)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', listen: (channel, onNotify) => listenPg(options.url!, channel, onNotify), close: () => destroy(db, pool) };
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
    listen: async (channel, onNotify) => pglite.listen(channel, onNotify),
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

/** Reconnection delays after a listening connection drops, the last one repeated. */
const RELISTEN_MS = [100, 500, 2000];

async function listenPg(url: string, channel: string, onNotify: (payload: string) => void): Promise<Unlisten> {
  let client: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  const open = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    });
    c.on('error', () => {
      if (client !== c) return;
      client = undefined;
      void c.end().catch(() => undefined);
      retry();
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      void c.end().catch(() => undefined);
      throw error;
    }
    client = c;
    failures = 0;
  };
  const retry = () => {
    if (stopped) return;
    const delay = RELISTEN_MS[Math.min(failures++, RELISTEN_MS.length - 1)]!;
    setTimeout(() => {
      if (!stopped) open().then(() => onNotify(''), retry);
    }, delay).unref();
  };
  await open();
  return async () => {
    stopped = true;
    await client?.end();
  };
}
