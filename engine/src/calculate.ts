import { Accumulator, columnValue, LIMIT, SumTable } from './accumulator.js';
import { mapped } from './arrays.js';
import { compareCodePoints } from './compare.js';
import { minorUnits } from './currencies.js';
import { type Day, formatDay } from './day.js';
import type { DecimalColumn, EngineInput, TransactionTable } from './input.js';
import { FirstKeyedMap } from './first-keyed.js';
import { FiscalCalendar, type Period, type PeriodKind } from './period.js';
import { computeComponents, type LineAmounts, type MergedCredit, NO_LINE_AMOUNTS, type ResultContext } from './components.js';
import { Rational } from './rational.js';
import type {
  AdjustmentResult,
  CalcOutcome,
  CalcProblem,
  CalcStreamOutcome,
  ClawbackResult,
  ComponentResult,
  DrawResult,
  MeasureValue,
  PayeeResult,
  UnappliedClawback,
} from './result.js';
import { Factor } from './factor.js';
import { FxTable, type PlainMeasures, PlanRuntime } from './runtime.js';

export interface CalcOptions {
  readonly period: string;
  /** Only this payee's results (team measures still see everyone below them). */
  readonly payee?: string | undefined;
  /** Leave component lines out; totals are computed without building them. */
  readonly summary?: boolean | undefined;
  /** Attach a plain-language explanation to every line. */
  readonly explain?: boolean | undefined;
}

const OPEN_END = 2 ** 31 - 1;

/** One payee on one plan: the union of their assignments and the results computed for it. */
class Span {
  readonly results = new FirstKeyedMap<ResultState>();
  constructor(
    readonly payee: number,
    readonly runtime: PlanRuntime,
    /** Made with its first interval: an array grown by push from empty reserves 17 slots. */
    readonly intervals: { from: Day; to: Day }[],
  ) {}

  covers(day: Day): boolean {
    for (let k = 0; k < this.intervals.length; k++) {
      const i = this.intervals[k]!;
      if (day >= i.from && day <= i.to) return true;
    }
    return false;
  }

  daysWithin(period: Period): number {
    let days = 0;
    for (let k = 0; k < this.intervals.length; k++) {
      const i = this.intervals[k]!;
      const from = Math.max(i.from, period.start);
      const to = Math.min(i.to, period.end);
      if (from <= to) days += to - from + 1;
    }
    return days;
  }
}

/** Fields of one target in `CreditTargets.target` (see there). */
const T_FROM = 0;
const T_TO = 1;
const T_GAPS = 2;
const T_SELF = 3;
const T_KIND = 4;
const T_KEY_BASE = 5;
const T_KEY_COUNT = 6;
const T_STATE_AT = 7;
const T_SIZE = 8;

/** Fields of one result in `CreditTargets.state`. */
const S_SUM_AT = 0;
const S_SPIFF_AT = 1;
const S_LINES = 2;
const S_RUNTIME = 3;
const S_SIZE = 4;

/** Fields of one payee in `directTargets` (see there). */
const D_SUM_AT = 0;
const D_FROM = 1;
const D_TO = 2;
const D_RUNTIME = 3;
/** The result's index when its credits are logged (its lines are wanted), else -1. */
const D_LOG = 4;
const D_SIZE = 5;

const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];
const EMPTY: Int32Array = new Int32Array(0);
const NO_SPANS: Span[] = [];
/** A result's draw when nothing was paid, recovered or owed. */
const NO_DRAW: DrawResult = Object.freeze({ paid: 0n, recovered: 0n, balance: 0n });
/** The empty list every empty list field shares (frozen: nothing may push to it). */
const NONE: readonly never[] = Object.freeze([]);

/**
 * Where credits go, packed into typed arrays for the per-row loop of aggregation, which would
 * otherwise spend its time chasing objects spread over the heap. Each payee's targets (its own
 * spans, and the team spans of everyone above it) are a contiguous range; a target holds its
 * assignment bounds and, per period key, the index of its result. Every result's measure and
 * SPIFF sums have slots in `sums`.
 */
class CreditTargets {
  /** Targets of payee p: `[start[p], start[p + 1])`. */
  readonly start: Int32Array;
  /** T_SIZE fields per target. */
  readonly target: Int32Array;
  readonly span: Span[];
  /** Per span and key offset (from its targets' T_STATE_AT): the result's index, or -1. */
  readonly stateOf: Int32Array;
  readonly states: ResultState[];
  /** S_SIZE fields per result. */
  readonly state: Int32Array;
  readonly runtimes: PlanRuntime[] = [];
  readonly sums: SumTable;
  /** Period key of each day from `first`, per kind in PERIOD_KINDS order. */
  readonly keys: Int32Array[];

