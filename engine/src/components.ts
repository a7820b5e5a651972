import { columnValue } from './accumulator.js';
import { allocateRounded } from './allocate.js';
import { formatDay } from './day.js';
import { evaluateFormula, FormulaEvaluationError } from './formula/index.js';
import type { TransactionTable } from './input.js';
import type { BonusComponent, CommissionComponent, Component, FormulaComponent, Measure, SpiffComponent } from './plan.js';
import { Rational, type RoundingMode } from './rational.js';
import type { ComponentResult, LineResult } from './result.js';
import type { PlanRuntime } from './runtime.js';
import { bandsOf, graduated, slices, type TierBand, tierIndexOf } from './tiers.js';

/** One transaction's credit to a result: the payee's own share, and the share through the team. */
export interface MergedCredit {
  readonly row: number;
  selfShare: Rational | undefined;
  teamShare: Rational;
}

export interface ResultContext {
  readonly runtime: PlanRuntime;
  readonly table: TransactionTable;
  readonly rounding: RoundingMode;
  readonly measures: readonly Rational[];
  readonly quotas: readonly (Rational | undefined)[];
  /** Fraction of the period covered by the assignment (proration). */
  readonly coverage: Rational;
  readonly spiffSums: readonly Rational[];
  /** Credits in line order, when lines are wanted. */
  readonly credits: readonly MergedCredit[] | undefined;
  readonly explain: boolean;
  readonly rowFactor: (row: number) => Rational;
}

/** Rounded line amounts per transaction row, for clawbacks: component id → amount. */
export type LineAmounts = ReadonlyMap<number, readonly { readonly component: string; readonly amount: bigint }[]>;

/** Shared by every result without lines (most, in a summary run), so none allocates its own. */
export const NO_LINE_AMOUNTS: LineAmounts = new Map();

export type ComponentsOutcome =
  | {
      readonly ok: true;
      readonly components: ComponentResult[];
      readonly lineAmounts: LineAmounts;
    }
  | { readonly ok: false; readonly component: string; readonly message: string };

/** An exact line before cap and rounding. */
interface ExactLine {
  readonly row: number | undefined;
  readonly amount: Rational;
  readonly why: string | undefined;
}

interface ExactComponent {
  readonly total: Rational;
  /** `undefined` when lines were not asked for; totals never depend on them. */
  readonly lines: ExactLine[] | undefined;
  readonly why: string | undefined;
}

export function computeComponents(ctx: ResultContext): ComponentsOutcome {
  const planComponents = ctx.runtime.plan.components;
  // Of its final length: kept until the run is printed, and push from empty reserves 17 slots.
  const components = new Array<ComponentResult>(planComponents.length);
  let lineAmounts: Map<number, { component: string; amount: bigint }[]> | undefined;
  const money = new MoneyText(ctx.runtime.minorUnits, ctx.rounding);
  // Indexed loops in the per-result code: a for-of allocates an iterator result per step until
  // the function is optimized, and this runs once per result.
  for (let i = 0; i < planComponents.length; i++) {
    const component = planComponents[i]!;
    let exact: ExactComponent;
    try {
      exact = exactComponent(ctx, component, money);
    } catch (e) {
      if (e instanceof FormulaEvaluationError) return { ok: false, component: component.id, message: e.message };
      throw e;
    }
    const result = finish(ctx, component, exact, money);
    components[i] = result;
    if (result.lines) {
      for (const line of result.lines) {
        if (line.row === undefined) continue;
        lineAmounts ??= new Map();
        let list = lineAmounts.get(line.row);
        if (!list) lineAmounts.set(line.row, (list = []));
        list.push({ component: component.id, amount: line.amount });
      }
    }
  }
  return { ok: true, components, lineAmounts: lineAmounts ?? NO_LINE_AMOUNTS };
}

function exactComponent(ctx: ResultContext, component: Component, money: MoneyText): ExactComponent {
  switch (component.type) {
    case 'commission':
      return commission(ctx, component, money);
    case 'bonus':
      return bonus(ctx, component, money);
    case 'spiff':
      return spiff(ctx, component, money);
    case 'formula':
      return formula(ctx, component, money);
  }
}

