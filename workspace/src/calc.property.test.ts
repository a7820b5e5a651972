// Property: the engine's `calc` agrees with the independent reference implementation
// (workspace/src/test-support/reference) on random valid workspaces.

import { writeCalcOutputJson } from '@prestasi/engine';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { calcFromFiles } from './index.js';
import {
  arbitraryBrokenWorkspaceCase,
  arbitraryWorkspaceCase,
  shuffleWorkspaceRows,
  splitTransactionsFile,
} from './test-support/arbitrary-workspace.js';
import type { WorkspaceCase } from './test-support/arbitrary-workspace.js';
import { referenceCalc } from './test-support/reference/index.js';
import type { CalcOptions } from './test-support/reference/index.js';

const encoder = new TextEncoder();

/** CI runs thousands; `PRESTASI_PROPERTY_RUNS` scales every property up or down. */
const SCALE = Number(process.env['PRESTASI_PROPERTY_RUNS'] ?? '1000') / 1000;
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));

function asBytes(files: ReadonlyMap<string, string>): Map<string, Uint8Array> {
  return new Map([...files].map(([path, text]) => [path, encoder.encode(text)]));
}

function optionsOf(c: WorkspaceCase): CalcOptions {
  return c.payee === undefined ? { period: c.period, summary: c.summary } : { period: c.period, payee: c.payee, summary: c.summary };
}

function compare(files: ReadonlyMap<string, string>, options: CalcOptions): void {
  const expected = referenceCalc(files, options);
  const actual = calcFromFiles(asBytes(files), options);
  if (!expected.ok) throw new Error(`the reference rejected a generated workspace: ${expected.problems.join('; ')}`);
  if (!actual.ok) {
    throw new Error(`the engine rejected a workspace the reference accepts: ${JSON.stringify(actual.problems)}`);
  }
  expect(JSON.parse(JSON.stringify(actual.output))).toEqual(expected.output);
  let text = '';
  writeCalcOutputJson(actual.result, actual.outputOptions, (piece) => (text += piece));
  expect(text).toBe(`${JSON.stringify(actual.output, null, 2)}\n`);
}

describe('calc agrees with the reference implementation', () => {
  test('on random valid workspaces', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase(), (c) => compare(c.files, optionsOf(c))),
      { seed: 1, numRuns: runs(2000) },
    );
  });

  test('on workspaces biased towards clawbacks (other plans, unapplied)', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase({ clawbackFocus: true }), (c) => compare(c.files, optionsOf(c))),
      { seed: 3, numRuns: runs(1000) },
    );
  });

  test('both reject broken workspaces', () => {
    fc.assert(
      fc.property(arbitraryBrokenWorkspaceCase(), (c) => {
        const expected = referenceCalc(c.files, optionsOf(c));
        const actual = calcFromFiles(asBytes(c.files), optionsOf(c));
        expect({ breakage: c.breakage, reference: expected.ok, engine: actual.ok }).toEqual({
          breakage: c.breakage,
          reference: false,
          engine: false,
        });
      }),
      { seed: 4, numRuns: runs(500) },
    );
  });

  test('with the CSV rows shuffled (adjustments.csv kept: its rows are listed in file order)', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase(), fc.integer(), (c, seed) =>
        compare(shuffleWorkspaceRows(c.files, seed, { except: ['adjustments.csv'] }), optionsOf(c)),
      ),
      { seed: 2, numRuns: runs(500) },
    );
  });
});

describe('transactions split over transactions.csv and transactions/*.csv', () => {
  test('give byte-identical output to the same rows in one file', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase(), fc.double({ min: 0, max: 1, noNaN: true }), fc.stringMatching(/^[a-z0-9-]{1,12}$/), (c, cut, name) => {
        const whole = calcFromFiles(asBytes(c.files), optionsOf(c));
        const split = calcFromFiles(asBytes(splitTransactionsFile(c.files, cut, name)), optionsOf(c));
        expect(split.ok).toBe(true);
        expect(whole.ok).toBe(true);
        if (!whole.ok || !split.ok) return;
        expect(JSON.stringify(split.output)).toBe(JSON.stringify(whole.output));
      }),
      { seed: 5, numRuns: runs(500) },
    );
  });
});
