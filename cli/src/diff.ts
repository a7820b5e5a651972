/**
 * `prestasi diff BEFORE AFTER --period P`: what a change to a workspace (a plan edited in a pull
 * request, a quota moved, deals corrected) does to every payout, result by result and in total,
 * computed by the same engine as `prestasi calc` on both folders.
 */
import { type CalcResult, compareCodePoints, formatScaled, type PayeeResult } from '@prestasi/engine';

/** One result that is not the same on both sides: absent on one side is `undefined` there. */
export interface ResultChange {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly currency: string;
  readonly before: Side | undefined;
  readonly after: Side | undefined;
  /** after − before, as decimal text at the currency's minor unit (an absent side counts 0). */
  readonly difference: string;
}

interface Side {
  readonly payout: string;
  /** Component id → earned. */
  readonly components: Readonly<Record<string, string>>;
}

export interface CurrencyTotal {
  readonly currency: string;
  readonly before: string;
  readonly after: string;
  readonly difference: string;
}

export interface WorkspaceDiff {
  readonly period: string;
  /** Results on either side. */
  readonly results: number;
  /** The results whose payout or any component's earned differs, or that one side lacks. */
  readonly changes: readonly ResultChange[];
  readonly totals: readonly CurrencyTotal[];
}

const keyOf = (r: PayeeResult) => `${r.payee}\u0000${r.plan}\u0000${r.period}\u0000${r.currency}`;

/** The results of two calculations of the same period, compared exactly (integers of minor units). */
export function diffResults(before: CalcResult, after: CalcResult): WorkspaceDiff {
  const a = new Map(before.results.map((r) => [keyOf(r), r]));
  const b = new Map(after.results.map((r) => [keyOf(r), r]));
  const changes: ResultChange[] = [];
  const totals = new Map<string, { digits: number; before: bigint; after: bigint }>();
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    const r = (x ?? y)!;
    const total = totals.get(r.currency) ?? { digits: r.minorUnits, before: 0n, after: 0n };
    total.before += x?.payout ?? 0n;
    total.after += y?.payout ?? 0n;
    totals.set(r.currency, total);
    if (x && y && sameMoney(x, y)) continue;
    changes.push({
      payee: r.payee,
      plan: r.plan,
      period: r.period,
      currency: r.currency,
      before: x && side(x),
      after: y && side(y),
      difference: formatScaled((y?.payout ?? 0n) - (x?.payout ?? 0n), r.minorUnits),
    });
  }
  changes.sort((p, q) => compareCodePoints(p.payee, q.payee) || compareCodePoints(p.plan, q.plan) || compareCodePoints(p.period, q.period));
  return {
    period: after.period,
    results: keys.size,
    changes,
    totals: [...totals]
      .sort(([p], [q]) => compareCodePoints(p, q))
      .map(([currency, t]) => ({
        currency,
        before: formatScaled(t.before, t.digits),
        after: formatScaled(t.after, t.digits),
        difference: formatScaled(t.after - t.before, t.digits),
      })),
  };
}

function sameMoney(x: PayeeResult, y: PayeeResult): boolean {
  if (x.payout !== y.payout || x.components.length !== y.components.length) return false;
  return x.components.every((c, i) => c.id === y.components[i]!.id && c.earned === y.components[i]!.earned);
}

function side(r: PayeeResult): Side {
  return { payout: formatScaled(r.payout, r.minorUnits), components: Object.fromEntries(r.components.map((c) => [c.id, formatScaled(c.earned, r.minorUnits)])) };
}

/** For people: one line per changed result, then the totals per currency. */
export function diffText(d: WorkspaceDiff): string {
  const lines = [`${d.period}: ${d.changes.length} of ${d.results} result(s) changed`];
  for (const c of d.changes) {
    const before = c.before ? `${c.currency} ${c.before.payout}` : 'none';
    const after = c.after ? `${c.currency} ${c.after.payout}` : 'none';
    const parts = componentChanges(c);
    lines.push(`  ${c.payee}  ${c.plan}  ${c.period}  ${before} -> ${after}  (${signed(c.difference)})${parts ? `  ${parts}` : ''}`);
  }
  for (const t of d.totals) lines.push(`total ${t.currency}: ${t.before} -> ${t.after} (${signed(t.difference)})`);
  return `${lines.join('\n')}\n`;
}

/** The components whose earned differs, as `id a -> b`. */
function componentChanges(c: ResultChange): string {
  const ids = [...new Set([...Object.keys(c.before?.components ?? {}), ...Object.keys(c.after?.components ?? {})])];
  return ids
    .filter((id) => c.before?.components[id] !== c.after?.components[id])
    .map((id) => `${id} ${c.before?.components[id] ?? 'none'} -> ${c.after?.components[id] ?? 'none'}`)
    .join(', ');
}

const signed = (text: string) => (text.startsWith('-') ? text : `+${text}`);