/** Applies the cap, rounds once, and hands out remainders so lines add up to `earned`. */
function finish(
  ctx: ResultContext,
  component: Component,
  exact: ExactComponent,
  money: MoneyText,
): ComponentResult & { lines: (LineResult & { row: number | undefined })[] | undefined } {
  const digits = ctx.runtime.minorUnits;
  const uncapped = exact.total.roundToScale(digits, ctx.rounding);
  const cap = component.cap;
  const capped = cap !== undefined && exact.total.gt(cap);
  const scale = capped ? cap.div(exact.total) : Rational.ONE;
  const total = capped ? cap : exact.total;
  const earned = total.roundToScale(digits, ctx.rounding);
  let lines: (LineResult & { row: number | undefined })[] | undefined;
  if (exact.lines) {
    const scaled = exact.lines.map((l) => l.amount.mul(scale));
    const amounts = allocateRounded(scaled, earned, digits, ctx.rounding);
    lines = exact.lines.map((l, i) => ({
      row: l.row,
      transaction: l.row === undefined ? undefined : ctx.table.id.get(l.row),
      amount: amounts[i]!,
      explanation:
        l.why === undefined
          ? undefined
          : capped
            ? `${l.why}; × ${cap.toString()} cap ÷ ${money.text(exact.total)} uncapped = ${money.text(scaled[i]!)}`
            : l.why,
    }));
  }
  let explanation = exact.why;
  if (explanation !== undefined && cap !== undefined) {
    explanation += capped
      ? `; capped at ${money.text(cap)} (uncapped ${money.text(exact.total)})`
      : `; cap ${money.text(cap)} not reached`;
  }
  return { id: component.id, earned, uncapped, lines, explanation };
}

function measureOf(ctx: ResultContext, name: string): { index: number; measure: Measure } {
  const index = ctx.runtime.measureIndex.get(name);
  if (index === undefined) throw new Error(`unknown measure ${name}`);
  return { index, measure: ctx.runtime.plan.measures[index]! };
}

/** The value one credit adds to a measure (in plan currency for money), or `undefined` if none. */
function creditValue(ctx: ResultContext, index: number, credit: MergedCredit): Rational | undefined {
  const measure = ctx.runtime.plan.measures[index]!;
  const share = measure.scope === 'self' ? credit.selfShare : credit.teamShare;
  if (share === undefined) return undefined;
  const filter = ctx.runtime.filters[index];
  if (filter && !filter.passes(credit.row)) return undefined;
  const table = ctx.table;
  switch (measure.source.kind) {
    case 'count':
      return share;
    case 'amount':
      return columnValue(table.amount, credit.row).mul(share).mul(ctx.rowFactor(credit.row));
    case 'margin':
      return columnValue(table.margin, credit.row).mul(share).mul(ctx.rowFactor(credit.row));
    case 'quantity':
      return columnValue(table.quantity, credit.row).mul(share);
    case 'attribute': {
      const column = table.numbers.get(measure.source.column);
      return column ? columnValue(column, credit.row).mul(share) : Rational.ZERO;
    }
  }
}