  /**
   * Built with typed arrays and counting passes rather than lists of small objects: this runs
   * while every result of the run is young, and each object made here would make the garbage
   * collector copy all of them once more.
   */
  constructor(
    spans: readonly Span[],
    payees: number,
    below: (payee: number) => number[],
    readonly first: Day,
    last: Day,
    calendar: FiscalCalendar,
  ) {
    this.keys = PERIOD_KINDS.map((kind) => {
      const keys = new Int32Array(last - first + 1);
      if (spans.some((s) => s.runtime.plan.period === kind)) {
        for (let day = first; day <= last; day++) keys[day - first] = calendar.keyOf(kind, day);
      }
      return keys;
    });
    // Results: each span's keys form a block of stateOf; each result's sums, slots of `sums`.
    let stateCount = 0;
    let slotCount = 0;
    let blocks = 0;
    const keyBase = new Int32Array(spans.length);
    const blockAt = new Int32Array(spans.length);
    for (let k = 0; k < spans.length; k++) {
      let low = Infinity;
      let high = -Infinity;
      // forEach, not for-of: no [key, value] pair made per entry.
      spans[k]!.results.forEach((state, key) => {
        low = Math.min(low, key);
        high = Math.max(high, key);
        stateCount++;
        slotCount += state.sums.length + state.spiffSums.length;
      });
      keyBase[k] = low;
      blockAt[k] = blocks;
      blocks += high - low + 1;
    }
    this.stateOf = new Int32Array(blocks).fill(-1);
    this.states = new Array<ResultState>(stateCount);
    this.state = new Int32Array(stateCount * S_SIZE);
    const accumulators = new Array<Accumulator>(slotCount);
    let index = 0;
    let slot = 0;
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k]!;
      let runtime = this.runtimes.indexOf(span.runtime);
      if (runtime < 0) runtime = this.runtimes.push(span.runtime) - 1;
      span.results.forEach((state, key) => {
        this.stateOf[blockAt[k]! + key - keyBase[k]!] = index;
        this.states[index] = state;
        const at = index * S_SIZE;
        this.state[at + S_SUM_AT] = slot;
        for (let i = 0; i < state.sums.length; i++) accumulators[slot++] = state.sums[i]!;
        this.state[at + S_SPIFF_AT] = slot;
        for (let i = 0; i < state.spiffSums.length; i++) accumulators[slot++] = state.spiffSums[i]!;
        this.state[at + S_LINES] = state.lines ? 1 : 0;
        this.state[at + S_RUNTIME] = runtime;
        index++;
      });
    }
    this.sums = new SumTable(accumulators);
    // Targets, payee by payee, each payee's in span order: its own spans, and the team spans of
    // those above it (a count, then a fill).
    const members = spans.some((span) => span.runtime.hasTeam)
      ? spans.map((span) => (span.runtime.hasTeam ? below(span.payee) : NONE))
      : undefined;
    const start = new Int32Array(payees + 1);
    for (let k = 0; k < spans.length; k++) {
      start[spans[k]!.payee + 1]!++;
      if (members) for (const m of members[k]!) start[m + 1]!++;
    }
    for (let p = 0; p < payees; p++) start[p + 1]! += start[p]!;
    this.start = start;
    const targets = start[payees]!;
    this.target = new Int32Array(targets * T_SIZE);
    this.span = new Array<Span>(targets);
    const fill = start.slice(0, payees);
    const f = this.target;
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k]!;
      let from = Infinity;
      let to = -Infinity;
      for (let i = 0; i < span.intervals.length; i++) {
        from = Math.min(from, span.intervals[i]!.from);
        to = Math.max(to, span.intervals[i]!.to);
      }
      const kind = PERIOD_KINDS.indexOf(span.runtime.plan.period);
      const keyCount = (k + 1 < spans.length ? blockAt[k + 1]! : blocks) - blockAt[k]!;
      const team: readonly number[] = members?.[k] ?? NONE;
      // The payee's own target, then one for each member below it.
      for (let j = -1; j < team.length; j++) {
        const t = fill[j < 0 ? span.payee : team[j]!]!++;
        const at = t * T_SIZE;
        f[at + T_FROM] = Math.max(from, -(2 ** 31));
        f[at + T_TO] = Math.min(to, 2 ** 31 - 1);
        f[at + T_GAPS] = span.intervals.length > 1 ? 1 : 0;
        f[at + T_SELF] = j < 0 ? 1 : 0;
        f[at + T_KIND] = kind;
        f[at + T_KEY_BASE] = keyBase[k]!;
        f[at + T_KEY_COUNT] = keyCount;
        f[at + T_STATE_AT] = blockAt[k]!;
        this.span[t] = span;
      }
    }
  }
}

/**
 * Per payee, D_SIZE fields: where its own credits go when that is one result alone and the
 * aggregation's common case, or D_SUM_AT -1. That is a payee with one target (its own span, in
 * no one's team) whose assignment has no gaps, of a plan with PlainMeasures; a row dated within
 * [D_FROM, D_TO] lands in that result, and is logged there when its lines are wanted (D_LOG).
 * Most rows of a big run are such a payee's, and reading one packed entry instead of following
 * target, key and result through four arrays keeps the loop's memory within the cache.
 */
function directTargets(targets: CreditTargets, payees: number, last: Day): Int32Array {
  const { start, target: f, stateOf, state, span: spans, first } = targets;
  const direct = new Int32Array(payees * D_SIZE).fill(-1);
  for (let p = 0; p < payees; p++) {
    const t = start[p]!;
    if (start[p + 1]! - t !== 1) continue;
    const at = t * T_SIZE;
    const span = spans[t]!;
    if (f[at + T_GAPS] !== 0 || f[at + T_SELF] !== 1 || f[at + T_KEY_COUNT] !== 1 || span.results.size !== 1) continue;
    const index = stateOf[f[at + T_STATE_AT]!]!;
    if (index < 0) continue;
    const s = index * S_SIZE;
    const r = state[s + S_RUNTIME]!;
    if (targets.runtimes[r]!.plain === undefined) continue;
    const period = targets.states[index]!.period;
    const d = p * D_SIZE;
    direct[d + D_SUM_AT] = state[s + S_SUM_AT]!;
    direct[d + D_FROM] = Math.max(f[at + T_FROM]!, period.start, first);
    direct[d + D_TO] = Math.min(f[at + T_TO]!, period.end, last);
    direct[d + D_RUNTIME] = r;
    direct[d + D_LOG] = state[s + S_LINES] === 1 ? index : -1;
  }
  return direct;
}

/**
 * Adds row `row` times `units × 10^-unitsScale` (1 for a whole row, a split's share as its
 * Factor) to the `measures` of a result whose sums start at `sumAt` (a plan with PlainMeasures).
 */
function addPlainCredit(sums: SumTable, plain: PlainMeasures, measures: Int32Array, sumAt: number, row: number, units: number, unitsScale: number): void {
  const { small, scale } = sums;
  for (let k = 0; k < measures.length; k++) {
    const m = measures[k]!;
    const codes = plain.filterCodes[m];
    if (codes !== undefined && plain.filterAccepted[m]![codes[row]!] !== 1) continue;
    const slot = sumAt + m;
    const mantissas = plain.mantissa[m];
    if (mantissas === undefined) {
      // A count: a credit counts as its share.
      sums.addScaled(slot, units, unitsScale);
      continue;
    }
    // Whole rows' mantissas are below 2^52, so only a share's product can be too large to be exact.
    const mantissa = mantissas[row]! * units;
    const rowScale = plain.scale[m]![row]! + unitsScale;
    if (!(mantissa <= LIMIT && mantissa >= -LIMIT)) {
      sums.addProduct(slot, mantissas[row]!, units, rowScale);
      continue;
    }
    if (rowScale === scale[slot]) {
      const sum = small[slot]! + mantissa;
      if (sum <= LIMIT && sum >= -LIMIT) {
        small[slot] = sum;
        continue;
      }
    }
    sums.addScaled(slot, mantissa, rowScale);
  }
}

/**
 * Indexes of `rows` by date, then row: what sorting them by date, id and row gives when ids
 * ascend with the rows. The aggregation logs credits in row order, so a stable counting sort by
 * date is enough, in one pass; `undefined` when the rows do not ascend, or their dates spread
 * too far for counting to pay.
 */
