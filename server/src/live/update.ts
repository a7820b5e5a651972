import {
  calculate,
  type CalcProblem,
  type EngineInput,
  type Payee,
  type Split,
  FiscalCalendar,
  exactOrTen,
  formatDay,
  formatScaled,
  parseDay,
  type PayeeResult,
  payeeResultObject,
  type Period,
} from '@prestasi/engine';
import {
  appendLiveEvents,
  type Db,
  DomainError,
  type JsonValue,
  type LiveResult,
  liveResultsOfYear,
  liveYears,
  loadEngineInput,
  lockedPeriods,
  lockWorkspace,
  type NewLiveEvent,
  pruneLiveEvents,
  saveLiveYear,
  takeDirtyMarks,
  transactionsCsv,
  writeLiveResults,
} from '@prestasi/db';
import { withTransactions } from '@prestasi/workspace';
import { fiscalCalendar, overlaps, parsePeriod } from '../periods.js';
import { InputsCache } from './inputs.js';

/** What one pass of the updater did. */
export interface LiveUpdate {
  /** Years computed in full, and those where only some payees were. */
  readonly full: readonly string[];
  readonly incremental: readonly string[];
  /** Payees recomputed incrementally (all years together). */
  readonly payees: number;
  readonly events: number;
  /** How long the update took, in milliseconds (from taking the lock to writing the events). */
  readonly ms: number;
}

export interface UpdateOptions {
  /** Fiscal years (`2026`) to keep live from now on; computed in full the first time. */
  readonly keep?: readonly string[];
  /** The process's cache of the inputs other than deals (default: read afresh). */
  readonly inputs?: InputsCache;
  /** Events kept for replay (default EVENTS_KEPT); older ones are deleted now and then. */
  readonly eventsKept?: number;
}

/** Events kept for `Last-Event-ID` replay: at 20 deals a second, about four hours' worth. */
export const EVENTS_KEPT = 1_000_000;

/**
 * Brings the live results up to date with the changes queued by the triggers of migration 0005,
 * in one transaction under the workspace lock (imports and runs wait, and so does another
 * process's updater). A kept fiscal year that everything may have changed in (a plan, a quota,
 * an adjustment) is computed in full; otherwise only the payees the changed deals credit, and
 * the managers above them whose plans measure their team, are computed again, on an input
 * holding just the deals their results can depend on. Changed results become events.
 */
export async function updateLiveResults(db: Db, options: UpdateOptions = {}): Promise<LiveUpdate> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const started = performance.now();
    const trace = process.env['PRESTASI_LIVE_TRACE'] === '1' ? (what: string) => console.error(`live ${what} ${(performance.now() - started).toFixed(1)}`) : () => {};
    const inputs = options.inputs ?? new InputsCache();
    const marks = await takeDirtyMarks(trx);
    // Often another update took this caller's marks already: nothing more to read.
    if (marks.length === 0 && (options.keep ?? []).length === 0) return { full: [], incremental: [], payees: 0, events: 0, ms: performance.now() - started };
    const kept = await liveYears(trx);
    const calendar = await fiscalCalendar(trx);
    const everything = marks.some((m) => m.payee === null);
    const full = new Set<string>((options.keep ?? []).filter((y) => !kept.has(y)));
    if (everything) for (const y of kept.keys()) full.add(y);
    // Payees per kept year; a mark without a month reaches every kept year.
    const dirty = new Map<string, Set<string>>();
    for (const m of marks) {
      if (m.payee === null) continue;
      const years = m.month === null ? [...kept.keys()] : [calendar.fiscalYearOf(parseDay(m.month)!).label];
      for (const y of years) {
        if (!kept.has(y) || full.has(y)) continue;
        let set = dirty.get(y);
        if (!set) dirty.set(y, (set = new Set()));
        set.add(m.payee);
      }
    }
    if (full.size === 0 && dirty.size === 0) return { full: [], incremental: [], payees: 0, events: 0, ms: performance.now() - started };
    trace('marks');

    const locked = (await lockedPeriods(trx)).map((l) => parsePeriod(calendar, l.period));
    const isLocked = (label: string) => locked.some((l) => overlaps(l, parsePeriod(calendar, label)));
    const events: NewLiveEvent[] = [];
    let payeeCount = 0;

    if (full.size > 0) {
      const { input } = await loadEngineInput(trx);
      for (const year of [...full].sort()) {
        const computed = computeYear(input, year, undefined);
        await saveLiveYear(trx, year, computed.problems.slice(0, MAX_PROBLEMS));
        events.push(...(await store(trx, year, undefined, computed, isLocked)));
      }
    }
    for (const [year, payees] of [...dirty].sort(([a], [b]) => a.localeCompare(b))) {
      const period = parsePeriod(calendar, year);
      const base = await inputs.get(trx);
      trace('inputs');
      const { affected, credited } = reach(base.input, payees);
      const deals = await transactionsCsv(trx, { from: formatDay(dealsFrom(base.input, calendar, period)), to: formatDay(period.end), payees: [...credited] });
      trace('deals read');
      const loaded = withTransactions(base, deals);
      if (!loaded.ok) throw new DomainError('INVALID_WORKSPACE', 'the stored deals do not load', { problems: loaded.problems });
      // Only the payees computed and those whose deals they read: the engine's cost then
      // follows the deal, not the size of the organisation.
      const input = onPayees(loaded.workspace.input, credited);
      const computed = computeYear(input, year, affected);
      trace('computed');
      payeeCount += affected.length;
      // The year's other payees' problems stand; these payees' are replaced by what was found now.
      const mine = new Set(affected);
      const others = (kept.get(year) ?? []).filter((p) => {
        const payee = (p as { payee?: unknown }).payee;
        return typeof payee === 'string' && !mine.has(payee);
      });
      const problems = [...others, ...computed.problems].slice(0, MAX_PROBLEMS);
      if (JSON.stringify(problems) !== JSON.stringify(kept.get(year))) await saveLiveYear(trx, year, problems);
      events.push(...(await store(trx, year, affected, computed, isLocked)));
      trace('stored');
    }
    const ids = await appendLiveEvents(trx, events);
    // Now and then (when the ids pass a multiple of the prune step), not on every update.
    const eventsKept = options.eventsKept ?? EVENTS_KEPT;
    const step = BigInt(Math.max(1, Math.min(10_000, eventsKept)));
    if (ids.length > 0 && BigInt(ids.at(-1)!) / step !== (BigInt(ids[0]!) - 1n) / step) await pruneLiveEvents(trx, eventsKept);
    trace('events');
    return { full: [...full].sort(), incremental: [...dirty.keys()].sort(), payees: payeeCount, events: events.length, ms: performance.now() - started };
  });
}

