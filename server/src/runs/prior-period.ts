import { compareCodePoints, type FiscalCalendar, type Period } from '@prestasi/engine';
import {
  type AdjustmentRecord,
  appendAudit,
  type Db,
  deleteAdjustments,
  DomainError,
  insertAdjustments,
  listAdjustments,
  type LockedPeriod,
  type NewAdjustment,
  readRunResults,
} from '@prestasi/db';
import { calcLoaded, type LoadedWorkspace } from '@prestasi/workspace';
import { formatMinor, moneyDigits, toMinor } from '../money.js';
import { parsePeriod, within } from '../periods.js';
import { type PartKind, resultParts } from './result-parts.js';
import type { PayeeResultObject } from './result-schema.js';

/** A correction that has no result in the run's period to land in: owed, but not paid by this run. */
export interface UnappliedCorrection {
  readonly payee: string;
  readonly plan: string;
  /** The locked result it corrects. */
  readonly period: string;
  readonly kind: PartKind;
  readonly component: string | null;
  readonly transaction: string | null;
  readonly currency: string;
  readonly amount: string;
  readonly why: string;
}

export interface PriorPeriodOutcome {
  /** Whether the prior-period adjustments of the run's period were replaced by different ones. */
  readonly changed: boolean;
  /** The locked periods that were recomputed. */
  readonly recomputed: readonly string[];
  /** The prior-period adjustments the run's period now holds for them. */
  readonly adjustments: readonly AdjustmentRecord[];
  readonly unapplied: readonly UnappliedCorrection[];
}

export interface PriorPeriodContext {
  /** The current data, read inside the run's transaction. */
  readonly workspace: LoadedWorkspace;
  readonly calendar: FiscalCalendar;
  /** The open period being run. */
  readonly period: Period;
  readonly locked: readonly LockedPeriod[];
  readonly actor: string;
}

/** One amount of one locked result, keyed by everything a correction names. */
interface Slot {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly kind: PartKind;
  readonly component: string | null;
  readonly transaction: string | null;
  currency: string;
  paid: bigint;
  now: bigint;
  /** Σ prior-period adjustments already made for it outside the run's period. */
  issued: bigint;
  /** Whether the result's currency changed since it was paid. */
  currencyChanged: boolean;
}

const slotKey = (payee: string, plan: string, period: string, kind: PartKind, component: string | null, transaction: string | null) =>
  JSON.stringify([payee, plan, period, kind, component, transaction]);

/**
 * Brings what paid runs locked up to date with the data as it is now, through the open period
 * being run. Each locked period of the same kind before it, back to the start of the previous
 * fiscal year, is computed again from the current data and compared with its paid run part by
 * part (a component's line for a deal, a clawback, the adjustments, the draw). What differs, less
 * what earlier prior-period adjustments in other periods already made good, becomes a
 * prior-period adjustment in the open period: same payee and plan, in the plan's first period
 * inside it where the payee is on the plan (else another plan of theirs in the same currency).
 *
 * Running the period again replaces the prior-period adjustments it made before with freshly
 * computed ones, so nothing is counted twice; when they come out the same, nothing is written.
 */
