import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from './load.js';
import { workspaceFiles } from './test-support/files.js';
import { parseTree } from './yaml-tree.js';

describe('parseTree', () => {
  it('keeps plain scalars as written and quoted ones as their value', () => {
    const tree = parseTree('a: 1.0\nb: [0.029, "x", yes]\nc: { to: 1e3 }\nd:\n');
    expect(tree.ok).toBe(true);
    if (!tree.ok || tree.root?.kind !== 'map') throw new Error('expected a map');
    const a = tree.root.entries.get('a')!.value;
    expect(a).toMatchObject({ kind: 'scalar', text: '1.0', line: 1 });
    const b = tree.root.entries.get('b')!.value;
    expect(b.kind === 'seq' && b.items.map((i) => i.kind === 'scalar' && [i.text, i.quoted])).toEqual([
      ['0.029', false],
      ['x', true],
      ['yes', false],
    ]);
    expect(tree.root.entries.get('d')!.value).toMatchObject({ kind: 'scalar', text: '', value: null, line: 4 });
  });

  it.each([
    ['a duplicate key', 'a: 1\na: 2\n', 2],
    ['an alias', 'a: &x 1\nb: *x\n', 2],
    ['a bad indent', 'a:\n  b: 1\n c: 2\n', 3],
  ])('reports %s with its line', (_name, text, line) => {
    const tree = parseTree(text);
    expect(tree.ok).toBe(false);
    if (!tree.ok) expect(tree.errors[0]!.line).toBe(line);
  });
});

describe('fuzz: the YAML reader and the plan loader never throw', () => {
  const fragments = ['id: ae', 'period: quarter', 'measures:', '  m: { sum: amount }', 'components:', '  - { id: c, type: commission, measure: m, rate: 0.1 }', '[', ']', '{', '}', ':', '- ', '"', "'", '&a', '*a', '!!binary', '\t', '#', '---', '...', '%YAML 1.2', 'tiers: [{ to: 1, rate: 0.1 }, { rate: 0.2 }]', 'draw: { amount: 1, recoverable: true }', 'clawback: { window_days: 9 }', 'formula: "if(m > 1, m, 0)"', 'where: { type: [a, 1.0] }'];
  const yamlish = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 20 })), { maxLength: 30 }).map((parts) => parts.join('\n'));

  it('parseTree returns a tree or errors for any text', () => {
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))), (text) => {
        const tree = parseTree(text);
        expect(typeof tree.ok).toBe('boolean');
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('loadWorkspace reports problems for any plan text instead of throwing', () => {
    const base = {
      'payees.csv': 'id,name\na,A\n',
      'assignments.csv': 'payee,plan,from\na,ae,2026-01-01\n',
      'transactions.csv': 'id,date,amount,owner,type\nt1,2026-01-01,1,a,new\n',
    };
    fc.assert(
      fc.property(yamlish, (plan) => {
        const outcome = loadWorkspace(workspaceFiles({ ...base, 'plans/ae.yaml': plan }));
        if (!outcome.ok) expect(outcome.problems.length).toBeGreaterThan(0);
      }),
      { seed: 12, numRuns: 2000 },
    );
  });
});
