import { describe, expect, it } from 'vitest';
import { loadWorkspace } from './load.js';
import { formatProblem } from './problems.js';
import { csv, FLAT_RATE_PLAN, workspaceFiles } from './test-support/files.js';

/** Each file's ids, one deal per id, all of payee `a` on one day. */
function workspace(files: Readonly<Record<string, readonly string[]>>) {
  const transactionFiles = Object.fromEntries(
    Object.entries(files).map(([path, ids]) => [path, csv('id,date,amount,owner', ...ids.map((id) => `${id},2026-01-10,100,a`))]),
  );
  return workspaceFiles({
    'payees.csv': csv('id,name', 'a,Aisyah'),
    'assignments.csv': csv('payee,plan,from', 'a,ae,2026-01-01'),
    'plans/ae.yaml': FLAT_RATE_PLAN,
    ...transactionFiles,
  });
}

function problemsOf(files: Readonly<Record<string, readonly string[]>>): string[] {
  const loaded = loadWorkspace(workspace(files));
  return loaded.ok ? [] : loaded.problems.map(formatProblem);
}

// Ids that ascend in every file and follow on from file to file are known distinct at once; any
// other layout is checked id by id. Either way the answer must be the one a set of every id gives.
describe('an id is unique across transactions.csv and transactions/*.csv', () => {
  it.each<[string, Record<string, string[]>, string[]]>([
    ['ascending files one after the other', { 'transactions.csv': ['t1', 't2'], 'transactions/b.csv': ['t3', 't4'] }, []],
    ['ascending files that interleave', { 'transactions.csv': ['t1', 't3'], 'transactions/b.csv': ['t2', 't4'] }, []],
    ['files in no order', { 'transactions.csv': ['t9', 't1'], 'transactions/b.csv': ['t5', 't2'], 'transactions/c.csv': ['t0'] }, []],
    ['ids of different lengths', { 'transactions.csv': ['t10', 't2'], 'transactions/b.csv': ['t1', 't100', 't20'] }, []],
    ['an empty file between two', { 'transactions.csv': ['t1'], 'transactions/a.csv': [], 'transactions/b.csv': ['t2'] }, []],
    [
      'the last id of one file first in the next',
      { 'transactions.csv': ['t1', 't2', 't3'], 'transactions/b.csv': ['t3', 't4'] },
      ['transactions/b.csv:2: duplicate transaction id "t3" (first in transactions.csv on line 4)'],
    ],
    [
      'a repeat among files in no order',
      { 'transactions.csv': ['t9', 't1'], 'transactions/b.csv': ['t5', 't2'], 'transactions/c.csv': ['t0', 't5'] },
      ['transactions/c.csv:3: duplicate transaction id "t5" (first in transactions/b.csv on line 2)'],
    ],
    [
      'a repeat past an empty file',
      { 'transactions.csv': ['t1', 't2'], 'transactions/a.csv': [], 'transactions/b.csv': ['t2', 't3'] },
      ['transactions/b.csv:2: duplicate transaction id "t2" (first in transactions.csv on line 3)'],
    ],
    [
      'an id quoted in one file and not in another',
      { 'transactions.csv': ['t1', 't2'], 'transactions/b.csv': ['"t2"'] },
      ['transactions/b.csv:2: duplicate transaction id "t2" (first in transactions.csv on line 3)'],
    ],
    ['different ids with doubled quotes', { 'transactions.csv': ['"a""1"'], 'transactions/b.csv': ['"a""2"'] }, []],
    [
      'the same id with doubled quotes',
      { 'transactions.csv': ['"a""1"', 't1'], 'transactions/b.csv': ['t0', '"a""1"'] },
      ['transactions/b.csv:3: duplicate transaction id "a"1" (first in transactions.csv on line 2)'],
    ],
  ])('%s', (_, files, expected) => {
    expect(problemsOf(files)).toEqual(expected);
  });

  it('finds the one repeat among 20,000 ids in two shuffled files', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `d-${(i * 7919) % 20_000}`);
    const first = ids.slice(0, 10_000);
    const second = [...ids.slice(10_000), first[4321]!];
    expect(problemsOf({ 'transactions.csv': first, 'transactions/b.csv': second })).toEqual([
      `transactions/b.csv:10002: duplicate transaction id "${first[4321]}" (first in transactions.csv on line 4323)`,
    ]);
    expect(problemsOf({ 'transactions.csv': first, 'transactions/b.csv': second.slice(0, -1) })).toEqual([]);
  });
});

describe('the rows of several files as one table', () => {
  it('keeps a column no file has as its default, and the rows in file order', () => {
    const loaded = loadWorkspace(workspace({ 'transactions.csv': ['t2', 't1'], 'transactions/b.csv': ['t0'] }));
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const table = loaded.workspace.input.transactions;
    expect([0, 1, 2].map((row) => table.id.get(row))).toEqual(['t2', 't1', 't0']);
    expect([...table.quantity.mantissa]).toEqual([1, 1, 1]);
    expect([...table.margin.mantissa]).toEqual([0, 0, 0]);
  });
});
