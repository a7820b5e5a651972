import { formatScaled, type Rational, type RoundingMode } from './rational.js';
import type { CalcResult, CalcResultStream, ComponentResult, MeasureValue, PayeeResult } from './result.js';

export interface OutputOptions {
  readonly rounding: RoundingMode;
  readonly explain?: boolean | undefined;
}

/** One component of a result as printed: optional fields are left out, never null. */
export interface ComponentObject {
  readonly id: string;
  readonly earned: string;
  readonly uncapped: string;
  explanation?: string;
  lines?: LineObject[];
}

export interface LineObject {
  transaction?: string;
  amount: string;
  explanation?: string;
}

export interface ClawbackObject {
  readonly transaction: string;
  readonly component: string;
  readonly amount: string;
  explanation?: string;
}

export interface PayeeResultObject {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly currency: string;
  readonly measures: Readonly<Record<string, string>>;
  readonly quotas: Readonly<Record<string, string>>;
  readonly attainment: Readonly<Record<string, string>>;
  readonly components: ComponentObject[];
  readonly clawbacks: ClawbackObject[];
  readonly adjustments: { readonly amount: string; readonly reason: string }[];
  readonly draw: { readonly paid: string; readonly recovered: string; readonly balance: string };
  readonly payout: string;
}

export interface CalcOutputObject {
  readonly period: string;
  readonly results: PayeeResultObject[];
  readonly unapplied: {
    readonly payee: string;
    readonly plan: string;
    readonly period: string;
    readonly transaction: string;
    readonly component: string;
    readonly amount: string;
  }[];
}

/**
 * The exact JSON document `prestasi calc` prints, as plain data with decimal strings. Built with
 * indexed loops and assignments rather than for-of, spreads and `fromEntries`: a run prints thousands of
 * results, and every temporary object here is garbage the collector must walk past them all.
 */
export function calcOutputObject(result: CalcResult, options: OutputOptions): CalcOutputObject {
  return {
    period: result.period,
    results: result.results.map((r) => payeeResultObject(r, options)),
    unapplied: unappliedObjects(result),
  };
}

/** The clawbacks with no result to land in, as printed. */
export function unappliedObjects(result: Pick<CalcResult, 'unapplied'>): CalcOutputObject['unapplied'] {
  return result.unapplied.map((u) => ({
    payee: u.payee,
    plan: u.plan,
    period: u.period,
    transaction: u.transaction,
    component: u.component,
    amount: formatScaled(u.amount, u.minorUnits),
  }));
}

/**
 * Writes the text of `JSON.stringify(calcOutputObject(result, options), null, 2)` and a final
 * line break, a batch of results at a time, so a large run is never held as one object tree and
 * one string (each batch's objects are garbage as soon as its text is written).
 */
export function writeCalcOutputJson(result: CalcResult | CalcResultStream, options: OutputOptions, write: (text: string) => void): void {
  write(`{\n  "period": ${JSON.stringify(result.period)},\n  "results": [`);
  let written = 0;
  let batch: PayeeResultObject[] = [];
  const writeBatch = () => {
    // Stringified where they stand in the document, as "results" one level down, so the layout
    // is JSON.stringify's own (re-indenting each line by hand costs more than the stringify);
    // the wrapper's first and last lines are cut off, and the rest written as it lies.
    const text = JSON.stringify({ results: batch }, null, 2);
    write(written === 0 ? '\n' : ',\n');
    write(text.slice(RESULTS_OPEN.length, text.length - RESULTS_CLOSE.length));
    written += batch.length;
    batch = [];
  };
  // Results are taken one at a time (a stream computes each as it is taken) and written a batch at a time.
  for (const r of result.results) {
    batch.push(payeeResultObject(r, options));
    if (batch.length === OUTPUT_BATCH) writeBatch();
  }
  if (batch.length > 0) writeBatch();
  const unapplied = JSON.stringify({ unapplied: unappliedObjects(result) }, null, 2);
  write(`${written === 0 ? '' : '\n  '}],\n${unapplied.slice('{\n'.length)}\n`);
}

/**
 * Small enough that a batch's objects (some 5 KB a result) die in the young generation, which
 * `prestasi calc` keeps at 1 MB (see cli/bin/prestasi.cjs): batches of 256 outlived it and were
 * copied into the old generation, and printing 10,000 results took 124 ms instead of 89 there.
 */
const OUTPUT_BATCH = 32;