function orderByDate(rows: readonly number[], date: Int32Array): Int32Array | undefined {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && rows[i]! < rows[i - 1]!) return undefined;
    const d = date[rows[i]!]!;
    if (d < low) low = d;
    if (d > high) high = d;
  }
  if (rows.length === 0 || high - low > 4 * rows.length + 1024) return undefined;
  const next = new Int32Array(high - low + 2);
  for (let i = 0; i < rows.length; i++) next[date[rows[i]!]! - low + 1]!++;
  for (let d = 1; d < next.length; d++) next[d]! += next[d - 1]!;
  const order = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) order[next[date[rows[i]!]! - low]!++] = i;
  return order;
}

/** Credits reaching one result, kept only when its lines are needed. */
interface CreditLog {
  rows: number[];
  shares: (Rational | undefined)[];
  self: boolean[];
}

class ResultState {
  output = false;
  payout = false;
  /** Its credits are logged: its lines are printed, or a clawback reverses them. */
  lines = false;
  /** A clawback reverses its lines: they are computed with its totals, before any result is handed over. */
  clawbackSource = false;
  /** `components` hold their lines. */
  componentsHaveLines = false;
  readonly sums: Accumulator[];
  readonly spiffSums: readonly Accumulator[];
  log: CreditLog | undefined;
  measures: readonly Rational[] = NONE;
  quotas: readonly (Rational | undefined)[] = NONE;
  components: ComponentResult[] | undefined;
  lineAmounts: LineAmounts = NO_LINE_AMOUNTS;
  // Lists only once there is something in them (most results have none): every result is kept
  // until the run is printed, and the garbage collector copies whatever they hold.
  private clawbackList: PendingClawbackResult[] | undefined;
  private adjustmentList: AdjustmentResult[] | undefined;

  constructor(
    readonly span: Span,
    readonly period: Period,
    readonly coverage: Rational,
  ) {
    this.sums = mapped(span.runtime.plan.measures, () => new Accumulator());
    this.spiffSums = span.runtime.spiffs.length === 0 ? NONE : mapped(span.runtime.spiffs, () => new Accumulator());
  }

  get clawbacks(): readonly PendingClawbackResult[] {
    return this.clawbackList ?? NONE;
  }

  get adjustments(): readonly AdjustmentResult[] {
    return this.adjustmentList ?? NONE;
  }

  addClawback(clawback: PendingClawbackResult): void {
    (this.clawbackList ??= []).push(clawback);
  }

  addAdjustment(adjustment: AdjustmentResult): void {
    (this.adjustmentList ??= []).push(adjustment);
  }

  sortClawbacks(compare: (a: PendingClawbackResult, b: PendingClawbackResult) => number): void {
    this.clawbackList?.sort(compare);
  }
}

/** A clawback in its result, with the (date, id) it is listed by. */
type PendingClawbackResult = ClawbackResult & { order: [Day, string] };

interface PendingClawback {
  readonly row: number;
  readonly source: ResultState;
  /** `undefined` when the payee has no result to land in: the clawback is listed as unapplied. */
  readonly landing: ResultState | undefined;
}

/**
 * Computes every result of the selected period. Pure: the same input gives the same output,
 * and nothing outside the arguments is read.
 */
export function calculate(input: EngineInput, options: CalcOptions): CalcOutcome {
  const outcome = calculateStream(input, options);
  if (!outcome.ok) return outcome;
  const { period, results, unapplied } = outcome.result;
  return { ok: true, result: { period, results: [...results], unapplied } };
}

/**
 * `calculate`, with the results handed over one at a time, in order, as they are taken from
 * `results` (once): a result's lines are computed then and kept by nothing, so a run with lines
 * for a million deals never holds them all. Every problem is found before: an outcome that is
 * ok hands over every result.
 */
export function calculateStream(input: EngineInput, options: CalcOptions): CalcStreamOutcome {
  const calendar = new FiscalCalendar(input.settings.fiscalYearStart);
  const selected = calendar.parse(options.period);
  if (!selected) {
    return fail({ code: 'BAD_ARGUMENT', message: `unknown period "${options.period}" (use YYYY-MM, YYYY-Qn or YYYY)` });
  }
  let payeeFilter = -1;
  if (options.payee !== undefined) {
    payeeFilter = input.payees.findIndex((p) => p.id === options.payee);
    if (payeeFilter < 0) return fail({ code: 'BAD_ARGUMENT', message: `unknown payee "${options.payee}"` });
  }
  return new Calculation(input, calendar, selected, payeeFilter, options).run();
}

function fail(problem: CalcProblem): CalcStreamOutcome {
  return { ok: false, problems: [problem] };
}

class Calculation {
  private readonly table: TransactionTable;
  private readonly runtimes = new Map<string, PlanRuntime>();
  private readonly spansByPayee: Span[][];
  /** Every span, payee by payee, each payee's by plan id. */
  private readonly spans: Span[];
  private readonly fx: FxTable;
  private readonly problems: CalcProblem[] = [];
  private readonly reported = new Set<string>();
  private readonly pending: PendingClawback[] = [];

  constructor(
    private readonly input: EngineInput,
    private readonly calendar: FiscalCalendar,
    private readonly selected: Period,
    private readonly payeeFilter: number,
    private readonly options: CalcOptions,
  ) {
    this.table = input.transactions;
    for (const plan of input.plans) {
      this.runtimes.set(plan.id, new PlanRuntime(plan, minorUnits(plan.currency) ?? 2, this.table));
    }
    this.fx = new FxTable(input.settings.currency, input.fx);
    // Lists start as one shared empty array and are replaced, never pushed to: most payees
    // have one span, and an array grown by push from empty reserves 17 slots.
    this.spansByPayee = input.payees.map(() => NO_SPANS);
    // Indexed loops here and below, not for-of: a run goes through them once per payee, span or
    // result, mostly before V8 has optimized them, and unoptimized for-of makes an object a step.
    for (let i = 0; i < input.assignments.length; i++) {
      const a = input.assignments[i]!;
      const runtime = this.runtimes.get(a.plan);
      if (!runtime) continue;
      const interval = { from: a.from, to: a.to ?? OPEN_END };
      // A payee has a few plans at most: a scan beats a map keyed by a string made per row.
      const list = this.spansByPayee[a.payee]!;
      const span = list.find((s) => s.runtime === runtime);
      if (span) span.intervals.push(interval);
      // A literal of one: a spread of the empty list grows its array by push, to 17 slots.
      else this.spansByPayee[a.payee] = list.length === 0 ? [new Span(a.payee, runtime, [interval])] : [...list, new Span(a.payee, runtime, [interval])];
    }
    for (let p = 0; p < this.spansByPayee.length; p++) {
      const list = this.spansByPayee[p]!;
      if (list.length > 1) list.sort((x, y) => compareCodePoints(x.runtime.plan.id, y.runtime.plan.id));
    }
    this.spans = this.spansByPayee.flat();
  }

