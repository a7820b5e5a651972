import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Db, type DemoLoad, DEMO_USERS, generateDemo, holdsPayees, loadDemo } from '@prestasi/db';
import { parseDay } from '@prestasi/engine';
import { type Io, parse, stringOption, UsageError } from './args.js';
import { databaseOptions, describeDatabase, openDatabase } from './database.js';
import { reportingDomainErrors } from './errors.js';
import { ensureDemoUsers } from './demo-users.js';
import { EXIT } from './exit.js';

const OPTIONS = { data: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' } } as const;

/**
 * `prestasi demo [--data DIR] [--today YYYY-MM-DD]` loads the demo organisation into the
 * database, once; `prestasi demo --out DIR` writes it as a workspace folder instead.
 */
export async function demoCommand(args: readonly string[], io: Io, usage: string): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, usage);
  if (positionals.length > 0) throw new UsageError(`demo takes no arguments\n${usage}`);
  const today = stringOption(values['today']);
  if (today !== undefined && parseDay(today) === undefined) throw new UsageError(`--today must be a date YYYY-MM-DD, not "${today}"`);
  const out = stringOption(values['out']);
  if (out !== undefined) {
    if (values['data'] !== undefined) throw new UsageError('demo: give --out or --data, not both');
    return writeDemo(out, today, io);
  }
  const options = databaseOptions(stringOption(values['data']));
  const conn = await openDatabase(options);
  try {
    return await reportingDomainErrors(io, async () => {
      const result = await loadDemo(conn.db, today === undefined ? {} : { today });
      io.out(`${describeDatabase(options)}: ${demoMessage(result)}\n`);
      await ensureDemoUsers(conn.db, io, process.env);
      return EXIT.ok;
    });
  } finally {
    await conn.close();
  }
}

async function writeDemo(dir: string, today: string | undefined, io: Io): Promise<number> {
  if ((await readdir(dir).catch(() => [])).length > 0) throw new UsageError(`${dir} is not empty: write the demo into a new or empty folder`);
  const demo = generateDemo(today === undefined ? {} : { today });
  for (const [path, bytes] of demo.files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes);
  }
  io.out(`wrote the demo organisation to ${dir}: ${demo.counts.payees} payees, ${demo.counts.transactions} transactions from ${demo.from} to ${demo.to}\n`);
  return EXIT.ok;
}

/** One line on what happened, naming the payees the demo's manager and rep sign in as. */
export function demoMessage(result: DemoLoad): string {
  if (!result.loaded) return `the demo organisation is already loaded (import batch ${result.batch}): nothing changed`;
  const { demo } = result;
  const linked = DEMO_USERS.filter((u) => u.payee !== null)
    .map((u) => `${u.email} is payee ${u.payee}`)
    .join(', ');
  return `created the demo organisation: ${demo.counts.payees} payees, 3 plans, ${demo.counts.transactions} transactions from ${demo.from} to ${demo.to} (${linked})`;
}

/**
 * On the first start of an empty database (no payees yet) the server creates the demo, so
 * `npm start` shows something; PRESTASI_NO_DEMO=1 starts empty instead.
 */
export async function demoOnFirstStart(db: Db, io: Io, env: NodeJS.ProcessEnv): Promise<void> {
  if (env['PRESTASI_NO_DEMO'] === '1' || (await holdsPayees(db))) return;
  const result = await loadDemo(db);
  io.out(`prestasi: first start on an empty database: ${demoMessage(result)}; set PRESTASI_NO_DEMO=1 to start empty\n`);
}