/**
 * The payees to compute again (those credited, and every manager above them on a plan with a
 * team measure) and the payees whose deals those results read (theirs, and for each one with a
 * team measure, everyone below them).
 */
function reach(input: EngineInput, dirty: ReadonlySet<string>): { affected: string[]; credited: Set<string> } {
  const { index, onTeamPlan, children } = treeOf(input);
  const affected = new Set<number>();
  for (const id of dirty) {
    const i = index.get(id);
    if (i === undefined) continue;
    affected.add(i);
    for (let a = input.payees[i]!.manager; a >= 0; a = input.payees[a]!.manager) if (onTeamPlan.has(a)) affected.add(a);
  }
  const credited = new Set<string>(dirty);
  for (const a of affected) {
    credited.add(input.payees[a]!.id);
    if (!onTeamPlan.has(a)) continue;
    const stack = [...children[a]!];
    while (stack.length > 0) {
      const p = stack.pop()!;
      credited.add(input.payees[p]!.id);
      stack.push(...children[p]!);
    }
  }
  return { affected: [...affected].map((i) => input.payees[i]!.id).sort(), credited };
}

interface Tree {
  readonly index: ReadonlyMap<string, number>;
  /** Payees assigned (at any time) to a plan with a team measure. */
  readonly onTeamPlan: ReadonlySet<number>;
  readonly children: readonly (readonly number[])[];
}

/** Per input (the cached inputs of a version): the tree, built once, not for every deal. */
const trees = new WeakMap<EngineInput, Tree>();

function treeOf(input: EngineInput): Tree {
  let tree = trees.get(input);
  if (tree) return tree;
  const teamPlans = new Set(input.plans.filter((p) => p.measures.some((m) => m.scope === 'team')).map((p) => p.id));
  const children: number[][] = input.payees.map(() => []);
  input.payees.forEach((p, i) => {
    if (p.manager >= 0) children[p.manager]!.push(i);
  });
  tree = {
    index: new Map(input.payees.map((p, i) => [p.id, i])),
    onTeamPlan: new Set(input.assignments.filter((a) => teamPlans.has(a.plan)).map((a) => a.payee)),
    children,
  };
  trees.set(input, tree);
  return tree;
}

/**
 * The first day a deal can matter to results of `year`: a deal cancelled in the year claws back
 * what it earned in its own period, which the longest clawback window can put in an earlier
 * fiscal year, and that period's whole result is needed to know what it earned.
 */
function dealsFrom(input: EngineInput, calendar: FiscalCalendar, year: Period): number {
  const window = Math.max(0, ...input.plans.map((p) => p.clawbackWindowDays ?? 0));
  return calendar.fiscalYearOf(year.start - window).start;
}

