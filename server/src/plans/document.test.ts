import { parseTree } from '@prestasi/workspace';
import { expect, it } from 'vitest';
import { type PlanValue, planText } from '@prestasi/workspace';
import { fieldPathOf, planObject } from './document.js';

const tree = (text: string) => {
  const t = parseTree(text);
  if (!t.ok || !t.root) throw new Error(`does not parse: ${JSON.stringify(t)}\n${text}`);
  return t.root;
};

const PLAN: PlanValue = {
  id: 'ae',
  name: 'Account Executive: Q1 #1',
  period: 'quarter',
  measures: { bookings: { sum: 'amount', where: { type: ['new', 'upsell'], 'odd key': '007' } }, meetings: { count: true } },
  components: [
    { id: 'commission', type: 'commission', measure: 'bookings', tiers: [{ to: '0.5', rate: '0.02' }, { rate: '0.10' }] },
    { id: 'kicker', type: 'formula', formula: 'if(attainment("bookings") >= 1.2,\n  500, 0)', cap: '1000' },
    { id: 'launch', type: 'spiff', where: { product: 'PRO' }, per: 'unit', amount: '50', from: '2026-02-01', to: '2026-03-31' },
  ],
  draw: { amount: '1500.00', recoverable: false },
  clawback: { window_days: '90' },
  notes: ['true', 'null', 'yes', '', ' padded ', 'a: b', '- dash', 'ünïcode', '1e5', '-0.5'],
  empty: {},
  none: [],
  nothing: null,
};

it.each(['yaml', 'json'] as const)('writes a plan object as %s that reads back as the same object', (format) => {
  const text = planText(PLAN, format);
  expect(planObject(tree(text))).toEqual(PLAN);
  if (format === 'json') expect(JSON.parse(text)).toMatchObject({ clawback: { window_days: 90 }, draw: { amount: 1500 } });
});

it('writes decimals, dates and plain words bare, and quotes what YAML would read otherwise', () => {
  const text = planText(PLAN, 'yaml');
  for (const line of ['      - to: 0.5', '        rate: 0.02', '    from: 2026-02-01', '  window_days: 90', '  - "true"', '  - "null"', '  - "yes"', '  - ""', '  - "a: b"', '      "odd key": 007', 'empty: {}', 'none: []', 'nothing: null']) {
    expect(text.split('\n')).toContain(line);
  }
});

it.each<[string, number, string, string | null]>([
  ['the field a message names on its line', 8, 'component commission: the last tier must not have "to"', 'components[0].tiers[0].to'],
  ['the item of a line-level problem', 8, 'component commission: a tier needs a rate', 'components[0].tiers[0]'],
  ['a component whose first key is on its line', 5, 'component commission: a commission needs exactly one of rate or tiers', 'components[0]'],
  ['a key under a mapping', 4, 'measure bookings needs exactly one of sum or count', 'measures.bookings'],
  ['the key a message quotes, in a flow mapping', 4, 'where of measure bookings: "sum" is not a column of transactions.csv', 'measures.bookings.sum'],
  ['a line with nothing on it', 99, 'x', null],
])('finds %s', (_, line, message, path) => {
  const text = 'id: ae\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - id: commission\n    tiers:\n      - to: 1\n        rate: 0.1\n';
  // Line 5 is `components:`; its first item starts on line 6.
  const at = line === 5 ? 6 : line;
  expect(fieldPathOf(tree(text), { line: at, message })).toBe(path);
});
