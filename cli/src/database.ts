import { type Connection, type ConnectOptions, connect, migrate } from '@prestasi/db';

/**
 * Which database a command works on: `--data DIR` (PGlite), else `DATABASE_URL` (PostgreSQL),
 * else PGlite in `PRESTASI_DATA`, else in ./data.
 */
export function databaseOptions(data: string | undefined, env: NodeJS.ProcessEnv = process.env): ConnectOptions {
  if (data !== undefined) return { dataDir: data };
  const url = env['DATABASE_URL'];
  if (url !== undefined && url !== '') return { url };
  return { dataDir: env['PRESTASI_DATA'] || './data' };
}

/** Where `options` points, for messages: never the password of a URL. */
export function describeDatabase(options: ConnectOptions): string {
  if (options.url === undefined) return `PGlite in ${options.dataDir ?? 'memory'}`;
  const url = new URL(options.url);
  url.password = '';
  url.username = '';
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

/** Connects and brings the schema up to date: every command but `migrate` itself starts so. */
export async function openDatabase(options: ConnectOptions): Promise<Connection> {
  const conn = await connect(options);
  try {
    await migrate(conn.db);
    return conn;
  } catch (e) {
    await conn.close();
    throw e;
  }
}
