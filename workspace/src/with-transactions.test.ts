import { fileURLToPath } from 'node:url';
import { calculate } from '@prestasi/engine';
import { describe, expect, it } from 'vitest';
import { readWorkspaceFolder } from './files.js';
import { loadWorkspace, withTransactions } from './load.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/malaysia-2026/', import.meta.url));
const encoder = new TextEncoder();

describe('withTransactions', () => {
  const files = readWorkspaceFolder(EXAMPLE);
  const all = new TextDecoder().decode(files.get('transactions.csv')!).split('\n');
  const header = all[0]!;
  const loaded = (rows: readonly string[]) => encoder.encode(`${header}\n${rows.join('\n')}\n`);
  const base = loadWorkspace(new Map([...files, ['transactions.csv', loaded([])]]));
  if (!base.ok) throw new Error('the example does not load');

  it.each([
    ['every deal', all.slice(1).filter((l) => l !== '')],
    ['some deals', all.slice(1).filter((l, i) => l !== '' && i % 3 === 0)],
    ['none', []],
  ])('gives what loading the whole workspace with those deals gives: %s', (_, rows) => {
    const whole = loadWorkspace(new Map([...files, ['transactions.csv', loaded(rows)]]));
    const swapped = withTransactions(base.workspace, loaded(rows));
    if (!whole.ok || !swapped.ok) throw new Error('does not load');
    expect(swapped.workspace.input.transactions.length).toBe(rows.length);
    for (const period of ['2026-Q1', '2026']) expect(calculate(swapped.workspace.input, { period })).toEqual(calculate(whole.workspace.input, { period }));
  });

  it('reports a bad row with the messages and lines of transactions.csv', () => {
    const swapped = withTransactions(base.workspace, loaded(['X-1,2026-02-30,10,MYR,aisyah,,,new,CORE,,,,,']));
    expect(swapped.ok).toBe(false);
    if (!swapped.ok) expect(swapped.problems.map((p) => [p.file, p.line])).toEqual([['transactions.csv', 2]]);
  });
});