export async function settlePriorPeriods(trx: Db, ctx: PriorPeriodContext): Promise<PriorPeriodOutcome> {
  const { calendar, period } = ctx;
  const windowStart = calendar.byKey('year', calendar.fiscalYearOf(period.start).key - 1).start;
  const targets = ctx.locked
    .map((l) => ({ lock: l, period: parsePeriod(calendar, l.period) }))
    .filter((t) => t.period.kind === period.kind && t.period.end < period.start && t.period.start >= windowStart)
    .sort((a, b) => a.period.start - b.period.start);

  const existing = await listAdjustments(trx, { kind: 'prior_period' });
  const inScope = (a: AdjustmentRecord) =>
    within(parsePeriod(calendar, a.period), period) &&
    a.correctsPeriod !== null &&
    targets.some((t) => within(parsePeriod(calendar, a.correctsPeriod!), t.period));
  const replaced = existing.filter(inScope);

  const slots = new Map<string, Slot>();
  const slot = (payee: string, plan: string, resultPeriod: string, part: { kind: PartKind; component: string | null; transaction: string | null }) => {
    const key = slotKey(payee, plan, resultPeriod, part.kind, part.component, part.transaction);
    let s = slots.get(key);
    if (!s) {
      s = { payee, plan, period: resultPeriod, ...part, currency: '', paid: 0n, now: 0n, issued: 0n, currencyChanged: false };
      slots.set(key, s);
    }
    return s;
  };
  for (const t of targets) {
    for (const r of await readRunResults(trx, t.lock.runId)) {
      const result = r.result as PayeeResultObject;
      for (const part of resultParts(result)) {
        const s = slot(r.payee, r.plan, r.period, part);
        s.currency = r.currency;
        s.paid += part.amount;
      }
    }
    const outcome = calcLoaded(ctx.workspace, { period: t.period.label });
    if (!outcome.ok) {
      throw new DomainError('INVALID_WORKSPACE', `${t.period.label} is locked and cannot be computed again with the data as it is now`, {
        problems: outcome.problems,
      });
    }
    for (const result of outcome.output.results as PayeeResultObject[]) {
      for (const part of resultParts(result)) {
        const s = slot(result.payee, result.plan, result.period, part);
        if (s.currency !== '' && s.currency !== result.currency) s.currencyChanged = true;
        s.currency = result.currency;
        s.now += part.amount;
      }
    }
  }
  // Corrections made before, in periods other than this one, of the same locked results. A part
  // that has gone from both sides since still needs its slot, or its correction would stand.
  const planCurrency = new Map(ctx.workspace.input.plans.map((p) => [p.id, p.currency]));
  for (const a of existing) {
    const { correctsPlan, correctsPeriod, correctsKind } = a;
    if (inScope(a) || correctsPlan === null || correctsPeriod === null || correctsKind === null) continue;
    if (!targets.some((t) => within(parsePeriod(calendar, correctsPeriod), t.period))) continue;
    const s = slot(a.payee, correctsPlan, correctsPeriod, { kind: correctsKind, component: a.correctsComponent, transaction: a.correctsTransaction });
    if (s.currency === '') s.currency = planCurrency.get(a.plan ?? correctsPlan) ?? planCurrency.get(correctsPlan) ?? '';
    s.issued += toMinor(a.amount, moneyDigits(s.currency));
  }

  const land = lander(ctx);
  const runOf = new Map(targets.map((t) => [t.period.label, t.lock.runId]));
  const lockOf = (resultPeriod: string) => targets.find((t) => within(parsePeriod(calendar, resultPeriod), t.period))!;
  const desired: NewAdjustment[] = [];
  const unapplied: UnappliedCorrection[] = [];
  for (const s of [...slots.values()].sort(compareSlots(calendar))) {
    const digits = moneyDigits(s.currency);
    const amount = s.now - s.paid - s.issued;
    if (amount === 0n) continue;
    const lock = lockOf(s.period);
    const what = describe(s);
    const target = s.currencyChanged ? undefined : land(s.payee, s.plan, s.currency);
    if (!target) {
      unapplied.push({
        payee: s.payee,
        plan: s.plan,
        period: s.period,
        kind: s.kind,
        component: s.component,
        transaction: s.transaction,
        currency: s.currency,
        amount: formatMinor(amount, digits),
        why: s.currencyChanged
          ? `the plan's currency changed since ${lock.period.label} was paid`
          : `${s.payee} has no plan in ${s.currency} in ${period.label} to carry it`,
      });
      continue;
    }
    desired.push({
      payee: s.payee,
      period: target.period,
      plan: target.plan,
      amount: formatMinor(amount, digits),
      reason: `prior-period adjustment for ${s.period}: ${what} (plan ${s.plan}; ${lock.period.label} was paid in run ${runOf.get(lock.period.label)})`,
      kind: 'prior_period',
      correctsTransaction: s.transaction,
      correctsPeriod: s.period,
      correctsPlan: s.plan,
      correctsComponent: s.component,
      correctsKind: s.kind,
      createdBy: ctx.actor,
    });
  }
  await keepOnlyKnownTransactions(trx, desired);

  const recomputed = targets.map((t) => t.period.label);
  if (sameRows(replaced, desired)) return { changed: false, recomputed, adjustments: replaced, unapplied };
  await deleteAdjustments(
    trx,
    replaced.map((a) => a.id),
  );
  const inserted = await insertAdjustments(trx, desired);
  await appendAudit(trx, {
    actor: ctx.actor,
    action: 'adjustments.prior_period',
    entity: 'period',
    entityId: period.label,
    before: replaced,
    after: inserted,
  });
  return { changed: true, recomputed, adjustments: inserted, unapplied };
}

