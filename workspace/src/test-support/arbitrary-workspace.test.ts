import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  BREAKAGES,
  arbitraryBrokenWorkspaceCase,
  arbitraryPeriodFor,
  arbitraryWorkspace,
  arbitraryWorkspaceCase,
  shuffleCsvRows,
  shuffleWorkspaceRows,
  writeCsv,
} from './arbitrary-workspace.js';
import type { WorkspaceCase } from './arbitrary-workspace.js';
import { parseCsv } from './reference/csv.js';
import { referenceCalc } from './reference/index.js';
import type { CalcOptions } from './reference/index.js';

function optionsOf(c: WorkspaceCase): CalcOptions {
  return c.payee === undefined ? { period: c.period, summary: c.summary } : { period: c.period, payee: c.payee, summary: c.summary };
}

describe('CSV helpers', () => {
  test('writeCsv quotes per RFC 4180 and reads back', () => {
    const text = writeCsv(['a', 'b,c', 'd'], [{ a: 'x, y', 'b,c': 'say "hi"', d: 'line\nbreak' }, { a: '', 'b,c': 'plain', d: '' }], {
      crlf: true,
      bom: true,
    });
    expect(text).toBe('\uFEFFa,"b,c",d\r\n"x, y","say ""hi""","line\nbreak"\r\n,plain,\r\n');
    const parsed = parseCsv('t.csv', text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.table.header).toEqual(['a', 'b,c', 'd']);
    expect(parsed.table.rows.map((r) => Object.fromEntries(r.cells))).toEqual([
      { a: 'x, y', 'b,c': 'say "hi"', d: 'line\nbreak' },
      { 'b,c': 'plain' },
    ]);
    expect(parsed.table.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  test('shuffleCsvRows keeps the header and permutes whole records', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 12 }),
        fc.integer(),
        fc.boolean(),
        (rows, seed, crlf) => {
          const text = writeCsv(['k', 'v'], rows.map(([k, v]) => ({ k, v })), { crlf, bom: false });
          const shuffled = shuffleCsvRows(text, seed);
          const a = parseCsv('a.csv', text);
          const b = parseCsv('b.csv', shuffled);
          expect(a.ok && b.ok).toBe(true);
          if (!a.ok || !b.ok) return;
          expect(b.table.header).toEqual(a.table.header);
          const key = (r: { cells: ReadonlyMap<string, string> }): string => JSON.stringify([...r.cells]);
          expect(b.table.rows.map(key).sort()).toEqual(a.table.rows.map(key).sort());
          expect(shuffleCsvRows(text, seed)).toBe(shuffled);
        },
      ),
      { seed: 1, numRuns: 200 },
    );
  });
});

describe('generated workspaces and the reference', () => {
  test('referenceCalc never throws and accepts every generated workspace', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase(), (c) => {
        const out = referenceCalc(c.files, optionsOf(c));
        if (!out.ok) throw new Error(`generated workspace rejected: ${out.problems.join('; ')}`);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  test('... also with the clawback focus', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase({ clawbackFocus: true }), (c) => {
        const out = referenceCalc(c.files, optionsOf(c));
        if (!out.ok) throw new Error(`generated workspace rejected: ${out.problems.join('; ')}`);
      }),
      { seed: 1, numRuns: 100 },
    );
  });

  test('the reference rejects every broken workspace', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(arbitraryBrokenWorkspaceCase(), (c) => {
        kinds.add(c.breakage);
        const out = referenceCalc(c.files, optionsOf(c));
        if (out.ok) throw new Error(`accepted a workspace with: ${c.breakage}`);
      }),
      { seed: 6, numRuns: 300 },
    );
    expect([...kinds].sort()).toEqual([...BREAKAGES].sort());
  });

  test('arbitraryPeriodFor gives periods the reference accepts', () => {
    fc.assert(
      fc.property(
        arbitraryWorkspace().chain((files) => arbitraryPeriodFor(files).map((period) => ({ files, period }))),
        ({ files, period }) => {
          expect(referenceCalc(files, { period }).ok).toBe(true);
        },
      ),
      { seed: 2, numRuns: 100 },
    );
  });

  test('the reference output does not depend on CSV row order (adjustments.csv kept, listed in file order)', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase(), fc.integer(), (c, seed) => {
        const a = referenceCalc(c.files, optionsOf(c));
        const b = referenceCalc(shuffleWorkspaceRows(c.files, seed, { except: ['adjustments.csv'] }), optionsOf(c));
        expect(b).toEqual(a);
      }),
      { seed: 3, numRuns: 150 },
    );
  });

  test('the generators exercise every rule of the reference', () => {
    const seen = new Map<string, number>();
    const hit = (k: string): void => {
      seen.set(k, (seen.get(k) ?? 0) + 1);
    };
    const cases = [
      ...fc.sample(arbitraryWorkspaceCase(), { seed: 4, numRuns: 300 }),
      ...fc.sample(arbitraryWorkspaceCase({ clawbackFocus: true }), { seed: 5, numRuns: 100 }),
    ];
    for (const c of cases) {
      const all = [...c.files.values()].join('\n');
      if (/"components"/.test(all)) hit('json plan');
      if (/KWD/.test(all)) hit('KWD');
      if (/formula/.test(all)) hit('formula');
      if (/scope["]?: ["]?team/.test(all)) hit('team scope');
      referenceCalc(c.files, { period: c.period }, hit);
    }
    const summary = Object.fromEntries([...seen].sort());
    for (const k of [
      'json plan', 'KWD', 'formula', 'team scope',
      'adjustment', 'bonus step reached', 'cancelled in the same period, left out', 'cancelled later, still counted',
      'cap scales lines', 'clawback converted at cancel_date', 'clawback, another plan', 'clawback, same plan',
      'exact-period quota', 'fiscal-year quota / 12', 'fiscal-year quota / 4', 'fx conversion', 'graduated tiers',
      'graduated, negative total', 'non-recoverable draw tops up', 'one result over several assignments', 'proration',
      'recoverable draw, balance carried', 'recoverable draw, recovered', 'remainder hand-out +', 'remainder hand-out -',
      'retroactive tiers', 'retroactive, negative measure', 'spiff per deal', 'spiff per unit', 'team line merges credits',
      'unapplied',
    ]) {
      expect(summary, k).toHaveProperty([k]);
    }
  });
});