/** The items in arrays of `size` (the last may be shorter), each item taken only when its batch is asked for. */
export function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[], void, undefined> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
const RESULTS_OPEN = '{\n  "results": [\n';
const RESULTS_CLOSE = '\n  ]\n}';

export function payeeResultObject(r: PayeeResult, options: OutputOptions): PayeeResultObject {
  const units = r.minorUnits;
  const components: ComponentObject[] = [];
  for (let i = 0; i < r.components.length; i++) components.push(componentObject(r.components[i]!, units, options));
  const clawbacks: ClawbackObject[] = [];
  for (let i = 0; i < r.clawbacks.length; i++) {
    const c = r.clawbacks[i]!;
    const o: ClawbackObject = { transaction: c.transaction, component: c.component, amount: formatScaled(c.amount, units) };
    if (options.explain && c.explanation !== undefined) o.explanation = c.explanation;
    clawbacks.push(o);
  }
  return {
    payee: r.payee,
    plan: r.plan,
    period: r.period,
    currency: r.currency,
    measures: valuesObject(r.measures, units, options.rounding),
    quotas: valuesObject(r.quotas, units, options.rounding),
    attainment: valuesObject(r.attainment, units, options.rounding),
    components,
    clawbacks,
    adjustments: r.adjustments.map((a) => ({ amount: formatScaled(a.amount, units), reason: a.reason })),
    draw: { paid: formatScaled(r.draw.paid, units), recovered: formatScaled(r.draw.recovered, units), balance: formatScaled(r.draw.balance, units) },
    payout: formatScaled(r.payout, units),
  };
}

function valuesObject(list: readonly MeasureValue[], minorUnits: number, rounding: RoundingMode): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i < list.length; i++) {
    const m = list[i]!;
    const text = measureText(m, minorUnits, rounding);
    // `__proto__` is a valid measure name; assigning it would set the prototype instead.
    if (m.name === '__proto__') Object.defineProperty(o, m.name, { value: text, enumerable: true, writable: true, configurable: true });
    else o[m.name] = text;
  }
  return o;
}

function componentObject(c: ComponentResult, minorUnits: number, options: OutputOptions): ComponentObject {
  const o: ComponentObject = { id: c.id, earned: formatScaled(c.earned, minorUnits), uncapped: formatScaled(c.uncapped, minorUnits) };
  if (options.explain && c.explanation !== undefined) o.explanation = c.explanation;
  if (c.lines) {
    const lines: LineObject[] = [];
    for (const l of c.lines) {
      const line: LineObject = l.transaction !== undefined ? { transaction: l.transaction, amount: formatScaled(l.amount, minorUnits) } : { amount: formatScaled(l.amount, minorUnits) };
      if (options.explain && l.explanation !== undefined) line.explanation = l.explanation;
      lines.push(line);
    }
    o.lines = lines;
  }
  return o;
}

/** Money measures print at the minor unit; others exactly, or half-even to 10 places if they repeat. */
export function measureText(m: MeasureValue, minorUnits: number, rounding: RoundingMode): string {
  return m.money ? m.value.toFixedString(minorUnits, rounding) : exactOrTen(m.value);
}

export function exactOrTen(value: Rational): string {
  return value.toExactString() ?? value.toFixedString(10, 'half_even');
}

/** `--format csv`: one row per result, a column per component id in order of first appearance. */
export function calcOutputCsv(result: CalcResult): string {
  const componentIds: string[] = [];
  const seen = new Set<string>();
  for (const r of result.results) {
    for (const c of r.components) {
      if (!seen.has(c.id)) {
        seen.add(c.id);
        componentIds.push(c.id);
      }
    }
  }
  const header = ['payee', 'plan', 'period', 'currency', ...componentIds.map((id) => `component:${id}`), 'clawbacks', 'adjustments', 'draw_paid', 'draw_recovered', 'payout'];
  const rows = [header];
  for (const r of result.results) {
    const money = (m: bigint) => formatScaled(m, r.minorUnits);
    const earned = new Map(r.components.map((c) => [c.id, money(c.earned)]));
    rows.push([
      r.payee,
      r.plan,
      r.period,
      r.currency,
      ...componentIds.map((id) => earned.get(id) ?? ''),
      money(r.clawbacks.reduce((s, c) => s + c.amount, 0n)),
      money(r.adjustments.reduce((s, a) => s + a.amount, 0n)),
      money(r.draw.paid),
      money(r.draw.recovered),
      money(r.payout),
    ]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
