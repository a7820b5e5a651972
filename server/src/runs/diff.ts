import { compareCodePoints } from '@prestasi/engine';
import { type Db, parseRunInputs, payeeNamesOfRun, readRunResults, type RunInputs, runInputsOf, type RunResult } from '@prestasi/db';
import { formatMinor, moneyDigits, toMinor } from '../money.js';
import type { PayeeResultObject } from './result-schema.js';
import { runView, type RunView } from './service.js';

export interface Change {
  readonly from: string;
  readonly to: string;
  readonly change: string;
}

export interface LineChanges {
  readonly added: readonly { readonly transaction: string | null; readonly component: string; readonly amount: string }[];
  readonly removed: readonly { readonly transaction: string | null; readonly component: string; readonly amount: string }[];
  readonly changed: readonly ({ readonly transaction: string | null; readonly component: string } & Change)[];
}

export interface ResultDiff {
  readonly plan: string;
  readonly period: string;
  /** `in-both`, or only in the later run (`added`) or only in the earlier (`removed`). */
  readonly presence: 'in-both' | 'added' | 'removed';
  readonly payout: Change;
  readonly components: readonly ({ readonly id: string } & Change)[];
  readonly lines: LineChanges;
  readonly clawbacks: LineChanges;
  readonly adjustments: Change;
  readonly draw: Change;
}

export interface PayeeDiff {
  readonly payee: string;
  readonly name: string | null;
  readonly currency: string;
  readonly payout: Change;
  readonly results: readonly ResultDiff[];
  /** Why it changed: the deals whose lines differ, and which of the payee's inputs changed. */
  readonly why: {
    readonly deals: readonly string[];
    readonly plans: readonly PlanChange[];
    readonly quotas: boolean;
    readonly assignments: boolean;
    readonly adjustments: boolean;
    readonly payee: boolean;
  };
}

export interface PlanChange {
  readonly plan: string;
  /** The plan's version in each run's input; null where it did not exist. */
  readonly from: number | null;
  readonly to: number | null;
}

export interface InputChanges {
  readonly changed: boolean;
  /** Exported workspace files whose bytes differ. */
  readonly files: readonly string[];
  readonly plans: readonly PlanChange[];
  /** Payees whose quotas, assignments, adjustments or own row (name, manager, team) differ. */
  readonly quotas: readonly string[];
  readonly assignments: readonly string[];
  readonly adjustments: readonly string[];
  readonly payees: readonly string[];
}

export interface RunDiff {
  readonly from: RunView;
  readonly to: RunView;
  readonly inputs: InputChanges;
  readonly payees: readonly PayeeDiff[];
  readonly totals: readonly ({ readonly currency: string } & Change)[];
}

/**
 * What changed from run `a` to run `b`: every payee whose results differ, by how much per
 * currency, and why, down to the deals (lines added, removed or changed by transaction id) and
 * to the inputs each run recorded (plan versions, quotas, assignments, adjustments).
 */
export async function diffRuns(db: Db, a: number, b: number): Promise<RunDiff> {
  const [from, to] = [await runView(db, a), await runView(db, b)];
  const inputs = inputChanges(parseRunInputs(await runInputsOf(db, a)), parseRunInputs(await runInputsOf(db, b)));
  const names = new Map([...(await payeeNamesOfRun(db, a)), ...(await payeeNamesOfRun(db, b))]);
  const before = byKey(await readRunResults(db, a));
  const after = byKey(await readRunResults(db, b));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareCodePoints);

  const payees = new Map<string, { payee: string; currency: string; results: ResultDiff[]; deals: Set<string>; plans: Set<string> }>();
  const totals = new Map<string, { from: bigint; to: bigint }>();
  for (const key of keys) {
    const x = before.get(key);
    const y = after.get(key);
    const some = (x ?? y)!;
    const digits = moneyDigits(some.currency);
    const total = totals.get(some.currency) ?? { from: 0n, to: 0n };
    total.from += x ? toMinor(x.payout, digits) : 0n;
    total.to += y ? toMinor(y.payout, digits) : 0n;
    totals.set(some.currency, total);
    const diff = resultDiff(x, y, digits);
    if (!diff) continue;
    const payeeKey = JSON.stringify([some.payee, some.currency]);
    const entry = payees.get(payeeKey) ?? { payee: some.payee, currency: some.currency, results: [], deals: new Set(), plans: new Set() };
    entry.results.push(diff.result);
    for (const d of diff.deals) entry.deals.add(d);
    entry.plans.add(some.plan);
    payees.set(payeeKey, entry);
  }

  const changedPlans = new Map(inputs.plans.map((p) => [p.plan, p]));
  return {
    from,
    to,
    inputs,
    payees: [...payees.values()].map((p) => {
      const digits = moneyDigits(p.currency);
      const sum = (side: 'from' | 'to') => p.results.reduce((s, r) => s + toMinor(r.payout[side], digits), 0n);
      return {
        payee: p.payee,
        name: names.get(p.payee) ?? null,
        currency: p.currency,
        payout: change(sum('from'), sum('to'), digits),
        results: p.results,
        why: {
          deals: [...p.deals].sort(compareCodePoints),
          plans: [...p.plans].sort(compareCodePoints).flatMap((id) => changedPlans.get(id) ?? []),
          quotas: inputs.quotas.includes(p.payee),
          assignments: inputs.assignments.includes(p.payee),
          adjustments: inputs.adjustments.includes(p.payee),
          payee: inputs.payees.includes(p.payee),
        },
      };
    }),
    totals: [...totals]
      .sort(([x], [y]) => compareCodePoints(x, y))
      .map(([currency, t]) => ({ currency, ...change(t.from, t.to, moneyDigits(currency)) })),
  };
}