  /**
   * Every problem is found before a result is handed over: every result's totals are computed
   * first (a formula's error depends on them alone), with lines only where a clawback needs
   * them. Lines of the rest are computed as their results are taken, in order, and nothing keeps
   * them: a run with a million lines never holds them all.
   */
  run(): CalcStreamOutcome {
    this.planResults();
    this.planClawbacks();
    this.aggregate();
    for (let k = 0; k < this.spans.length; k++) {
      // forEach, not for-of: no iterator result made per entry (this runs for every result).
      this.spans[k]!.results.forEach((state) => this.computeResult(state));
    }
    if (this.problems.length > 0) return { ok: false, problems: this.problems };
    const unapplied = this.applyClawbacks();
    this.applyAdjustments();
    if (this.problems.length > 0) return { ok: false, problems: this.problems };
    const payouts = this.payouts();
    return { ok: true, result: { period: this.selected.label, count: payouts.length, results: this.results(payouts), unapplied } };
  }

  private *results(payouts: readonly ResultPayout[]): Generator<PayeeResult, void, undefined> {
    for (let i = 0; i < payouts.length; i++) {
      const p = payouts[i]!;
      const state = p.state;
      if (state.lines && !state.componentsHaveLines) this.computeLines(state);
      yield this.payeeResult(state, state.components ?? [], p.draw, p.payout);
      // Nothing reads a result's parts once it is handed over (clawbacks and draws took theirs).
      state.components = undefined;
      state.log = undefined;
    }
  }

  private stateFor(span: Span, period: Period): ResultState {
    let state = span.results.get(period.key);
    if (!state) {
      const days = span.daysWithin(period);
      const periodDays = period.end - period.start + 1;
      state = new ResultState(span, period, days === periodDays ? Rational.ONE : Rational.of(BigInt(days), BigInt(periodDays)));
      span.results.set(period.key, state);
    }
    return state;
  }

  /** The results asked for, and the earlier ones a recoverable draw's balance depends on. */
  private planResults(): void {
    const selectedPeriods = new Map<PeriodKind, Period[]>();
    for (let k = 0; k < this.spans.length; k++) {
      const span = this.spans[k]!;
      if (this.payeeFilter >= 0 && span.payee !== this.payeeFilter) continue;
      const plan = span.runtime.plan;
      let periods = selectedPeriods.get(plan.period);
      if (!periods) selectedPeriods.set(plan.period, (periods = this.calendar.inside(plan.period, this.selected)));
      for (let i = 0; i < periods.length; i++) {
        const period = periods[i]!;
        if (span.daysWithin(period) === 0) continue;
        const state = this.stateFor(span, period);
        state.output = state.payout = true;
        state.lines = !this.options.summary;
        if (plan.draw?.recoverable) {
          const year = this.calendar.fiscalYearOf(period.start);
          for (const earlier of this.calendar.inside(plan.period, year)) {
            if (earlier.start >= period.start) break;
            if (span.daysWithin(earlier) > 0) this.stateFor(span, earlier).payout = true;
          }
        }
      }
    }
  }

  /**
   * Finds cancelled transactions whose clawbacks land in a computed result (or, with nowhere to
   * land, inside the selected period), and marks their original results for line detail.
   */
  private planClawbacks(): void {
    const { table, calendar } = this;
    for (const [row, cancelDay] of table.cancelled) {
      const date = table.date[row]!;
      const candidates = new Set<Span>();
      for (const payee of this.creditedPayees(row)) {
        for (const span of this.spansByPayee[payee]!) candidates.add(span);
        for (let a = this.input.payees[payee]!.manager; a >= 0; a = this.input.payees[a]!.manager) {
          for (const span of this.spansByPayee[a]!) if (span.runtime.hasTeam) candidates.add(span);
        }
      }
      for (const span of candidates) {
        const plan = span.runtime.plan;
        const window = plan.clawbackWindowDays;
        if (window === undefined || cancelDay - date > window || !span.covers(date)) continue;
        const original = calendar.containing(plan.period, date);
        const landingPeriod = calendar.containing(plan.period, cancelDay);
        if (original.key === landingPeriod.key) continue;
        const landing = this.landingFor(span, landingPeriod, cancelDay);
        const relevant =
          landing !== undefined
            ? (landing.span.results.get(landing.period.key)?.payout ?? false)
            : cancelDay >= this.selected.start &&
              cancelDay <= this.selected.end &&
              (this.payeeFilter < 0 || span.payee === this.payeeFilter);
        if (!relevant) continue;
        const source = this.stateFor(span, original);
        source.lines = source.clawbackSource = true;
        this.pending.push({
          row,
          source,
          landing: landing && this.stateFor(landing.span, landing.period),
        });
      }
    }
  }

  private landingFor(span: Span, samePlanPeriod: Period, cancelDay: Day): { span: Span; period: Period } | undefined {
    if (span.daysWithin(samePlanPeriod) > 0) return { span, period: samePlanPeriod };
    for (const other of this.spansByPayee[span.payee]!) {
      if (other === span) continue;
      const period = this.calendar.containing(other.runtime.plan.period, cancelDay);
      if (other.daysWithin(period) > 0) return { span: other, period };
    }
    return undefined;
  }

  private creditedPayees(row: number): number[] {
    const owner = this.table.owner[row]!;
    if (owner >= 0) return [owner];
    return (this.table.splits.get(row) ?? []).map((s) => s.payee);
  }