/** Problems kept per year at most (a plan without next year's quotas yet can miss thousands). */
const MAX_PROBLEMS = 1000;

/** A fiscal year's results, and which of them they replace: those of the units that computed. */
interface Computed {
  readonly results: readonly LiveResult[];
  /** Whether a stored result of this payee and period is replaced (or removed) by `results`. */
  readonly covers: (payee: string, period: string) => boolean;
  readonly problems: JsonValue[];
}

/**
 * The results of a fiscal year, of some payees or all. The engine refuses a whole period for one
 * problem (a quota missing in September stops July too), so the year is computed in units that
 * fail apart: each fiscal quarter (its months and itself), then the year for yearly plans; and
 * within a unit, a payee with a problem of their own (a missing quota) is left out and keeps
 * their stored results, as when only some payees are computed. A problem of no one payee's (a
 * missing exchange rate) leaves the whole unit as it was.
 */
export function computeYear(input: EngineInput, year: string, payees: readonly string[] | undefined): Computed {
  const calendar = new FiscalCalendar(input.settings.fiscalYearStart);
  const fy = calendar.parse(year)!;
  const yearly = new Set(input.plans.filter((p) => p.period === 'year').map((p) => p.id));
  const units = calendar.inside('quarter', fy).map((q) => ({ period: q, yearly: false, input: onPlans(input, (plan) => !yearly.has(plan)) }));
  if (yearly.size > 0) units.push({ period: fy, yearly: true, input: onPlans(input, (plan) => yearly.has(plan)) });
  const results: LiveResult[] = [];
  const problems: JsonValue[] = [];
  const outcomes = units.map((unit) => {
    const failed = new Set<string>();
    const found: LiveResult[] = [];
    const fail = (list: readonly CalcProblem[]): boolean => {
      for (const p of list) problems.push({ ...p } as JsonValue);
      const named = list.map(payeeOf);
      if (named.some((p) => p === undefined)) return false;
      for (const p of named) failed.add(p!);
      return true;
    };
    let whole = true;
    if (payees === undefined) {
      let unitInput = unit.input;
      for (;;) {
        const outcome = calculate(unitInput, { period: unit.period.label, summary: true });
        if (outcome.ok) {
          for (const r of outcome.result.results) found.push(liveResultOf(r, year, input));
          break;
        }
        const before = failed.size;
        // A problem of no one payee's, or of payees already left out: the unit as it was.
        if (!fail(outcome.problems) || failed.size === before) {
          whole = false;
          break;
        }
        unitInput = withoutPayees(unitInput, failed);
      }
    } else {
      for (const payee of payees) {
        const outcome = calculate(unit.input, { period: unit.period.label, payee, summary: true });
        if (outcome.ok) for (const r of outcome.result.results) found.push(liveResultOf(r, year, input));
        else if (!fail(outcome.problems)) whole = false;
      }
    }
    if (whole) results.push(...found.filter((r) => !failed.has(r.payee)));
    return { unit, whole, failed };
  });
  return {
    results,
    covers: (payee, label) => {
      const period = calendar.parse(label);
      if (period === undefined) return false;
      const o = outcomes.find(({ unit }) => unit.yearly === (period.kind === 'year') && period.start >= unit.period.start && period.end <= unit.period.end);
      return o !== undefined && o.whole && !o.failed.has(payee);
    },
    problems,
  };
}

function payeeOf(p: CalcProblem): string | undefined {
  return 'payee' in p ? p.payee : undefined;
}

/**
 * The input reduced to some payees (renumbered), for computing results that depend on no one
 * else's: `keep` holds each computed payee and, for one with a team measure, everyone below them.
 * A manager outside `keep` becomes no manager; split shares of others are dropped.
 */
function onPayees(input: EngineInput, keep: ReadonlySet<string>): EngineInput {
  const renumber = new Int32Array(input.payees.length).fill(-1);
  const payees: Payee[] = [];
  input.payees.forEach((p, i) => {
    if (keep.has(p.id)) renumber[i] = payees.push(p) - 1;
  });
  const t = input.transactions;
  const splits = new Map<number, Split[]>();
  t.splits.forEach((shares, row) => {
    const mine = shares.filter((s) => renumber[s.payee]! >= 0).map((s) => ({ ...s, payee: renumber[s.payee]! }));
    if (mine.length > 0) splits.set(row, mine);
  });
  const owner = t.owner.map((o) => (o < 0 ? o : renumber[o]!));
  const kept = <T extends { readonly payee: number }>(list: readonly T[]) => list.filter((x) => renumber[x.payee]! >= 0).map((x) => ({ ...x, payee: renumber[x.payee]! }));
  return {
    ...input,
    payees: payees.map((p) => ({ ...p, manager: p.manager < 0 ? -1 : renumber[p.manager]! })),
    assignments: kept(input.assignments),
    quotas: kept(input.quotas),
    adjustments: kept(input.adjustments),
    transactions: { ...t, owner, splits },
  };
}

