import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planObject, treeOf } from '../../../../server/src/plans/document.js';
import { getIn, moveIn, pathText, type PlanValue, planText, renameKey, setIn, whereText, whereValue } from './plan-model';

const PLANS = fileURLToPath(new URL('../../../../examples/malaysia-2026/plans/', import.meta.url));

describe('the plan text the editor saves', () => {
  const files = readdirSync(PLANS);
  it.each(files)('%s: reads back as the same plan object, in both formats', (file) => {
    const root = treeOf(readFileSync(PLANS + file, 'utf8'));
    expect(root).toBeDefined();
    const plan = planObject(root!) as PlanValue;
    // Nothing is lost on the way through the file the editor saves.
    for (const format of ['yaml', 'json'] as const) expect(planObject(treeOf(planText(plan, format))!)).toEqual(plan);
  });

  it('quotes text YAML would read as something else', () => {
    const plan = { id: 'x', name: 'yes', formula: 'a: b', empty: '', list: [] };
    expect(planText(plan, 'yaml')).toBe('id: x\nname: "yes"\nformula: "a: b"\nempty: ""\nlist: []\n');
  });
});

describe('editing by field path', () => {
  const plan: PlanValue = { id: 'ae', components: [{ id: 'c', tiers: [{ to: '0.5', rate: '0.02' }, { rate: '0.05' }] }] };

  it.each([
    [['components', 0, 'tiers', 1, 'rate'], 'components[0].tiers[1].rate'],
    [['measures', 'bookings', 'where', 'type'], 'measures.bookings.where.type'],
    [['id'], 'id'],
  ] as const)('%j is written %s', (path, text) => {
    expect(pathText(path)).toBe(text);
  });

  it('sets a field without touching the original, new keys last', () => {
    const next = setIn(plan, ['components', 0, 'cap'], '1000');
    expect(Object.keys(getIn(next, ['components', 0]) as object)).toEqual(['id', 'tiers', 'cap']);
    expect(getIn(plan, ['components', 0, 'cap'])).toBeUndefined();
  });

  it('removes a field or a list item with undefined', () => {
    expect(getIn(setIn(plan, ['components', 0, 'tiers', 0], undefined), ['components', 0, 'tiers'])).toEqual([{ rate: '0.05' }]);
    expect(setIn({ a: '1', b: '2' }, ['a'], undefined)).toEqual({ b: '2' });
  });

  it('moves list items, and leaves a move past either end alone', () => {
    expect(getIn(moveIn(plan, ['components', 0, 'tiers'], 1, 0), ['components', 0, 'tiers', 0])).toEqual({ rate: '0.05' });
    expect(moveIn(plan, ['components', 0, 'tiers'], 1, 2)).toBe(plan);
  });

  it('renames a key in place, and refuses a name already taken', () => {
    expect(Object.keys(renameKey({ a: '1', b: '2', c: '3' }, 'b', 'x'))).toEqual(['a', 'x', 'c']);
    expect(renameKey({ a: '1', b: '2' }, 'a', 'b')).toEqual({ a: '1', b: '2' });
  });

  it.each([
    ['new, upsell', ['new', 'upsell']],
    ['PRO', 'PRO'],
    [' a ,, b ', ['a', 'b']],
  ] as const)('where text %j is %j', (text, value) => {
    expect(whereValue(text)).toEqual(value);
    expect(whereText(whereValue(text))).toBe(Array.isArray(value) ? value.join(', ') : value);
  });
});