  /** One pass over the transactions, adding each credit to every result it reaches. */
  private aggregate(): void {
    const { table, calendar } = this;
    let first = Infinity;
    let last = -Infinity;
    const spans: Span[] = [];
    for (let k = 0; k < this.spans.length; k++) {
      const span = this.spans[k]!;
      if (span.results.size === 0) continue;
      spans.push(span);
      span.results.forEach((state) => {
        first = Math.min(first, state.period.start);
        last = Math.max(last, state.period.end);
      });
    }
    if (first > last || table.length === 0) return;
    const targets = new CreditTargets(spans, this.input.payees.length, (p) => this.below(p), first, last, calendar);
    const { start, target: fields, stateOf, state: stateFields, keys, sums } = targets;
    const direct = directTargets(targets, this.input.payees.length, last);
    const plains = targets.runtimes.map((r) => r.plain);
    const planCurrency = Int32Array.from(targets.runtimes, (r) => r.currencyCode);
    const { date: dates, owner: owners, currency, cancelled, splits } = table;
    const anyCancelled = cancelled.size > 0;
    const length = table.length;
    // The plan of the last result credited, its measures in locals (runs usually have one plan).
    let runtime = -1;
    let plain: PlainMeasures | undefined;
    let selfMeasures = EMPTY;
    let teamMeasures = EMPTY;
    for (let row = 0; row < length; row++) {
      const date = dates[row]!;
      if (date < first || date > last) continue;
      const cancelDay = anyCancelled ? cancelled.get(row) : undefined;
      const owner = owners[row]!;
      if (owner >= 0) {
        const d = owner * D_SIZE;
        const directSumAt = direct[d + D_SUM_AT]!;
        if (directSumAt >= 0 && cancelDay === undefined && date >= direct[d + D_FROM]! && date <= direct[d + D_TO]!) {
          const r = direct[d + D_RUNTIME]!;
          if (r !== runtime) {
            runtime = r;
            plain = plains[r];
            selfMeasures = plain?.self ?? EMPTY;
            teamMeasures = plain?.team ?? EMPTY;
          }
          if (currency[row] === planCurrency[r]) {
            addPlainCredit(sums, plain!, selfMeasures, directSumAt, row, 1, 0);
            const logged = direct[d + D_LOG]!;
            if (logged >= 0) this.logCredit(targets.states[logged]!, row, undefined, true);
            continue;
          }
        }
        const end = start[owner + 1]!;
        for (let t = start[owner]!; t < end; t++) {
          // The common case inline (see `credit` for the rule): a whole row, not cancelled, in
          // the plan's currency, to a result without lines, of a plan with PlainMeasures.
          const at = t * T_SIZE;
          if (cancelDay !== undefined || fields[at + T_GAPS] === 1) {
            this.credit(targets, t, row, date, cancelDay, undefined);
            continue;
          }
          if (date < fields[at + T_FROM]! || date > fields[at + T_TO]!) continue;
          const offset = keys[fields[at + T_KIND]!]![date - first]! - fields[at + T_KEY_BASE]!;
          if (offset < 0 || offset >= fields[at + T_KEY_COUNT]!) continue;
          const index = stateOf[fields[at + T_STATE_AT]! + offset]!;
          if (index < 0) continue;
          const s = index * S_SIZE;
          const r = stateFields[s + S_RUNTIME]!;
          if (r !== runtime) {
            runtime = r;
            plain = plains[r];
            selfMeasures = plain?.self ?? EMPTY;
            teamMeasures = plain?.team ?? EMPTY;
          }
          if (plain === undefined || currency[row] !== planCurrency[r] || stateFields[s + S_LINES] === 1) {
            this.credit(targets, t, row, date, cancelDay, undefined);
            continue;
          }
          addPlainCredit(sums, plain, fields[at + T_SELF] === 1 ? selfMeasures : teamMeasures, stateFields[s + S_SUM_AT]!, row, 1, 0);
        }
        continue;
      }
      const credits = splits.get(row);
      if (!credits) continue;
      for (let c = 0; c < credits.length; c++) {
        const split = credits[c]!;
        // A payee with a direct target, as for an owner above, its value times the share.
        const d = split.payee * D_SIZE;
        const directSumAt = direct[d + D_SUM_AT]!;
        if (directSumAt >= 0 && cancelDay === undefined && date >= direct[d + D_FROM]! && date <= direct[d + D_TO]!) {
          const r = direct[d + D_RUNTIME]!;
          const factor = this.shareFactor(split.share);
          if (currency[row] === planCurrency[r] && factor.units !== undefined) {
            if (r !== runtime) {
              runtime = r;
              plain = plains[r];
              selfMeasures = plain?.self ?? EMPTY;
              teamMeasures = plain?.team ?? EMPTY;
            }
            addPlainCredit(sums, plain!, selfMeasures, directSumAt, row, factor.units, factor.scale);
            const logged = direct[d + D_LOG]!;
            if (logged >= 0) this.logCredit(targets.states[logged]!, row, split.share, true);
            continue;
          }
        }
        const end = start[split.payee + 1]!;
        for (let t = start[split.payee]!; t < end; t++) this.credit(targets, t, row, date, cancelDay, split.share);
      }
    }
    targets.sums.flush();
  }

  /** One credit (a payee's share of row `row`) to target `t`'s result, if it reaches one. */
  private credit(targets: CreditTargets, t: number, row: number, date: Day, cancelDay: Day | undefined, share: Rational | undefined): void {
    const f = targets.target;
    const at = t * T_SIZE;
    if (date < f[at + T_FROM]! || date > f[at + T_TO]! || (f[at + T_GAPS] === 1 && !targets.span[t]!.covers(date))) return;
    const key = targets.keys[f[at + T_KIND]!]![date - targets.first]!;
    const offset = key - f[at + T_KEY_BASE]!;
    if (offset < 0 || offset >= f[at + T_KEY_COUNT]!) return;
    const index = targets.stateOf[f[at + T_STATE_AT]! + offset]!;
    if (index < 0) return;
    const s = index * S_SIZE;
    const runtime = targets.runtimes[targets.state[s + S_RUNTIME]!]!;
    if (cancelDay !== undefined && this.calendar.keyOf(runtime.plan.period, cancelDay) === key) return;
    const table = this.table;
    let fx: Factor | undefined;
    const currency = table.currency[row]!;
    if (currency !== runtime.currencyCode) {
      const factor = this.fx.exchange(table.currencies[currency]!, runtime.plan.currency, date);
      if (factor instanceof Factor) fx = factor;
      else {
        this.missingRate(factor.missing, date, row);
        return;
      }
    }
    const self = f[at + T_SELF] === 1;
    if (share === undefined && fx === undefined) {
      // The common case: the whole row in the plan's currency, added to flat slots only.
      const sums = targets.sums;
      const sumAt = targets.state[s + S_SUM_AT]!;
      if (self) {
        const measures = runtime.selfMeasures;
        for (let k = 0; k < measures.length; k++) this.addPlain(runtime, measures[k]!, row, sums, sumAt);
        if (runtime.spiffs.length > 0) this.addSpiffs(targets.states[index]!, row, undefined, sums, targets.state[s + S_SPIFF_AT]!);
      }
      const team = runtime.teamMeasures;
      for (let k = 0; k < team.length; k++) this.addPlain(runtime, team[k]!, row, sums, sumAt);
      if (targets.state[s + S_LINES] === 1) this.logCredit(targets.states[index]!, row, share, self);
      return;
    }
    this.addCredit(targets.states[index]!, row, share, fx, self, targets.sums, targets.state[s + S_SPIFF_AT]!);
  }

