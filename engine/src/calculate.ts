import { Accumulator, columnValue } from './accumulator.js';
import { compareCodePoints } from './compare.js';
import { minorUnits } from './currencies.js';
import { type Day, formatDay, monthIndexOfDay } from './day.js';
import type { EngineInput, TransactionTable } from './input.js';
import { FiscalCalendar, type Period } from './period.js';
import { computeComponents, type MergedCredit, type ResultContext } from './components.js';
import { Rational } from './rational.js';
import type {
  AdjustmentResult,
  CalcOutcome,
  CalcProblem,
  ClawbackResult,
  ComponentResult,
  MeasureValue,
  PayeeResult,
  UnappliedClawback,
} from './result.js';
import { FxTable, PlanRuntime } from './runtime.js';

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
  readonly intervals: { from: Day; to: Day }[] = [];
  readonly results = new Map<number, ResultState>();
  constructor(
    readonly payee: number,
    readonly runtime: PlanRuntime,
  ) {}

  covers(day: Day): boolean {
    for (const i of this.intervals) if (day >= i.from && day <= i.to) return true;
    return false;
  }

  daysWithin(period: Period): number {
    let days = 0;
    for (const i of this.intervals) {
      const from = Math.max(i.from, period.start);
      const to = Math.min(i.to, period.end);
      if (from <= to) days += to - from + 1;
    }
    return days;
  }
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
  lines = false;
  readonly sums: Accumulator[];
  readonly spiffSums: Accumulator[];
  log: CreditLog | undefined;
  measures: Rational[] = [];
  quotas: (Rational | undefined)[] = [];
  components: ComponentResult[] | undefined;
  /** Rounded line amounts per transaction row, for clawbacks: component id → amount. */
  lineAmounts = new Map<number, { component: string; amount: bigint }[]>();
  readonly clawbacks: (ClawbackResult & { order: [Day, string] })[] = [];
  readonly adjustments: AdjustmentResult[] = [];

  constructor(
    readonly span: Span,
    readonly period: Period,
    readonly coverage: Rational,
  ) {
    this.sums = span.runtime.plan.measures.map(() => new Accumulator());
    this.spiffSums = span.runtime.spiffs.map(() => new Accumulator());
  }
}

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

function fail(problem: CalcProblem): CalcOutcome {
  return { ok: false, problems: [problem] };
}

