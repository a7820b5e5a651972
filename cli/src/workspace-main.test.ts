import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, scratchPaths } from './test-support/run.js';

const BIN = fileURLToPath(new URL('../bin/prestasi.cjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/malaysia-2026', import.meta.url));
const scratch = scratchPaths('prestasi-workspace-main-');

/** A workspace with a problem in three files, for the invalid-input case. */
function brokenWorkspace(): string {
  const dir = scratch('broken');
  mkdirSync(join(dir, 'plans'), { recursive: true });
  writeFileSync(join(dir, 'payees.csv'), 'id,name\na,Aisyah\na,Again\n');
  writeFileSync(join(dir, 'assignments.csv'), 'payee,plan,from\na,nope,2026-01-01\n');
  writeFileSync(join(dir, 'transactions.csv'), 'id,date,amount,owner\nt1,2026-02-30,1,a\n');
  writeFileSync(join(dir, 'plans/ae.yaml'), 'id: ae\nname: AE\nperiod: quarter\nmeasures: {}\ncomponents: []\n');
  return dir;
}

describe('bin/prestasi.cjs runs calc, check and diff from the bundle exactly as main runs them from the modules', () => {
  it.each([
    ['calc, full', ['calc', EXAMPLE, '--period', '2026-Q1']],
    ['calc, a year with explanations', ['calc', EXAMPLE, '--period', '2026', '--explain']],
    ['calc, summary as CSV', ['calc', EXAMPLE, '--period', '2026-03', '--summary', '--format', 'csv']],
    ['check', ['check', EXAMPLE]],
    ['diff', ['diff', EXAMPLE, EXAMPLE, '--period', '2026-Q1']],
    ['diff as JSON', ['diff', EXAMPLE, EXAMPLE, '--period', '2026', '--format', 'json']],
    ['check, no such folder', ['check', join(EXAMPLE, 'missing')]],
    ['calc without a period', ['calc', EXAMPLE]],
    ['calc, an unknown period', ['calc', EXAMPLE, '--period', '2026-Q5']],
    ['calc, an unknown option', ['calc', EXAMPLE, '--period', '2026-Q1', '--fast']],
  ])('%s', async (_name, args) => {
    const child = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const inProcess = await run(args);
    expect({ code: child.status, out: child.stdout, err: child.stderr }).toEqual(inProcess);
  });

  it('an invalid workspace: exit 2 and the same problems', async () => {
    const dir = brokenWorkspace();
    for (const args of [['check', dir], ['calc', dir, '--period', '2026-Q1']]) {
      const child = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      const inProcess = await run(args);
      expect(child.status).toBe(2);
      expect(child.stdout).toBe('');
      expect(child.stderr).toMatch(/^payees\.csv:3: /m);
      expect({ code: child.status, out: child.stdout, err: child.stderr }).toEqual(inProcess);
    }
  });

  it('PRESTASI_TIMINGS=1 adds where the time went on stderr and changes nothing else', () => {
    const args = [BIN, 'calc', EXAMPLE, '--period', '2026-Q1', '--summary'];
    const plain = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const timed = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, PRESTASI_TIMINGS: '1' } });
    expect(timed.status).toBe(0);
    expect(timed.stdout).toBe(plain.stdout);
    expect(timed.stderr).toMatch(/^prestasi: timings \(ms\): start \d+, load \d+, calc \d+, output \d+\nprestasi: peak RSS \(KiB\): [1-9]\d*\n$/);
  });
});
