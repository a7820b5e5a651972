import { createApp, listen, LiveHub } from '@prestasi/server';
import { type Io, parse, stringOption, UsageError } from './args.js';
import { authOptionsFromEnv } from './auth-env.js';
import { databaseOptions, describeDatabase, openDatabase } from './database.js';
import { demoOnFirstStart } from './demo-command.js';
import { ensureDemoUsers } from './demo-users.js';
import { EXIT } from './exit.js';

const OPTIONS = { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } as const;

/**
 * Serves the API until SIGINT or SIGTERM, then stops taking connections, answers the requests
 * in flight, closes the database and exits 0.
 */
export async function serveCommand(args: readonly string[], io: Io, usage: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, usage);
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments\n${usage}`);
  const portText = stringOption(values['port']) ?? env['PORT'] ?? '3000';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be a port number, not "${portText}"`);
  const host = stringOption(values['host']) ?? env['HOST'] ?? '127.0.0.1';
  const options = databaseOptions(stringOption(values['data']), env);
  const conn = await openDatabase(options);
  try {
    await demoOnFirstStart(conn.db, io, env);
    await ensureDemoUsers(conn.db, io, env);
    // Listening for the signals before saying we listen: a supervisor may stop us the moment it reads that line.
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      const stop = (received: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(received);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    // One LISTEN connection: every process on this database streams every event (docs/design/real-time.md).
    const live = new LiveHub(conn.db, { listen: conn.listen });
    await live.start();
    const webhooks = { hubspot: env['PRESTASI_HUBSPOT_SECRET'] || undefined, salesforce: env['PRESTASI_SALESFORCE_SECRET'] || undefined };
    const server = await listen(createApp({ db: conn.db, auth: authOptionsFromEnv(env), live, webhooks }), { port: Number(portText), host });
    io.out(`prestasi: listening on ${server.url} (${describeDatabase(options)})\n`);
    const signal = await stopped;
    io.out(`prestasi: ${signal}, stopping\n`);
    // The live streams never end by themselves: ended first, or closing would wait for them.
    await live.close();
    await server.close();
    return EXIT.ok;
  } finally {
    await conn.close();
  }
}