function describe(s: Slot): string {
  switch (s.kind) {
    case 'line':
      return s.transaction === null ? `${s.component}` : `deal ${s.transaction}, ${s.component}`;
    case 'clawback':
      return `clawback of deal ${s.transaction}, ${s.component}`;
    case 'adjustment':
      return 'adjustments';
    case 'draw':
      return 'draw';
  }
}

const KIND_ORDER: readonly PartKind[] = ['line', 'clawback', 'adjustment', 'draw'];

/** Corrections in a stable order: by period, payee, plan, then what they correct. */
function compareSlots(calendar: FiscalCalendar) {
  const text = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : compareCodePoints(a, b));
  return (a: Slot, b: Slot) =>
    parsePeriod(calendar, a.period).start - parsePeriod(calendar, b.period).start ||
    compareCodePoints(a.payee, b.payee) ||
    compareCodePoints(a.plan, b.plan) ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    text(a.component, b.component) ||
    text(a.transaction, b.transaction);
}

/**
 * Where a correction lands in the run's period: the payee's result on the same plan (its first
 * period inside the run's period where they are on the plan), else on their first other plan
 * by id in the same currency; undefined when they have none. A result exists there exactly when
 * an assignment overlaps its period, which is also what adjustments.csv requires.
 */
function lander(ctx: PriorPeriodContext) {
  const { input } = ctx.workspace;
  const payeeIndex = new Map(input.payees.map((p, i) => [p.id, i]));
  const plans = new Map(input.plans.map((p) => [p.id, p]));
  const planIds = [...plans.keys()].sort(compareCodePoints);
  return (payee: string, plan: string, currency: string): { plan: string; period: string } | undefined => {
    const index = payeeIndex.get(payee);
    if (index === undefined) return undefined;
    for (const id of [plan, ...planIds.filter((p) => p !== plan)]) {
      const p = plans.get(id);
      if (!p || p.currency !== currency) continue;
      for (const sub of ctx.calendar.inside(p.period, ctx.period)) {
        const assigned = input.assignments.some(
          (a) => a.payee === index && a.plan === id && a.from <= sub.end && (a.to === undefined || a.to >= sub.start),
        );
        if (assigned) return { plan: id, period: sub.label };
      }
    }
    return undefined;
  };
}

/** The reason names the deal either way; the reference to it is kept only while it exists. */
async function keepOnlyKnownTransactions(trx: Db, rows: NewAdjustment[]): Promise<void> {
  const ids = [...new Set(rows.map((r) => r.correctsTransaction).filter((t): t is string => t !== null))];
  if (ids.length === 0) return;
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const r of await trx.selectFrom('transactions').select('id').where('id', 'in', ids.slice(i, i + 1000)).execute()) known.add(r.id);
  }
  rows.forEach((r, i) => {
    if (r.correctsTransaction !== null && !known.has(r.correctsTransaction)) rows[i] = { ...r, correctsTransaction: null };
  });
}

/**
 * Whether the rows the period holds are already exactly the ones wanted (as multisets). Amounts
 * compare as text: both sides are written with the currency's digits, and numeric keeps them.
 */
function sameRows(have: readonly AdjustmentRecord[], want: readonly NewAdjustment[]): boolean {
  const key = (a: NewAdjustment | AdjustmentRecord) =>
    JSON.stringify([
      a.payee,
      a.period,
      a.plan,
      a.amount,
      a.reason,
      a.correctsTransaction,
      a.correctsPeriod,
      a.correctsPlan,
      a.correctsComponent,
      a.correctsKind,
    ]);
  const a = have.map(key).sort();
  const b = want.map(key).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