class Calculation {
  private readonly table: TransactionTable;
  private readonly runtimes = new Map<string, PlanRuntime>();
  private readonly spansByPayee: Span[][];
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
    this.spansByPayee = input.payees.map(() => []);
    const spans = new Map<string, Span>();
    for (const a of input.assignments) {
      const runtime = this.runtimes.get(a.plan);
      if (!runtime) continue;
      const key = `${a.payee}\u0000${a.plan}`;
      let span = spans.get(key);
      if (!span) {
        span = new Span(a.payee, runtime);
        spans.set(key, span);
        this.spansByPayee[a.payee]!.push(span);
      }
      span.intervals.push({ from: a.from, to: a.to ?? OPEN_END });
    }
    for (const list of this.spansByPayee) {
      list.sort((x, y) => compareCodePoints(x.runtime.plan.id, y.runtime.plan.id));
    }
  }

  run(): CalcOutcome {
    this.planResults();
    this.planClawbacks();
    this.aggregate();
    for (const span of this.allSpans()) {
      for (const state of span.results.values()) this.computeResult(state);
    }
    if (this.problems.length > 0) return { ok: false, problems: this.problems };
    const unapplied = this.applyClawbacks();
    this.applyAdjustments();
    if (this.problems.length > 0) return { ok: false, problems: this.problems };
    const results = this.payouts();
    return { ok: true, result: { period: this.selected.label, results, unapplied } };
  }

  private *allSpans(): Generator<Span> {
    for (const list of this.spansByPayee) yield* list;
  }

  private stateFor(span: Span, period: Period): ResultState {
    let state = span.results.get(period.key);
    if (!state) {
      const days = span.daysWithin(period);
      state = new ResultState(span, period, Rational.of(BigInt(days), BigInt(period.end - period.start + 1)));
      span.results.set(period.key, state);
    }
    return state;
  }

  /** The results asked for, and the earlier ones a recoverable draw's balance depends on. */
  private planResults(): void {
    for (const span of this.allSpans()) {
      if (this.payeeFilter >= 0 && span.payee !== this.payeeFilter) continue;
      const plan = span.runtime.plan;
      for (const period of this.calendar.inside(plan.period, this.selected)) {
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
        source.lines = true;
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
    const links: { span: Span; self: boolean }[][] = this.input.payees.map(() => []);
    let first = Infinity;
    let last = -Infinity;
    for (const span of this.allSpans()) {
      if (span.results.size === 0) continue;
      for (const state of span.results.values()) {
        first = Math.min(first, state.period.start);
        last = Math.max(last, state.period.end);
      }
      links[span.payee]!.push({ span, self: true });
      if (span.runtime.hasTeam) {
        for (const member of this.below(span.payee)) links[member]!.push({ span, self: false });
      }
    }
    if (first > last) return;
    const currencies = table.currencies;
    // Month index per day of the computed range: a lookup instead of a civil-date conversion per row.
    const months = new Int32Array(last - first + 1);
    for (let day = first; day <= last; day++) months[day - first] = monthIndexOfDay(day);
    for (let row = 0; row < table.length; row++) {
      const date = table.date[row]!;
      if (date < first || date > last) continue;
      const owner = table.owner[row]!;
      const month = months[date - first]!;
      const cancelDay = table.cancelled.size > 0 ? table.cancelled.get(row) : undefined;
      const cancelMonth = cancelDay === undefined ? -1 : monthIndexOfDay(cancelDay);
      const credits = owner >= 0 ? undefined : (table.splits.get(row) ?? []);
      const count = credits ? credits.length : 1;
      for (let c = 0; c < count; c++) {
        const split = credits?.[c];
        const payee = split ? split.payee : owner;
        const share = split?.share;
        for (const link of links[payee]!) {
          const span = link.span;
          if (!span.covers(date)) continue;
          const runtime = span.runtime;
          const kind = runtime.plan.period;
          const key = calendar.keyOfMonth(kind, month);
          const state = span.results.get(key);
          if (!state) continue;
          if (cancelMonth >= 0 && calendar.keyOfMonth(kind, cancelMonth) === key) continue;
          let fx: Rational | undefined;
          if (table.currency[row] !== runtime.currencyCode) {
            const factor = this.fx.factor(currencies[table.currency[row]!]!, runtime.plan.currency, date);
            if (factor instanceof Rational) fx = factor;
            else {
              this.missingRate(factor.missing, date, row);
              continue;
            }
          }
          this.addCredit(state, row, share, fx, link.self);
        }
      }
    }
  }

  private addCredit(state: ResultState, row: number, share: Rational | undefined, fx: Rational | undefined, self: boolean): void {
    const runtime = state.span.runtime;
    const measures = runtime.plan.measures;
    if (self) {
      for (const i of runtime.selfMeasures) this.addMeasure(state, i, row, share, fx, measures[i]!.source.kind);
      const date = this.table.date[row]!;
      for (let s = 0; s < runtime.spiffs.length; s++) {
        const spiff = runtime.spiffs[s]!;
        const c = spiff.component;
        if ((c.from !== undefined && date < c.from) || (c.to !== undefined && date > c.to)) continue;
        if (spiff.filter && !spiff.filter.passes(row)) continue;
        const acc = state.spiffSums[s]!;
        if (c.per === 'deal') {
          if (share) acc.addRational(share);
          else acc.addScaled(1, 0);
        } else if (share) acc.addRational(columnValue(this.table.quantity, row).mul(share));
        else acc.addColumn(this.table.quantity, row);
      }
    }
    for (const i of runtime.teamMeasures) this.addMeasure(state, i, row, share, fx, measures[i]!.source.kind);
    if (state.lines) {
      const log = (state.log ??= { rows: [], shares: [], self: [] });
      log.rows.push(row);
      log.shares.push(share);
      log.self.push(self);
    }
  }

  private addMeasure(
    state: ResultState,
    index: number,
    row: number,
    share: Rational | undefined,
    fx: Rational | undefined,
    kind: 'amount' | 'margin' | 'quantity' | 'attribute' | 'count',
  ): void {
    const filter = state.span.runtime.filters[index];
    if (filter && !filter.passes(row)) return;
    const acc = state.sums[index]!;
    if (kind === 'count') {
      if (share) acc.addRational(share);
      else acc.addScaled(1, 0);
      return;
    }
    const column = this.columnOf(state.span.runtime, index);
    const factor = kind === 'amount' || kind === 'margin' ? mulOptional(share, fx) : share;
    if (factor) acc.addRational(columnValue(column, row).mul(factor));
    else acc.addColumn(column, row);
  }

  private columnOf(runtime: PlanRuntime, index: number) {
    const source = runtime.plan.measures[index]!.source;
    switch (source.kind) {
      case 'amount':
        return this.table.amount;
      case 'margin':
        return this.table.margin;
      case 'quantity':
        return this.table.quantity;
      case 'attribute':
        return this.table.numbers.get(source.column) ?? this.table.quantity;
      case 'count':
        throw new Error('a count has no column');
    }
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
    state.measures = state.sums.map((s) => s.total());
    state.quotas = plan.measures.map((m) => this.quotaFor(state, m.name));
    let missing = false;
    for (const measure of runtime.requiredQuotas) {
      const index = runtime.measureIndex.get(measure);
      if (index !== undefined && state.quotas[index] !== undefined) continue;
      missing = true;
      const key = `quota|${payee.id}|${measure}|${state.period.label}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.problems.push({ code: 'MISSING_QUOTA', payee: payee.id, measure, period: state.period.label });
    }
    if (missing) return;
    const context: ResultContext = {
      runtime,
      table: this.table,
      rounding: this.input.settings.rounding,
      measures: state.measures,
      quotas: state.quotas,
      coverage: state.coverage,
      spiffSums: state.spiffSums.map((s) => s.total()),
      credits: state.lines ? this.mergedCredits(state) : undefined,
      explain: this.options.explain === true,
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
    state.lineAmounts = computed.lineAmounts;
  }

  /** The exchange factor of a row into the plan currency; rows reaching lines already had one. */
  private rowFactor(row: number, runtime: PlanRuntime): Rational {
    if (this.table.currency[row] === runtime.currencyCode) return Rational.ONE;
    const factor = this.fx.factor(this.table.currencies[this.table.currency[row]!]!, runtime.plan.currency, this.table.date[row]!);
    return factor instanceof Rational ? factor : Rational.ONE;
  }

  private quotaFor(state: ResultState, measure: string): Rational | undefined {
    const lookup = this.quotaLookup();
    const payee = state.span.payee;
    const exact = lookup.get(`${payee}\u0000${measure}\u0000${state.period.label}`);
    let quota = exact;
    if (quota === undefined && state.period.kind !== 'year') {
      const year = this.calendar.fiscalYearOf(state.period.start);
      const yearly = lookup.get(`${payee}\u0000${measure}\u0000${year.label}`);
      if (yearly !== undefined) quota = yearly.div(Rational.fromInt(state.period.kind === 'month' ? 12 : 4));
    }
    return quota?.mul(state.coverage);
  }

  private quotas: Map<string, Rational> | undefined;
  private quotaLookup(): Map<string, Rational> {
    if (!this.quotas) {
      this.quotas = new Map();
      for (const q of this.input.quotas) {
        const period = this.calendar.parse(q.period);
        if (period) this.quotas.set(`${q.payee}\u0000${q.measure}\u0000${period.label}`, q.amount);
      }
    }
    return this.quotas;
  }

  /** The result's credits in line order (date, then id by code point), one entry per transaction. */
  private mergedCredits(state: ResultState): MergedCredit[] {
    const log = state.log;
    if (!log) return [];
    const { date, id } = this.table;
    const order = log.rows.map((_, i) => i);
    order.sort((a, b) => {
      const ra = log.rows[a]!;
      const rb = log.rows[b]!;
      return date[ra]! - date[rb]! || compareCodePoints(id.get(ra), id.get(rb)) || ra - rb;
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
          p.landing.clawbacks.push({
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
    for (const span of this.allSpans()) {
      for (const state of span.results.values()) state.clawbacks.sort(byTransaction);
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
      state.adjustments.push({
        amount: adjustment.amount.roundToScale(span.runtime.minorUnits, this.input.settings.rounding),
        reason: adjustment.reason,
      });
    }
  }

  /** Payouts and draws, period by period so that a recoverable draw's balance carries forward. */
  private payouts(): PayeeResult[] {
    const out: { start: Day; result: PayeeResult }[] = [];
    const rounding = this.input.settings.rounding;
    for (const span of this.allSpans()) {
      const plan = span.runtime.plan;
      const states = [...span.results.values()].filter((s) => s.payout).sort((a, b) => a.period.start - b.period.start);
      let balance = 0n;
      let year = Number.NaN;
      for (const state of states) {
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
        out.push({ start: state.period.start, result: this.payeeResult(state, components, { paid, recovered, balance }, payout) });
      }
    }
    out.sort(
      (a, b) =>
        compareCodePoints(a.result.payee, b.result.payee) || compareCodePoints(a.result.plan, b.result.plan) || a.start - b.start,
    );
    return out.map((o) => o.result);
  }

  private payeeResult(
    state: ResultState,
    components: ComponentResult[],
    draw: PayeeResult['draw'],
    payout: bigint,
  ): PayeeResult {
    const runtime = state.span.runtime;
    const plan = runtime.plan;
    const measures: MeasureValue[] = [];
    const quotas: MeasureValue[] = [];
    const attainment: MeasureValue[] = [];
    plan.measures.forEach((m, i) => {
      const money = m.source.kind === 'amount' || m.source.kind === 'margin';
      const value = state.measures[i]!;
      measures.push({ name: m.name, value, money });
      const quota = state.quotas[i];
      if (quota !== undefined) {
        quotas.push({ name: m.name, value: quota, money });
        attainment.push({ name: m.name, value: value.div(quota), money: false });
      }
    });
    return {
      payee: this.input.payees[state.span.payee]!.id,
      plan: plan.id,
      period: state.period.label,
      currency: plan.currency,
      minorUnits: runtime.minorUnits,
      measures,
      quotas,
      attainment,
      components: this.options.summary ? components.map((c) => ({ ...c, lines: undefined })) : components,
      clawbacks: state.clawbacks.map(({ order: _, ...c }) => c),
      adjustments: state.adjustments,
      draw,
      payout,
    };
  }
}

function mulOptional(a: Rational | undefined, b: Rational | undefined): Rational | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.mul(b);
}
