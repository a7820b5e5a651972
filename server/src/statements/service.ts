import { compareCodePoints } from '@prestasi/engine';
import { type AdjustmentSource, type Db, DomainError, findPayee, latestRun, type PayeeRecord, paidRuns, payeeNamesOfRun, payoutsByPayee, readRunResults, type RunResult } from '@prestasi/db';
import { formatMinor, moneyDigits, toMinor } from '../money.js';
import { fiscalCalendar, parsePeriod, within } from '../periods.js';
import type { PayeeResultObject } from '../runs/result-schema.js';
import { runView, type RunView } from '../runs/service.js';

export interface LabelledAdjustment extends Omit<AdjustmentSource, 'id'> {
  readonly amount: string;
  readonly reason: string;
  readonly adjustment: number;
  readonly priorPeriod: boolean;
}

export interface StatementResult extends Omit<PayeeResultObject, 'adjustments'> {
  readonly adjustments: readonly LabelledAdjustment[];
}

export interface PaidBefore {
  readonly period: string;
  readonly run: number;
  readonly number: number;
  readonly paidAt: Date;
  readonly currency: string;
  readonly payout: string;
}

export interface Statement {
  readonly payee: PayeeRecord;
  readonly period: string;
  /** The period's latest run, whatever its status: the statement says which. */
  readonly run: RunView;
  readonly results: readonly StatementResult[];
  readonly totals: readonly { readonly currency: string; readonly payout: string }[];
  readonly paidBefore: {
    readonly fiscalYear: string;
    readonly periods: readonly PaidBefore[];
    readonly totals: readonly { readonly currency: string; readonly payout: string }[];
  };
}

/**
 * A payee's statement for a period, from the period's latest run: each result with every line
 * and its explanation, measures, quotas, attainment, components, clawbacks, adjustments (each
 * saying where it came from, prior-period ones naming what they correct), draw and payout; and
 * what paid runs paid the payee earlier in the fiscal year, period by period.
 */
export async function statementOf(db: Db, payeeId: string, periodLabel: string): Promise<Statement> {
  const payee = await findPayee(db, payeeId);
  if (!payee) throw new DomainError('NOT_FOUND', `no payee ${payeeId}`);
  const calendar = await fiscalCalendar(db);
  const period = parsePeriod(calendar, periodLabel);
  const latest = await latestRun(db, period.label);
  if (!latest) throw new DomainError('NOT_FOUND', `no run of ${period.label} yet`, { period: period.label });
  const results = (await readRunResults(db, latest.id, { payee: payee.id })).map(statementResult);

  const fiscalYear = calendar.fiscalYearOf(period.start);
  const periods: PaidBefore[] = [];
  for (const run of await paidRuns(db)) {
    const p = parsePeriod(calendar, run.period);
    if (!within(p, fiscalYear) || p.end >= period.start) continue;
    for (const s of await payoutsByPayee(db, run.id, { payee: payee.id })) {
      periods.push({ period: run.period, run: run.id, number: run.number, paidAt: run.paidAt!, currency: s.currency, payout: normal(s.payout, s.currency) });
    }
  }
  periods.sort((a, b) => parsePeriod(calendar, a.period).start - parsePeriod(calendar, b.period).start || compareCodePoints(a.currency, b.currency));

  return {
    payee,
    period: period.label,
    run: await runView(db, latest.id),
    results,
    totals: sums(results.map((r) => ({ currency: r.currency, payout: r.payout }))),
    paidBefore: { fiscalYear: fiscalYear.label, periods, totals: sums(periods) },
  };
}

/** A stored result with each adjustment saying where it came from. */
function statementResult(r: RunResult): StatementResult {
  const o = r.result as PayeeResultObject;
  return {
    ...o,
    adjustments: o.adjustments.map((a, i) => {
      const { id, ...source } = r.adjustments[i]!;
      return { ...a, adjustment: id, priorPeriod: source.kind === 'prior_period', ...source };
    }),
  };
}

/** Every payee's statement lines in one run: its results, payee by payee, in code point order of payee id. */
export async function runStatements(db: Db, runId: number): Promise<{ run: RunView; payees: { payee: { id: string; name: string }; results: StatementResult[] }[] }> {
  const run = await runView(db, runId);
  const names = await payeeNamesOfRun(db, runId);
  const byPayee = new Map<string, StatementResult[]>();
  for (const r of await readRunResults(db, runId)) {
    let list = byPayee.get(r.payee);
    if (!list) byPayee.set(r.payee, (list = []));
    list.push(statementResult(r));
  }
  return { run, payees: [...byPayee].map(([id, results]) => ({ payee: { id, name: names.get(id) ?? id }, results })) };
}

const normal = (text: string, currency: string) => formatMinor(toMinor(text, moneyDigits(currency)), moneyDigits(currency));

/** Σ payout per currency, in currency order. */
function sums(rows: readonly { readonly currency: string; readonly payout: string }[]): { currency: string; payout: string }[] {
  const by = new Map<string, bigint>();
  for (const r of rows) by.set(r.currency, (by.get(r.currency) ?? 0n) + toMinor(r.payout, moneyDigits(r.currency)));
  return [...by]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([currency, units]) => ({ currency, payout: formatMinor(units, moneyDigits(currency)) }));
}