function commission(ctx: ResultContext, c: CommissionComponent, money: MoneyText): ExactComponent {
  const { index, measure } = measureOf(ctx, c.measure);
  const value = ctx.measures[index]!;
  const quota = ctx.quotas[index];
  const units = new MeasureText(measure, money);
  if (c.rate !== undefined) {
    const rate = c.rate;
    return {
      total: value.mul(rate),
      lines: commissionLines(ctx, index, (_before, _after, v) => v.mul(rate), (v, amount, row) =>
        ctx.explain ? `${head(ctx, row)}: ${units.text(v)} ${c.measure} × ${percent(rate)} = ${money.text(amount)}` : undefined,
      ),
      why: ctx.explain ? `${units.text(value)} ${c.measure} × ${percent(rate)}` : undefined,
    };
  }
  const unit = c.basis === 'attainment' ? quota! : Rational.ONE;
  const bands = bandsOf(c.tiers, unit);
  const describeBands = () =>
    bands.map((b, i) => `tier ${i + 1} [${units.text(b.from)}, ${b.to ? units.text(b.to) : '∞'}) at ${percent(b.rate)}`).join(', ');
  // Words only with --explain: the quota's text costs a rounding per result.
  const basis = ctx.explain && c.basis === 'attainment' ? ` (quota ${units.text(quota!)})` : '';
  if (c.method === 'retroactive') {
    const tier = tierIndexOf(bands, value);
    const rate = bands[tier]!.rate;
    return {
      total: value.mul(rate),
      lines: commissionLines(ctx, index, (_b, _a, v) => v.mul(rate), (v, amount, row) =>
        ctx.explain
          ? `${head(ctx, row)}: ${units.text(v)} ${c.measure} × ${percent(rate)} (tier ${tier + 1}, where the period's ${units.text(value)} lands) = ${money.text(amount)}`
          : undefined,
      ),
      why: ctx.explain
        ? `retroactive tiers on ${c.measure}${basis}: ${describeBands()}; ${units.text(value)} lands in tier ${tier + 1}, so all of it earns ${percent(rate)}`
        : undefined,
    };
  }
  // A line's `before` is the line before's `after`: its graduated amount is the one just computed.
  const earnedUpTo = lastResult((x: Rational) => graduated(bands, x));
  return {
    total: graduated(bands, value),
    lines: commissionLines(
      ctx,
      index,
      (before, after) => {
        const earnedBefore = earnedUpTo(before);
        return earnedUpTo(after).sub(earnedBefore);
      },
      (_v, amount, row, before, after) =>
        ctx.explain
          ? `${head(ctx, row)}: ${c.measure} ${units.text(before)} → ${units.text(after)}: ${describeSlices(bands, before, after, units, money)} = ${money.text(amount)}`
          : undefined,
    ),
    why: ctx.explain ? `graduated tiers on ${c.measure}${basis}: ${describeBands()}; ${units.text(value)} in total` : undefined,
  };
}

/** `f`, answering a call with the same value as the one before from what it gave then. */
function lastResult(f: (x: Rational) => Rational): (x: Rational) => Rational {
  let lastX: Rational | undefined;
  let lastY = Rational.ZERO;
  return (x) => {
    if (x !== lastX) {
      lastY = f(x);
      lastX = x;
    }
    return lastY;
  };
}

function describeSlices(bands: readonly TierBand[], before: Rational, after: Rational, units: MeasureText, money: MoneyText): string {
  const sign = after.lt(before) ? '−' : '';
  const parts = slices(bands, before, after);
  return parts
    .map(
      (s) =>
        `${sign}${units.text(s.amount)} × ${percent(bands[s.tier]!.rate)} (tier ${s.tier + 1})` +
        (parts.length > 1 ? ` = ${sign}${money.text(s.amount.mul(bands[s.tier]!.rate))}` : ''),
    )
    .join(' + ');
}

function commissionLines(
  ctx: ResultContext,
  index: number,
  earn: (before: Rational, after: Rational, value: Rational) => Rational,
  why: (value: Rational, amount: Rational, row: number, before: Rational, after: Rational) => string | undefined,
): ExactLine[] | undefined {
  if (!ctx.credits) return undefined;
  const lines: ExactLine[] = [];
  let running = Rational.ZERO;
  for (const credit of ctx.credits) {
    const v = creditValue(ctx, index, credit);
    if (v === undefined) continue;
    const before = running;
    running = running.add(v);
    const amount = earn(before, running, v);
    if (!amount.isZero()) lines.push({ row: credit.row, amount, why: why(v, amount, credit.row, before, running) });
  }
  return lines;
}

function bonus(ctx: ResultContext, c: BonusComponent, money: MoneyText): ExactComponent {
  const { index, measure } = measureOf(ctx, c.measure);
  const value = ctx.measures[index]!;
  const threshold = c.basis === 'attainment' ? ctx.quotas[index]! : Rational.ONE;
  let best: { at: Rational; amount: Rational } | undefined;
  for (let i = 0; i < c.steps.length; i++) {
    const step = c.steps[i]!;
    if (value.ge(step.at.mul(threshold)) && (!best || step.at.gt(best.at))) best = step;
  }
  const total = best ? best.amount.mul(ctx.coverage) : Rational.ZERO;
  const why = ctx.explain ? bonusWhy(ctx, c, measure, value, threshold, best, money) : undefined;
  return { total, lines: ctx.credits && !total.isZero() ? [{ row: undefined, amount: total, why }] : ctx.credits && [], why };
}

