import { formatScaled, type Rational, type RoundingMode } from './rational.js';
import type { CalcResult, ComponentResult, MeasureValue, PayeeResult } from './result.js';

export interface OutputOptions {
  readonly rounding: RoundingMode;
  readonly explain?: boolean | undefined;
}

/** The exact JSON document `prestasi calc` prints, as plain data with decimal strings. */
export function calcOutputObject(result: CalcResult, options: OutputOptions) {
  return {
    period: result.period,
    results: result.results.map((r) => payeeResultObject(r, options)),
    unapplied: result.unapplied.map((u) => ({
      payee: u.payee,
      plan: u.plan,
      period: u.period,
      transaction: u.transaction,
      component: u.component,
      amount: formatScaled(u.amount, u.minorUnits),
    })),
  };
}

export function payeeResultObject(r: PayeeResult, options: OutputOptions) {
  const money = (m: bigint) => formatScaled(m, r.minorUnits);
  const values = (list: readonly MeasureValue[]) =>
    Object.fromEntries(list.map((m) => [m.name, measureText(m, r.minorUnits, options.rounding)]));
  return {
    payee: r.payee,
    plan: r.plan,
    period: r.period,
    currency: r.currency,
    measures: values(r.measures),
    quotas: values(r.quotas),
    attainment: values(r.attainment),
    components: r.components.map((c) => componentObject(c, money, options)),
    clawbacks: r.clawbacks.map((c) => ({
      transaction: c.transaction,
      component: c.component,
      amount: money(c.amount),
      ...(options.explain && c.explanation !== undefined ? { explanation: c.explanation } : {}),
    })),
    adjustments: r.adjustments.map((a) => ({ amount: money(a.amount), reason: a.reason })),
    draw: { paid: money(r.draw.paid), recovered: money(r.draw.recovered), balance: money(r.draw.balance) },
    payout: money(r.payout),
  };
}

function componentObject(c: ComponentResult, money: (m: bigint) => string, options: OutputOptions) {
  return {
    id: c.id,
    earned: money(c.earned),
    uncapped: money(c.uncapped),
    ...(options.explain && c.explanation !== undefined ? { explanation: c.explanation } : {}),
    ...(c.lines
      ? {
          lines: c.lines.map((l) => ({
            ...(l.transaction !== undefined ? { transaction: l.transaction } : {}),
            amount: money(l.amount),
            ...(options.explain && l.explanation !== undefined ? { explanation: l.explanation } : {}),
          })),
        }
      : {}),
  };
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
