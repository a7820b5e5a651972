import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calcFromFiles, readWorkspaceFolder } from '@prestasi/workspace';
import { describe, expect, it } from 'vitest';
import { run, scratchPaths } from './test-support/run.js';
import { openTestDatabase } from '../../db/src/test-support/databases.js';
import { databaseOptions, describeDatabase } from './database.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/malaysia-2026/', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/prestasi.cjs', import.meta.url));
const fresh = scratchPaths('prestasi-cli-db-');


describe('databaseOptions', () => {
  it.each<[string, string | undefined, Record<string, string>, ReturnType<typeof databaseOptions>]>([
    ['--data wins over everything', 'x', { DATABASE_URL: 'postgres://h/db', PRESTASI_DATA: 'y' }, { dataDir: 'x' }],
    ['DATABASE_URL', undefined, { DATABASE_URL: 'postgres://h/db', PRESTASI_DATA: 'y' }, { url: 'postgres://h/db' }],
    ['PRESTASI_DATA', undefined, { PRESTASI_DATA: 'y' }, { dataDir: 'y' }],
    ['./data by default', undefined, {}, { dataDir: './data' }],
    ['an empty DATABASE_URL is no URL', undefined, { DATABASE_URL: '' }, { dataDir: './data' }],
  ])('%s', (_, data, env, expected) => {
    expect(databaseOptions(data, env)).toEqual(expected);
  });

  it('never prints a password', () => {
    expect(describeDatabase({ url: 'postgres://me:secret@db.example:5432/prestasi' })).toBe('PostgreSQL at db.example:5432/prestasi');
  });
});

describe('prestasi migrate, import, export on PGlite in a folder', () => {
  it('migrates once, then finds the schema up to date', async () => {
    const data = fresh('data');
    const first = await run(['migrate', '--data', data]);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^PGlite in .*: applied 0001_initial\.sql/);
    expect((await run(['migrate', '--data', data])).out).toMatch(/up to date\n$/);
  });

  it('imports a workspace and exports one that computes the same', async () => {
    const data = fresh('data');
    const dry = await run(['import', EXAMPLE, '--dry-run', '--data', data]);
    expect(dry).toMatchObject({ code: 0, err: '' });
    expect(dry.out).toMatch(/^dry run, nothing written: would change payees 12, payee_managers 11, plans 3, plan_versions 3, assignments 13, quotas 43, fx_rates 8, transactions 254, /);
    const imported = await run(['import', EXAMPLE, '--data', data]);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^imported as batch 1: payees 12, payee_managers 11, plans 3, plan_versions 3, assignments 13, quotas 43, fx_rates 8, transactions 254, /);
    expect((await run(['import', EXAMPLE, '--data', data])).out).toBe('imported as batch 2: nothing changed\n');
    expect((await run(['import', EXAMPLE, '--data', data, '--dry-run'])).out).toBe('dry run, nothing written: nothing would change\n');
    const out = fresh('export');
    expect(await run(['export', out, '--data', data])).toMatchObject({ code: 0, out: `exported 10 files to ${out}\n` });
    expect(readFileSync(join(out, 'plans/sdr.json'))).toEqual(readFileSync(join(EXAMPLE, 'plans/sdr.json')));
    const calc = (dir: string) => {
      const outcome = calcFromFiles(readWorkspaceFolder(dir), { period: '2026-Q1' });
      return outcome.ok ? JSON.stringify(outcome.output) : outcome.problems;
    };
    expect(calc(out)).toBe(calc(EXAMPLE));
  });

  it.each<[string, () => string[], number, RegExp]>([
    [
      'an invalid workspace, with every problem as FILE:LINE',
      () => {
        const ws = fresh('ws');
        cpSync(EXAMPLE, ws, { recursive: true });
        writeFileSync(join(ws, 'assignments.csv'), 'payee,plan,from\nnobody,ae,2026-01-01\n');
        rmSync(join(ws, 'adjustments.csv'));
        return ['import', ws];
      },
      2,
      /^prestasi: the workspace has 1 problem\(s\)\nassignments\.csv:2: payee "nobody" is not in payees\.csv\n$/,
    ],
    ['a folder that is not there', () => ['import', fresh('missing')], 2, /not a workspace folder/],
    [
      'an export into a folder holding files',
      () => {
        const dir = fresh('full');
        mkdirSync(dir);
        writeFileSync(join(dir, 'keep.txt'), 'x');
        return ['export', dir];
      },
      2,
      /is not empty/,
    ],
    ['import without a folder', () => ['import'], 2, /expected one WORKSPACE folder/],
    ['migrate with an argument', () => ['migrate', 'x'], 2, /migrate takes no arguments/],
    ['serve with a bad port', () => ['serve', '--port', 'http'], 2, /--port must be a port number/],
  ])('rejects %s', async (_, args, code, message) => {
    const result = await run([...args(), '--data', fresh('data')]);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });
});

describe('prestasi migrate and import on PostgreSQL (DATABASE_URL)', () => {
  it('works on the database the URL names', async () => {
    const db = await openTestDatabase('postgres');
    const saved = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = db.url!;
    try {
      expect((await run(['migrate'])).out).toMatch(/^PostgreSQL at .*: applied 0001_initial\.sql/);
      expect((await run(['import', EXAMPLE])).code).toBe(0);
      expect(await db.db.selectFrom('payees').select('id').execute()).toHaveLength(12);
    } finally {
      if (saved === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = saved;
      await db.close();
    }
  });
});

describe('prestasi serve (the built command, in its own process)', () => {
  it('answers on the port it prints and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', fresh('data')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`serve exited early: ${err}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM, stopping\n$/);
    expect(err).toBe('');
  });
});
