import { describe, expect, it } from 'vitest';
import { en } from './en';
import { financeEn } from './finance.en';
import { financeMs } from './finance.ms';
import { ms } from './ms';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Words that are the same in both languages, so a Malay string equal to the English one is not a forgotten translation. */
const SAME_IN_BOTH = new Set(['app.name', 'app.menu', 'common.status', 'languages.en', 'languages.ms', 'finance.plans.componentTitle', 'finance.plans.componentTypes.bonus', 'finance.plans.componentTypes.spiff', 'finance.plans.componentTypes.formula', 'finance.plans.ratePercent', 'finance.quotas.cellLabel']);

describe('the catalogues', () => {
  const english = flatten({ ...en, finance: financeEn });
  const malay = flatten({ ...(ms as Tree), finance: financeMs });

  it('have the same keys', () => {
    expect([...malay.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each([...english.keys()])('%s: translated, not blank, with the same placeholders', (key) => {
    const e = english.get(key)!;
    const m = malay.get(key) ?? '';
    expect(m.trim()).not.toBe('');
    expect(placeholders(m)).toEqual(placeholders(e));
    if (!SAME_IN_BOTH.has(key)) expect(m).not.toBe(e);
  });
});
