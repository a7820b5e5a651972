import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { WorkspaceDiff } from './diff.js';
import { run, scratchPaths } from './test-support/run.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/malaysia-2026', import.meta.url));
const scratch = scratchPaths('prestasi-diff-');

/** A copy of the example with `edit` applied to some of its files (path → new text from old). */
function changed(edits: Readonly<Record<string, (text: string) => string>>): string {
  const dir = scratch('after');
  cpSync(EXAMPLE, dir, { recursive: true });
  for (const [path, edit] of Object.entries(edits)) writeFileSync(join(dir, path), edit(readFileSync(join(dir, path), 'utf8')));
  return dir;
}

interface CalcJson {
  results: { payee: string; plan: string; period: string; currency: string; payout: string; components: { id: string; earned: string }[] }[];
}

const cents = (text: string) => BigInt(text.replace('.', ''));
const key = (r: { payee: string; plan: string; period: string }) => `${r.payee}|${r.plan}|${r.period}`;

describe('prestasi diff BEFORE AFTER --period', () => {
  it.each<[string, Readonly<Record<string, (text: string) => string>>]>([
    ['a tier rate raised', { 'plans/ae.yaml': (t) => t.replace('{ to: 1.0, rate: 0.06 }', '{ to: 1.0, rate: 0.065 }') }],
    ['a quota lowered and a deal removed', { 'quotas.csv': (t) => t.replace(/^(aisyah,2026-Q1,bookings,)\d+/m, '$1100000'), 'transactions.csv': (t) => t.split('\n').filter((_, i) => i !== 5).join('\n') }],
    ['a payee added with a deal', {
      'payees.csv': (t) => `${t}newbie,Nur Newbie,newbie@contoh.my,suresh,east\n`,
      'assignments.csv': (t) => `${t}newbie,ae,2026-01-01,\n`,
      'quotas.csv': (t) => `${t}newbie,2026-Q1,bookings,50000\n`,
      'transactions.csv': (t) => `${t}${t.slice(0, t.indexOf('\n')).split(',').map((c) => ({ id: 'NB-1', date: '2026-02-10', amount: '20000.00', currency: 'MYR', owner: 'newbie', type: 'new', product: 'CORE' })[c] ?? '').join(',')}\n`,
    }],
  ])('%s: each changed result and the total, exactly as calc computes both sides', async (_, edits) => {
    const after = changed(edits);
    const calc = async (dir: string) => {
      const out = await run(['calc', dir, '--period', '2026-Q1', '--summary']);
      expect(out.code).toBe(0);
      return new Map((JSON.parse(out.out) as CalcJson).results.map((r) => [key(r), r]));
    };
    const [x, y] = [await calc(EXAMPLE), await calc(after)];
    const res = await run(['diff', EXAMPLE, after, '--period', '2026-Q1', '--format', 'json']);
    expect(res).toMatchObject({ code: 0, err: '' });
    const d = JSON.parse(res.out) as WorkspaceDiff;

    // Money that moved: a payout, or a component's earned (not its uncapped total alone).
    const money = (r: CalcJson['results'][number] | undefined) => r && JSON.stringify([r.payout, r.components.map((c) => [c.id, c.earned])]);
    const expected = [...new Set([...x.keys(), ...y.keys()])].filter((k) => money(x.get(k)) !== money(y.get(k)));
    expect(expected.length).toBeGreaterThan(0);
    expect(d.changes.map(key)).toEqual([...expected].sort());
    for (const c of d.changes) {
      expect(c.before?.payout).toBe(x.get(key(c))?.payout);
      expect(c.after?.payout).toBe(y.get(key(c))?.payout);
      expect(cents(c.difference)).toBe(cents(y.get(key(c))?.payout ?? '0.00') - cents(x.get(key(c))?.payout ?? '0.00'));
    }
    const total = (m: Map<string, { payout: string }>) => [...m.values()].reduce((s, r) => s + cents(r.payout), 0n);
    expect(d.totals).toHaveLength(1);
    expect([cents(d.totals[0]!.before), cents(d.totals[0]!.after), cents(d.totals[0]!.difference)]).toEqual([total(x), total(y), total(y) - total(x)]);
    expect(d.results).toBe(new Set([...x.keys(), ...y.keys()]).size);

    const text = await run(['diff', EXAMPLE, after, '--period', '2026-Q1']);
    expect(text.out.split('\n')[0]).toBe(`2026-Q1: ${d.changes.length} of ${d.results} result(s) changed`);
    expect(text.out).toContain(`total MYR: ${d.totals[0]!.before} -> ${d.totals[0]!.after} (`);
  });

  it('says so when nothing changed, and a payee only on one side shows as none', async () => {
    expect((await run(['diff', EXAMPLE, EXAMPLE, '--period', '2026-Q1'])).out).toMatch(/^2026-Q1: 0 of 18 result\(s\) changed\ntotal MYR: (\d+\.\d\d) -> \1 \(\+0\.00\)\n$/);
    const after = changed({ 'assignments.csv': (t) => t.split('\n').filter((l) => !l.startsWith('hafiz,')).join('\n') });
    const out = (await run(['diff', EXAMPLE, after, '--period', '2026-Q1'])).out;
    expect(out).toMatch(/\n {2}hafiz {2}ae {2}2026-Q1 {2}MYR \d+\.\d\d -> none {2}\(-\d+\.\d\d\) {2}commission \d+\.\d\d -> none/);
  });

  it('lists the problems of either folder under its path, and computes nothing', async () => {
    const after = changed({ 'plans/ae.yaml': (t) => t.replace('{ to: 1.0, rate: 0.06 }', '{ to: 0.2, rate: 0.06 }') });
    const res = await run(['diff', EXAMPLE, after, '--period', '2026-Q1']);
    expect(res.code).toBe(2);
    expect(res.out).toBe('');
    expect(res.err).toMatch(new RegExp(`^${join(after, 'plans/ae.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: component commission: tier bounds must strictly ascend from 0$`, 'm'));
  });

  it.each<[string, string[], RegExp]>([
    ['one folder', ['diff', EXAMPLE, '--period', '2026-Q1'], /expected the BEFORE and AFTER workspace folders/],
    ['no period', ['diff', EXAMPLE, EXAMPLE], /--period is required/],
    ['another format', ['diff', EXAMPLE, EXAMPLE, '--period', '2026-Q1', '--format', 'csv'], /--format must be text or json/],
    ['a period that is none', ['diff', EXAMPLE, EXAMPLE, '--period', '2026-Q5'], /^prestasi: .*2026-Q5.*\n$/],
  ])('refuses %s with exit 2', async (_, args, message) => {
    const res = await run(args);
    expect(res.code).toBe(2);
    expect(res.out).toBe('');
    expect(res.err).toMatch(message);
  });
});