/** Results keyed by payee, plan, period and currency (a result in another currency is another result). */
function byKey(results: readonly RunResult[]): Map<string, RunResult> {
  return new Map(results.map((r) => [JSON.stringify([r.payee, r.plan, r.period, r.currency]), r]));
}

function change(from: bigint, to: bigint, digits: number): Change {
  return { from: formatMinor(from, digits), to: formatMinor(to, digits), change: formatMinor(to - from, digits) };
}

/** A result's money by part, to compare two of them. */
interface Money {
  readonly payout: bigint;
  readonly earned: Map<string, bigint>;
  /** [component, transaction] → amount. */
  readonly lines: Map<string, bigint>;
  readonly clawbacks: Map<string, bigint>;
  readonly adjustments: bigint;
  /** draw paid − recovered. */
  readonly draw: bigint;
}

function moneyOf(r: RunResult | undefined, digits: number): Money {
  const m: Money = { payout: 0n, earned: new Map(), lines: new Map(), clawbacks: new Map(), adjustments: 0n, draw: 0n };
  if (!r) return m;
  const o = r.result as PayeeResultObject;
  const add = (map: Map<string, bigint>, key: string, amount: bigint) => map.set(key, (map.get(key) ?? 0n) + amount);
  for (const c of o.components) {
    add(m.earned, c.id, toMinor(c.earned, digits));
    for (const l of c.lines ?? []) add(m.lines, JSON.stringify([c.id, l.transaction ?? null]), toMinor(l.amount, digits));
  }
  for (const c of o.clawbacks) add(m.clawbacks, JSON.stringify([c.component, c.transaction]), toMinor(c.amount, digits));
  return {
    ...m,
    payout: toMinor(o.payout, digits),
    adjustments: o.adjustments.reduce((s, a) => s + toMinor(a.amount, digits), 0n),
    draw: toMinor(o.draw.paid, digits) - toMinor(o.draw.recovered, digits),
  };
}

/** How one result differs between two runs, and the deals behind it; undefined when it does not. */
function resultDiff(x: RunResult | undefined, y: RunResult | undefined, digits: number): { result: ResultDiff; deals: string[] } | undefined {
  const a = moneyOf(x, digits);
  const b = moneyOf(y, digits);
  const deals = new Set<string>();
  const lines = lineChanges(a.lines, b.lines, digits, deals);
  const clawbacks = lineChanges(a.clawbacks, b.clawbacks, digits, deals);
  const componentIds = [...new Set([...a.earned.keys(), ...b.earned.keys()])];
  const components = componentIds
    .filter((id) => x === undefined || y === undefined || a.earned.get(id) !== b.earned.get(id))
    .map((id) => ({ id, ...change(a.earned.get(id) ?? 0n, b.earned.get(id) ?? 0n, digits) }));
  const same =
    x !== undefined &&
    y !== undefined &&
    a.payout === b.payout &&
    components.length === 0 &&
    lines.added.length + lines.removed.length + lines.changed.length === 0 &&
    clawbacks.added.length + clawbacks.removed.length + clawbacks.changed.length === 0 &&
    a.adjustments === b.adjustments &&
    a.draw === b.draw;
  if (same) return undefined;
  const some = (x ?? y)!;
  return {
    deals: [...deals],
    result: {
      plan: some.plan,
      period: some.period,
      presence: x && y ? 'in-both' : x ? 'removed' : 'added',
      payout: change(a.payout, b.payout, digits),
      components,
      lines,
      clawbacks,
      adjustments: change(a.adjustments, b.adjustments, digits),
      draw: change(a.draw, b.draw, digits),
    },
  };
}

function lineChanges(a: Map<string, bigint>, b: Map<string, bigint>, digits: number, deals: Set<string>): LineChanges {
  const out = { added: [] as LineChanges['added'][number][], removed: [] as LineChanges['removed'][number][], changed: [] as LineChanges['changed'][number][] };
  for (const key of [...new Set([...a.keys(), ...b.keys()])]) {
    const [component, transaction] = JSON.parse(key) as [string, string | null];
    const from = a.get(key);
    const to = b.get(key);
    if (from === to) continue;
    if (transaction !== null) deals.add(transaction);
    if (from === undefined) out.added.push({ component, transaction, amount: formatMinor(to!, digits) });
    else if (to === undefined) out.removed.push({ component, transaction, amount: formatMinor(from, digits) });
    else out.changed.push({ component, transaction, ...change(from, to, digits) });
  }
  return out;
}

function inputChanges(a: RunInputs, b: RunInputs): InputChanges {
  const differing = (x: Readonly<Record<string, unknown>>, y: Readonly<Record<string, unknown>>) =>
    [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => x[k] !== y[k]).sort(compareCodePoints);
  const files = differing(a.files, b.files);
  const plans = differing(a.plans, b.plans).map((plan) => ({ plan, from: a.plans[plan] ?? null, to: b.plans[plan] ?? null }));
  return {
    changed: files.length > 0,
    files,
    plans,
    quotas: differing(a.quotas, b.quotas),
    assignments: differing(a.assignments, b.assignments),
    adjustments: differing(a.adjustments, b.adjustments),
    payees: differing(a.payees, b.payees),
  };
}