  /** Adds one credit carrying a split share or an exchange rate. */
  private addCredit(
    state: ResultState,
    row: number,
    share: Rational | undefined,
    fx: Factor | undefined,
    self: boolean,
    sums: SumTable,
    spiffAt: number,
  ): void {
    const runtime = state.span.runtime;
    if (self) {
      const measures = runtime.selfMeasures;
      for (let k = 0; k < measures.length; k++) this.addMeasure(state, measures[k]!, row, share, fx);
      if (runtime.spiffs.length > 0) this.addSpiffs(state, row, share, sums, spiffAt);
    }
    const team = runtime.teamMeasures;
    for (let k = 0; k < team.length; k++) this.addMeasure(state, team[k]!, row, share, fx);
    if (state.lines) this.logCredit(state, row, share, self);
  }

  private logCredit(state: ResultState, row: number, share: Rational | undefined, self: boolean): void {
    const log = (state.log ??= { rows: [], shares: [], self: [] });
    log.rows.push(row);
    log.shares.push(share);
    log.self.push(self);
  }

  /** A whole row's value of measure `index` (if it passes the filter), into the flat slots. */
  private addPlain(runtime: PlanRuntime, index: number, row: number, sums: SumTable, sumAt: number): void {
    const filter = runtime.filters[index];
    if (filter !== undefined && !filter.passes(row)) return;
    const column = this.columnOf(runtime, index);
    if (column === undefined) sums.addScaled(sumAt + index, 1, 0);
    else sums.addColumn(sumAt + index, column, row);
  }

  private addSpiffs(state: ResultState, row: number, share: Rational | undefined, sums: SumTable, spiffAt: number): void {
    const runtime = state.span.runtime;
    const date = this.table.date[row]!;
    for (let s = 0; s < runtime.spiffs.length; s++) {
      const spiff = runtime.spiffs[s]!;
      const c = spiff.component;
      if ((c.from !== undefined && date < c.from) || (c.to !== undefined && date > c.to)) continue;
      if (spiff.filter && !spiff.filter.passes(row)) continue;
      if (c.per === 'deal') {
        if (share) state.spiffSums[s]!.addRational(share);
        else sums.addScaled(spiffAt + s, 1, 0);
      } else if (share) state.spiffSums[s]!.addRational(columnValue(this.table.quantity, row).mul(share));
      else sums.addColumn(spiffAt + s, this.table.quantity, row);
    }
  }

  private addMeasure(state: ResultState, index: number, row: number, share: Rational | undefined, fx: Factor | undefined): void {
    const runtime = state.span.runtime;
    const filter = runtime.filters[index];
    if (filter !== undefined && !filter.passes(row)) return;
    const acc = state.sums[index]!;
    const column = this.columnOf(runtime, index);
    if (column === undefined) {
      // A count: each credit counts as its share.
      if (share) acc.addFactor(this.shareFactor(share));
      else acc.addScaled(1, 0);
      return;
    }
    // A share or a day's rate: a product of integers where it can be (see addColumnTimes).
    if (fx !== undefined && runtime.money[index]) {
      if (share === undefined) acc.addColumnTimes(column, row, fx);
      else acc.addRational(columnValue(column, row).mul(share).mul(fx.value));
    } else if (share) acc.addColumnTimes(column, row, this.shareFactor(share));
    else acc.addColumn(column, row);
  }

  /** Each split's share as a Factor, once per share (a reader gives a file's equal shares one object). */
  private readonly shareFactors = new Map<Rational, Factor>();
  private shareFactor(share: Rational): Factor {
    let factor = this.shareFactors.get(share);
    if (factor === undefined) this.shareFactors.set(share, (factor = new Factor(share)));
    return factor;
  }

  /** The column a measure sums, `undefined` for a count (see PlanRuntime.columns). */
  private columnOf(runtime: PlanRuntime, index: number): DecimalColumn | undefined {
    return runtime.columns[index];
  }

  /** Everyone below `payee` in the manager tree (not the payee). */
  private below(payee: number): number[] {
    const children = this.childrenIndex();
    const out: number[] = [];
    const stack = [...(children[payee] ?? [])];
    while (stack.length > 0) {
      const p = stack.pop()!;
      out.push(p);
      stack.push(...(children[p] ?? []));
    }
    return out;
  }

  private children: number[][] | undefined;
  private childrenIndex(): number[][] {
    if (!this.children) {
      const children: number[][] = this.input.payees.map(() => []);
      this.input.payees.forEach((p, i) => {
        if (p.manager >= 0) children[p.manager]!.push(i);
      });
      this.children = children;
    }
    return this.children;
  }

