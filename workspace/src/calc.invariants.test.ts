// Invariants every calculation must keep, checked on random valid workspaces: lines add up to
// `earned`, caps hold, and the payout is exactly its parts.

import { type PayeeResult, Rational } from '@prestasi/engine';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { calcFromFiles } from './calc.js';
import { loadWorkspace } from './load.js';
import { arbitraryWorkspaceCase } from './test-support/arbitrary-workspace.js';

const SCALE = Number(process.env['PRESTASI_PROPERTY_RUNS'] ?? '1000') / 1000;
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));
const encoder = new TextEncoder();

function compute(files: ReadonlyMap<string, string>, period: string) {
  const bytes = new Map([...files].map(([p, t]) => [p, encoder.encode(t)]));
  const loaded = loadWorkspace(bytes);
  if (!loaded.ok) throw new Error(`generated workspace rejected: ${JSON.stringify(loaded.problems)}`);
  const outcome = calcFromFiles(bytes, { period });
  if (!outcome.ok) throw new Error(`calc failed: ${JSON.stringify(outcome.problems)}`);
  const caps = new Map<string, Rational | undefined>();
  for (const plan of loaded.workspace.input.plans) {
    for (const c of plan.components) caps.set(`${plan.id}/${c.id}`, c.cap);
  }
  return { results: outcome.result.results, caps, rounding: loaded.workspace.input.settings.rounding };
}

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe('calculation invariants', () => {
  test('lines add up to earned, caps hold, and the payout is exactly its parts', () => {
    fc.assert(
      fc.property(arbitraryWorkspaceCase(), (c) => {
        const { results, caps, rounding } = compute(c.files, c.period);
        for (const r of results) checkResult(r, caps, rounding);
      }),
      { seed: 21, numRuns: runs(1000) },
    );
  });
});

function checkResult(r: PayeeResult, caps: Map<string, Rational | undefined>, rounding: 'half_up' | 'half_even'): void {
  for (const c of r.components) {
    const where = `${r.payee}/${r.plan}/${r.period}/${c.id}`;
    expect(sum((c.lines ?? []).map((l) => l.amount)), `${where}: lines sum`).toBe(c.earned);
    const cap = caps.get(`${r.plan}/${c.id}`);
    if (cap !== undefined) {
      const capUnits = cap.roundToScale(r.minorUnits, rounding);
      expect(c.earned <= capUnits, `${where}: earned ${c.earned} within cap ${capUnits}`).toBe(true);
      if (c.uncapped <= capUnits) expect(c.earned, `${where}: below the cap nothing changes`).toBe(c.uncapped);
    } else {
      expect(c.earned, `${where}: no cap, earned is uncapped`).toBe(c.uncapped);
    }
  }
  const beforeDraw = sum(r.components.map((c) => c.earned)) + sum(r.clawbacks.map((c) => c.amount)) + sum(r.adjustments.map((a) => a.amount));
  expect(r.payout, `${r.payee}/${r.plan}/${r.period}: payout`).toBe(beforeDraw + r.draw.paid - r.draw.recovered);
  expect(r.draw.paid >= 0n && r.draw.recovered >= 0n && r.draw.balance >= 0n).toBe(true);
}
