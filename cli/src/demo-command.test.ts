import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@prestasi/db';
import { describe, expect, it } from 'vitest';
import { run, scratchPaths } from './test-support/run.js';
import { openTestDatabase } from '../../db/src/test-support/databases.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/malaysia-2026/', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/prestasi.cjs', import.meta.url));
const fresh = scratchPaths('prestasi-demo-');


describe('prestasi demo --out', () => {
  it('writes a workspace that checks, and computes every quarter and month of its year', async () => {
    const dir = fresh('ws');
    const written = await run(['demo', '--out', dir, '--today', '2026-05-20']);
    expect(written).toMatchObject({ code: 0, err: '' });
    expect(written.out).toMatch(/^wrote the demo organisation to .*: 40 payees, \d+ transactions from 2025-05-01 to 2026-04-30\n$/);
    expect(readdirSync(join(dir, 'plans')).sort()).toEqual(['ae.yaml', 'manager.yaml', 'sdr.yaml']);
    expect((await run(['check', dir])).out).toMatch(/^ok: .*: 40 payees, 3 plans, 41 assignments, \d+ transactions/);
    for (const period of ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2025-05', '2025-12', '2026-04', '2025', '2026']) {
      const calc = await run(['calc', dir, '--period', period, '--summary']);
      expect(calc.err, period).toBe('');
      expect(calc.code, period).toBe(0);
    }
  });

  it.each<[string, string[], RegExp]>([
    ['a date that is not one', ['--today', '2026-02-30'], /--today must be a date YYYY-MM-DD/],
    ['--out with --data', ['--data', 'x'], /give --out or --data, not both/],
  ])('rejects %s', async (_, extra, message) => {
    const result = await run(['demo', '--out', fresh('ws'), ...extra]);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toMatch(message);
  });
});

describe('prestasi demo into a database', () => {
  it('loads once into PGlite; a second run changes nothing', async () => {
    const data = fresh('data');
    const first = await run(['demo', '--data', data, '--today', '2026-05-20']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/created the demo organisation: 40 payees, 3 plans, \d+ transactions from 2025-05-01 to 2026-04-30 \(manager@demo\.prestasi\.my is payee meiling\.tan, rep@demo\.prestasi\.my is payee aisyah\.hassan\)\n/);
    // The demo's users come with it; the random password is printed this once.
    expect(first.out).toMatch(/demo users admin@demo\.prestasi\.my, finance@demo\.prestasi\.my, manager@demo\.prestasi\.my, rep@demo\.prestasi\.my sign in with the password [A-Za-z0-9]{20} \(shown this once/);

    const exported = fresh('export');
    expect((await run(['export', exported, '--data', data])).code).toBe(0);
    const second = await run(['demo', '--data', data]);
    expect(second.out).toMatch(/the demo organisation is already loaded \(import batch 1\): nothing changed\n$/);
    expect(second.out).not.toMatch(/sign in with/);
    const again = fresh('export');
    expect((await run(['export', again, '--data', data])).code).toBe(0);
    for (const file of readdirSync(exported)) expect(readdirSync(again)).toContain(file);
  });

  it('refuses a database holding another organisation (exit 2)', async () => {
    const data = fresh('data');
    expect((await run(['import', EXAMPLE, '--data', data])).code).toBe(0);
    const result = await run(['demo', '--data', data]);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toMatch(/already holds an organisation/);
  });

  it('loads into PostgreSQL at DATABASE_URL', async () => {
    const db = await openTestDatabase('postgres');
    const saved = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = db.url!;
    try {
      expect((await run(['demo'])).out).toMatch(/^PostgreSQL at .*: created the demo organisation: 40 payees/);
      expect(await db.db.selectFrom('payees').select('id').execute()).toHaveLength(40);
    } finally {
      if (saved === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = saved;
      await db.close();
    }
  });
});

/** Runs the built command until it listens, then stops it with SIGTERM; resolves with what it printed. */
async function serveOnce(data: string, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/listening on \S+/.test(out)) resolve();
    });
    void exited.then(() => reject(new Error(`serve exited early: ${err}`)));
  });
  child.kill('SIGTERM');
  expect({ code: await exited, err, out }).toEqual({ code: 0, err: '', out });
  return out;
}

/** The payees the server left in its PGlite folder, read straight from it. */
async function payeesIn(data: string): Promise<number> {
  const conn = await connect({ dataDir: data });
  try {
    return (await conn.db.selectFrom('payees').select('id').execute()).length;
  } finally {
    await conn.close();
  }
}

describe('prestasi serve on an empty database', () => {
  it('creates the demo on the first start only, saying so in one line', async () => {
    const data = fresh('data');
    const first = await serveOnce(data, { PRESTASI_DEMO_PASSWORD: 'demo-command-test' });
    expect(first.split('\n').filter((line) => line.includes('demo organisation'))).toEqual([
      expect.stringMatching(/^prestasi: first start on an empty database: created the demo organisation: 40 payees, .*; set PRESTASI_NO_DEMO=1 to start empty$/),
    ]);
    expect(await payeesIn(data)).toBe(40);
    expect(await serveOnce(data, { PRESTASI_DEMO_PASSWORD: 'demo-command-test' })).not.toMatch(/demo organisation/);
    expect(await payeesIn(data)).toBe(40);
  });

  it('starts empty with PRESTASI_NO_DEMO=1', async () => {
    const data = fresh('data');
    expect(await serveOnce(data, { PRESTASI_NO_DEMO: '1' })).not.toMatch(/demo organisation/);
    expect(await payeesIn(data)).toBe(0);
  });
});