/** The input without these payees' assignments: they get no results, and their deals still count for their managers' teams. */
function withoutPayees(input: EngineInput, payees: ReadonlySet<string>): EngineInput {
  const index = new Set(input.payees.flatMap((p, i) => (payees.has(p.id) ? [i] : [])));
  return { ...input, assignments: input.assignments.filter((a) => !index.has(a.payee)), adjustments: input.adjustments.filter((a) => !index.has(a.payee)) };
}

/** The input with only the plans `keep` accepts (and their assignments and adjustments). */
function onPlans(input: EngineInput, keep: (plan: string) => boolean): EngineInput {
  return {
    ...input,
    plans: input.plans.filter((p) => keep(p.id)),
    assignments: input.assignments.filter((a) => keep(a.plan)),
    adjustments: input.adjustments.filter((a) => keep(a.plan)),
  };
}

/** A result as the live store keeps it. */
export function liveResultOf(r: PayeeResult, year: string, input: EngineInput): LiveResult {
  const earned = r.components.reduce((sum, c) => sum + c.earned, 0n);
  const attainment = r.attainment[0];
  return {
    payee: r.payee,
    plan: r.plan,
    period: r.period,
    year,
    currency: r.currency,
    earned: formatScaled(earned, r.minorUnits),
    payout: formatScaled(r.payout, r.minorUnits),
    attainment: attainment === undefined ? null : exactOrTen(attainment.value),
    result: payeeResultObject(r, { rounding: input.settings.rounding }) as unknown as JsonValue,
  };
}

/**
 * Writes the year's new results (of `payees`, or everyone's) where they differ from the stored
 * ones, removes stored ones that are gone, and returns the events saying so. Results in locked
 * periods stay as they were: paid is paid.
 */
async function store(
  trx: Db,
  year: string,
  payees: readonly string[] | undefined,
  computed: Computed,
  isLocked: (period: string) => boolean,
): Promise<NewLiveEvent[]> {
  const stored = new Map((await liveResultsOfYear(trx, year, payees)).map((r) => [key(r), r]));
  const upserts: LiveResult[] = [];
  const events: NewLiveEvent[] = [];
  const boards = new Map<string, { plan: string; period: string }>();
  const lockedCache = new Map<string, boolean>();
  const locked = (period: string) => {
    let l = lockedCache.get(period);
    if (l === undefined) lockedCache.set(period, (l = isLocked(period)));
    return l;
  };
  const seen = new Set<string>();
  for (const live of computed.results) {
    if (locked(live.period)) continue;
    const k = key(live);
    seen.add(k);
    const before = stored.get(k);
    if (before && sameResult(before, live)) continue;
    upserts.push(live);
    events.push(resultEvent(live));
    boards.set(`${live.plan}\u0000${live.period}`, { plan: live.plan, period: live.period });
  }
  const removals = [...stored.values()].filter((r) => !seen.has(key(r)) && !locked(r.period) && computed.covers(r.payee, r.period));
  for (const r of removals) {
    events.push({ kind: 'result', payee: r.payee, plan: r.plan, period: r.period, data: { payee: r.payee, plan: r.plan, period: r.period, removed: true } });
    boards.set(`${r.plan}\u0000${r.period}`, { plan: r.plan, period: r.period });
  }
  await writeLiveResults(trx, upserts, removals);
  for (const b of boards.values()) events.push({ kind: 'leaderboard', payee: null, plan: b.plan, period: b.period, data: { plan: b.plan, period: b.period } });
  return events;
}

const key = (r: { readonly payee: string; readonly plan: string; readonly period: string }) => `${r.payee}\u0000${r.plan}\u0000${r.period}`;

function sameResult(a: LiveResult, b: LiveResult): boolean {
  return a.currency === b.currency && a.earned === b.earned && a.payout === b.payout && a.attainment === b.attainment && canonical(a.result) === canonical(b.result);
}

/** JSON with object keys sorted: jsonb gives keys back in its own order. */
function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The event a changed result makes: what a dashboard shows of it. */
function resultEvent(r: LiveResult): NewLiveEvent {
  return {
    kind: 'result',
    payee: r.payee,
    plan: r.plan,
    period: r.period,
    data: { payee: r.payee, plan: r.plan, period: r.period, currency: r.currency, earned: r.earned, payout: r.payout, attainment: r.attainment },
  };
}