  private missingRate(currency: string, date: Day, row: number | undefined): void {
    const key = `rate|${currency}|${row ?? formatDay(date)}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ code: 'MISSING_RATE', currency, date, row });
  }

  private computeResult(state: ResultState): void {
    const runtime = state.span.runtime;
    const plan = runtime.plan;
    const payee = this.input.payees[state.span.payee]!;
    state.measures = mapped(state.sums, (s) => s.total());
    state.quotas = mapped(plan.measures, (m) => this.quotaFor(state, m.name));
    let missing = false;
    // forEach, not for-of: no iterator result per step (this runs for every result).
    runtime.requiredQuotas.forEach((measure) => {
      const index = runtime.measureIndex.get(measure);
      if (index !== undefined && state.quotas[index] !== undefined) return;
      missing = true;
      const key = `quota|${payee.id}|${measure}|${state.period.label}`;
      if (this.reported.has(key)) return;
      this.reported.add(key);
      this.problems.push({ code: 'MISSING_QUOTA', payee: payee.id, measure, period: state.period.label });
    });
    if (missing) return;
    const context: ResultContext = {
      runtime,
      table: this.table,
      rounding: this.input.settings.rounding,
      measures: state.measures,
      quotas: state.quotas,
      coverage: state.coverage,
      spiffSums: state.spiffSums.length === 0 ? NONE : mapped(state.spiffSums, (s) => s.total()),
      credits: state.clawbackSource ? this.mergedCredits(state) : undefined,
      // Words only where nothing computes the result again: those with lines get theirs then.
      explain: this.options.explain === true && (state.clawbackSource || !state.lines),
      rowFactor: (row) => this.rowFactor(row, runtime),
    };
    const computed = computeComponents(context);
    if (!computed.ok) {
      this.problems.push({
        code: 'FORMULA_ERROR',
        plan: plan.id,
        component: computed.component,
        payee: payee.id,
        period: state.period.label,
        message: computed.message,
      });
      return;
    }
    state.components = computed.components;
    state.componentsHaveLines = state.clawbackSource;
    state.lineAmounts = computed.lineAmounts;
    if (state.lines && !state.componentsHaveLines) this.contexts.set(state, context);
  }

  /** What computeResult computed the totals from, kept for the results whose lines come later. */
  private readonly contexts = new Map<ResultState, ResultContext>();

  /** The result's components again, with their lines (and words): the same totals, as computeResult found them. */
  private computeLines(state: ResultState): void {
    const context = this.contexts.get(state)!;
    this.contexts.delete(state);
    const computed = computeComponents({ ...context, credits: this.mergedCredits(state), explain: this.options.explain === true });
    // A formula's value depends on the result's totals alone, which gave none the first time.
    if (!computed.ok) throw new Error(`component ${computed.component} failed on its second computation: ${computed.message}`);
    state.components = computed.components;
    state.componentsHaveLines = true;
  }

  /** The exchange factor of a row into the plan currency; rows reaching lines already had one. */
  private rowFactor(row: number, runtime: PlanRuntime): Rational {
    if (this.table.currency[row] === runtime.currencyCode) return Rational.ONE;
    const factor = this.fx.factor(this.table.currencies[this.table.currency[row]!]!, runtime.plan.currency, this.table.date[row]!);
    return factor instanceof Rational ? factor : Rational.ONE;
  }

  private quotaFor(state: ResultState, measure: string): Rational | undefined {
    const quotas = this.quotaLookup().get(state.span.payee);
    if (quotas === undefined) return undefined;
    let quota = quotaIn(quotas, measure, state.period.label);
    if (quota === undefined && state.period.kind !== 'year') {
      const yearly = quotaIn(quotas, measure, this.calendar.fiscalYearOf(state.period.start).label);
      if (yearly !== undefined) quota = yearly.div(Rational.fromInt(state.period.kind === 'month' ? 12 : 4));
    }
    return quota?.mul(state.coverage);
  }

  /** Each payee's quotas, read once; a payee has a handful, so a list scan finds one. */
  private quotas: Map<number, PayeeQuota[]> | undefined;
  private quotaLookup(): Map<number, PayeeQuota[]> {
    if (!this.quotas) {
      this.quotas = new Map();
      for (let i = 0; i < this.input.quotas.length; i++) {
        const q = this.input.quotas[i]!;
        const period = this.calendar.parse(q.period);
        if (!period) continue;
        const quota = { measure: q.measure, label: period.label, amount: q.amount };
        // A list of one as a literal: one grown by push from empty reserves 17 slots.
        const list = this.quotas.get(q.payee);
        if (list) list.push(quota);
        else this.quotas.set(q.payee, [quota]);
      }
    }
    return this.quotas;
  }

  /** The result's credits in line order (date, then id by code point), one entry per transaction. */
  private mergedCredits(state: ResultState): MergedCredit[] {
    const log = state.log;
    if (!log) return [];
    const { date, id } = this.table;
    // Ids compared where they are kept when the column can: decoding two per comparison was most
    // of this. Ids that ascend with the rows (an export sorted by id) need no look at all.
    const byId = id.ascending
      ? (a: number, b: number) => a - b
      : id.compare
        ? (a: number, b: number) => id.compare!(a, b)
        : (a: number, b: number) => compareCodePoints(id.get(a), id.get(b));
    const order =
      (id.ascending && orderByDate(log.rows, date)) ||
      log.rows
        .map((_, i) => i)
        .sort((a, b) => {
          const ra = log.rows[a]!;
          const rb = log.rows[b]!;
          return date[ra]! - date[rb]! || byId(ra, rb) || ra - rb;
        });
    const merged: MergedCredit[] = [];
    for (const i of order) {
      const row = log.rows[i]!;
      const share = log.shares[i] ?? Rational.ONE;
      const last = merged[merged.length - 1];
      if (last && last.row === row) {
        last.teamShare = last.teamShare.add(share);
        if (log.self[i]) last.selfShare = share;
      } else {
        merged.push({ row, selfShare: log.self[i] ? share : undefined, teamShare: share });
      }
    }
    return merged;
  }

  private applyClawbacks(): UnappliedClawback[] {
    const unapplied: (UnappliedClawback & { order: [Day, string] })[] = [];
    const { table } = this;
    for (const p of this.pending) {
      const lines = p.source.lineAmounts.get(p.row);
      if (!lines) continue;
      const transaction = table.id.get(p.row);
      const order: [Day, string] = [table.date[p.row]!, transaction];
      const source = p.source.span.runtime;
      const cancelDay = table.cancelled.get(p.row)!;
      for (const line of lines) {
        const amount = -line.amount;
        if (p.landing) {
          const target = p.landing.span.runtime;
          const converted = this.convertMoney(amount, source, target, cancelDay);
          if (converted === undefined) continue;
          p.landing.addClawback({
            transaction,
            component: line.component,
            amount: converted,
            explanation: this.options.explain
              ? `reverses ${line.component} line of ${transaction} (${formatDay(table.date[p.row]!)}, ${p.source.period.label}` +
                `${target === source ? '' : `, plan ${source.plan.id}`}) cancelled on ${formatDay(cancelDay)}`
              : undefined,
            order,
          });
        } else {
          unapplied.push({
            payee: this.input.payees[p.source.span.payee]!.id,
            plan: source.plan.id,
            // With no result to land in, the entry names the result and line it reverses.
            period: p.source.period.label,
            transaction,
            component: line.component,
            currency: source.plan.currency,
            minorUnits: source.minorUnits,
            amount,
            order,
          });
        }
      }
    }
    const byTransaction = (a: { order: [Day, string] }, b: { order: [Day, string] }) =>
      a.order[0] - b.order[0] || compareCodePoints(a.order[1], b.order[1]);
    for (const span of this.spans) {
      span.results.forEach((state) => {
        if (state.clawbacks.length > 1) state.sortClawbacks(byTransaction);
      });
    }
    unapplied.sort(
      (a, b) =>
        compareCodePoints(a.payee, b.payee) ||
        compareCodePoints(a.plan, b.plan) ||
        compareCodePoints(a.period, b.period) ||
        byTransaction(a, b),
    );
    return unapplied.map(({ order: _, ...u }) => u);
  }

  /** Converts a rounded amount between plan currencies at `day`, rounding to the target's minor unit. */
  private convertMoney(amount: bigint, from: PlanRuntime, to: PlanRuntime, day: Day): bigint | undefined {
    if (from.plan.currency === to.plan.currency && from.minorUnits === to.minorUnits) return amount;
    const factor = this.fx.factor(from.plan.currency, to.plan.currency, day);
    if (!(factor instanceof Rational)) {
      this.missingRate(factor.missing, day, undefined);
      return undefined;
    }
    return Rational.fromScaled(amount, from.minorUnits).mul(factor).roundToScale(to.minorUnits, this.input.settings.rounding);
  }

  private applyAdjustments(): void {
    for (const adjustment of this.input.adjustments) {
      const span = this.spansByPayee[adjustment.payee]!.find((s) => s.runtime.plan.id === adjustment.plan);
      const period = span && this.calendar.parse(adjustment.period);
      if (!span || !period || period.kind !== span.runtime.plan.period) continue;
      const state = span.results.get(period.key);
      if (!state?.payout) continue;
      state.addAdjustment({
        amount: adjustment.amount.roundToScale(span.runtime.minorUnits, this.input.settings.rounding),
        reason: adjustment.reason,
      });
    }
  }

  /** Payouts and draws, period by period so that a recoverable draw's balance carries forward; in output order. */
  private payouts(): ResultPayout[] {
    const out: ResultPayout[] = [];
    const rounding = this.input.settings.rounding;
    const states: ResultState[] = [];
    for (let k = 0; k < this.spans.length; k++) {
      const span = this.spans[k]!;
      const plan = span.runtime.plan;
      // One list for every span, emptied each time: most spans have one result.
      states.length = 0;
      span.results.forEach((state) => {
        if (state.payout) states.push(state);
      });
      if (states.length > 1) states.sort((a, b) => a.period.start - b.period.start);
      let balance = 0n;
      let year = Number.NaN;
      for (let i = 0; i < states.length; i++) {
        const state = states[i]!;
        const fiscalYear = this.calendar.fiscalYearOf(state.period.start).key;
        if (fiscalYear !== year) {
          year = fiscalYear;
          balance = 0n;
        }
        const components = state.components ?? [];
        const beforeDraw =
          components.reduce((s, c) => s + c.earned, 0n) +
          state.clawbacks.reduce((s, c) => s + c.amount, 0n) +
          state.adjustments.reduce((s, a) => s + a.amount, 0n);
        let payout = beforeDraw;
        let paid = 0n;
        let recovered = 0n;
        if (plan.draw) {
          const draw = plan.draw.amount.mul(state.coverage).roundToScale(span.runtime.minorUnits, rounding);
          if (beforeDraw < draw) {
            payout = draw;
            paid = draw - beforeDraw;
            if (plan.draw.recoverable) balance += paid;
          } else if (plan.draw.recoverable) {
            recovered = balance < beforeDraw - draw ? balance : beforeDraw - draw;
            payout = beforeDraw - recovered;
            balance -= recovered;
          }
        }
        if (!state.output) continue;
        // Most plans have no draw: their results share one record of it (each is kept until printed).
        const draw = paid === 0n && recovered === 0n && balance === 0n ? NO_DRAW : { paid, recovered, balance };
        out.push({ state, payee: this.input.payees[span.payee]!.id, draw, payout });
      }
    }
    out.sort(
      (a, b) =>
        compareCodePoints(a.payee, b.payee) ||
        compareCodePoints(a.state.span.runtime.plan.id, b.state.span.runtime.plan.id) ||
        a.state.period.start - b.state.period.start,
    );
    return out;
  }

  private payeeResult(
    state: ResultState,
    components: ComponentResult[],
    draw: PayeeResult['draw'],
    payout: bigint,
  ): PayeeResult {
    const runtime = state.span.runtime;
    const plan = runtime.plan;
    // Arrays of their final length (these are kept until the run is printed; push from empty
    // would reserve 17 slots each).
    const { money } = runtime;
    const measures = mapped(plan.measures, (m, i): MeasureValue => ({ name: m.name, value: state.measures[i]!, money: money[i]! }));
    const withQuota: number[] = [];
    for (let i = 0; i < plan.measures.length; i++) if (state.quotas[i] !== undefined) withQuota.push(i);
    const quotas = mapped(withQuota, (i): MeasureValue => ({ name: plan.measures[i]!.name, value: state.quotas[i]!, money: money[i]! }));
    const attainment = mapped(
      withQuota,
      (i): MeasureValue => ({ name: plan.measures[i]!.name, value: state.measures[i]!.div(state.quotas[i]!), money: false }),
    );
    return {
      payee: this.input.payees[state.span.payee]!.id,
      plan: plan.id,
      period: state.period.label,
      currency: plan.currency,
      minorUnits: runtime.minorUnits,
      measures,
      quotas,
      attainment,
      // A summary drops the lines that only clawbacks needed; most results have none to drop.
      components: this.options.summary && components.some((c) => c.lines) ? components.map((c) => ({ ...c, lines: undefined })) : components,
      clawbacks: state.clawbacks.length === 0 ? NONE : state.clawbacks.map(({ order: _, ...c }) => c),
      adjustments: state.adjustments,
      draw,
      payout,
    };
  }
}

/** A result to hand over, with what its draw and payout came to. */
interface ResultPayout {
  readonly state: ResultState;
  readonly payee: string;
  readonly draw: PayeeResult['draw'];
  readonly payout: bigint;
}

interface PayeeQuota {
  readonly measure: string;
  readonly label: string;
  readonly amount: Rational;
}

/** The last quota given for the measure and period (the loader refuses repeats; other inputs may not). */
function quotaIn(quotas: readonly PayeeQuota[], measure: string, label: string): Rational | undefined {
  for (let i = quotas.length - 1; i >= 0; i--) {
    const q = quotas[i]!;
    if (q.measure === measure && q.label === label) return q.amount;
  }
  return undefined;
}