function bonusWhy(
  ctx: ResultContext,
  c: BonusComponent,
  measure: Measure,
  value: Rational,
  threshold: Rational,
  best: { at: Rational; amount: Rational } | undefined,
  money: MoneyText,
): string {
  const reached =
    c.basis === 'attainment'
      ? `attainment ${exactText(value.div(threshold))} of ${c.measure}`
      : `${c.measure} ${new MeasureText(measure, money).text(value)}`;
  if (!best) return `${reached} reaches no step (lowest at ${c.steps.map((s) => s.at.toString()).join(', ')})`;
  const prorated = ctx.coverage.eq(Rational.ONE) ? '' : ` × ${exactText(ctx.coverage)} of the period assigned`;
  return `${reached} reaches the step at ${best.at.toString()}: ${money.text(best.amount)}${prorated}`;
}

function spiff(ctx: ResultContext, c: SpiffComponent, money: MoneyText): ExactComponent {
  const s = ctx.runtime.spiffs.findIndex((x) => x.component === c);
  const compiled = ctx.runtime.spiffs[s]!;
  const total = ctx.spiffSums[s]!.mul(c.amount);
  let lines: ExactLine[] | undefined;
  if (ctx.credits) {
    lines = [];
    for (const credit of ctx.credits) {
      const share = credit.selfShare;
      if (share === undefined) continue;
      const date = ctx.table.date[credit.row]!;
      if ((c.from !== undefined && date < c.from) || (c.to !== undefined && date > c.to)) continue;
      if (compiled.filter && !compiled.filter.passes(credit.row)) continue;
      const quantity = c.per === 'unit' ? columnValue(ctx.table.quantity, credit.row) : Rational.ONE;
      const amount = c.amount.mul(quantity).mul(share);
      if (amount.isZero()) continue;
      const shareText = share.eq(Rational.ONE) ? '' : ` × ${percent(share)} share`;
      lines.push({
        row: credit.row,
        amount,
        why: ctx.explain
          ? `${head(ctx, credit.row)}: ${c.per === 'unit' ? `${exactText(quantity)} unit(s) × ` : ''}${money.text(c.amount)}${shareText} = ${money.text(amount)}`
          : undefined,
      });
    }
  }
  const window = c.from !== undefined || c.to !== undefined ? ` from ${c.from === undefined ? '…' : formatDay(c.from)} to ${c.to === undefined ? '…' : formatDay(c.to)}` : '';
  return { total, lines, why: ctx.explain ? `${money.text(c.amount)} per ${c.per}${window}` : undefined };
}

function formula(ctx: ResultContext, c: FormulaComponent, money: MoneyText): ExactComponent {
  const index = ctx.runtime.measureIndex;
  const total = evaluateFormula(c.formula, {
    rounding: ctx.rounding,
    measure: (name) => ctx.measures[index.get(name)!]!,
    quota: (name) => ctx.quotas[index.get(name)!]!,
    attainment: (name) => {
      const i = index.get(name)!;
      const quota = ctx.quotas[i]!;
      return ctx.measures[i]!.div(quota);
    },
  });
  const why = ctx.explain ? `${c.source} = ${money.text(total)}` : undefined;
  return { total, lines: ctx.credits && (total.isZero() ? [] : [{ row: undefined, amount: total, why }]), why };
}

function head(ctx: ResultContext, row: number): string {
  return `${ctx.table.id.get(row)} on ${formatDay(ctx.table.date[row]!)}`;
}

function percent(rate: Rational): string {
  return `${exactText(rate.mul(Rational.fromInt(100)))}%`;
}

function exactText(value: Rational): string {
  return value.toExactString() ?? value.toFixedString(10, 'half_even');
}

class MoneyText {
  constructor(
    private readonly digits: number,
    private readonly rounding: RoundingMode,
  ) {}
  text(value: Rational): string {
    return value.toFixedString(this.digits, this.rounding);
  }
}

class MeasureText {
  constructor(
    private readonly measure: Measure,
    private readonly money: MoneyText,
  ) {}
  text(value: Rational): string {
    const kind = this.measure.source.kind;
    return kind === 'amount' || kind === 'margin' ? this.money.text(value) : exactText(value);
  }
}
