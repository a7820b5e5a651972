import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CalcFilesOptions, calcLoaded, streamLoaded } from './calc.js';
import { readWorkspaceFolder } from './files.js';
import { loadWorkspace } from './load.js';
import { formatProblem } from './problems.js';
import { csv, FLAT_RATE_PLAN, workspaceFiles } from './test-support/files.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/malaysia-2026');

function loaded(files: Parameters<typeof loadWorkspace>[0]) {
  const outcome = loadWorkspace(files);
  if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
  return outcome.workspace;
}

// `prestasi calc` prints results as they are computed (a result's lines only as it is taken);
// what it prints must be what the whole run at once gives, and no problem may come after a result.
describe('results computed as they are taken', () => {
  const example = loaded(readWorkspaceFolder(EXAMPLE));

  it.each<[string, CalcFilesOptions]>([
    ['a quarter with lines', { period: '2026-Q1' }],
    ['a quarter explained', { period: '2026-Q1', explain: true }],
    ['a year explained (draws carried, clawbacks across quarters)', { period: '2026', explain: true }],
    ['a month, summary', { period: '2026-03', summary: true }],
    ['one payee', { period: '2026-Q1', payee: 'aisyah', explain: true }],
  ])('give, taken one at a time, what the run gives at once: %s', (_, options) => {
    const whole = calcLoaded(example, options);
    const streamed = streamLoaded(example, options);
    if (!whole.ok || !streamed.ok) throw new Error('the example computes');
    const taken = [...streamed.result.results];
    expect(taken.length).toBe(streamed.result.count);
    expect(taken).toEqual(whole.result.results);
    expect(streamed.result.unapplied).toEqual(whole.result.unapplied);
    expect(taken.some((r) => r.components.some((c) => c.lines !== undefined))).toBe(options.summary !== true);
  });

  it('are handed over once', () => {
    const streamed = streamLoaded(example, { period: '2026-Q1' });
    if (!streamed.ok) throw new Error('the example computes');
    expect([...streamed.result.results].length).toBeGreaterThan(0);
    expect([...streamed.result.results]).toEqual([]);
  });

  it('come only when every result computes: a formula failing on the last payee fails the run before the first', () => {
    const plan = `${FLAT_RATE_PLAN}  - { id: ratio, type: formula, formula: "bookings / (bookings - 100)" }\n`;
    const files = workspaceFiles({
      'payees.csv': csv('id,name', 'a,Aisyah', 'z,Zainal'),
      'assignments.csv': csv('payee,plan,from', 'a,ae,2026-01-01', 'z,ae,2026-01-01'),
      'plans/ae.yaml': plan,
      'transactions.csv': csv('id,date,amount,owner', 't-1,2026-01-10,500,a', 't-2,2026-01-11,100,z'),
    });
    const outcome = streamLoaded(loaded(files), { period: '2026-Q1', explain: true });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map(formatProblem)).toEqual(['plans/ae.yaml:9: component ratio, payee z, period 2026-Q1: division by zero']);
  });
});
