import { type Db, DomainError, payeeNamesOfRun, payoutsByPayee } from '@prestasi/db';
import { money } from '../money.js';
import { runOrNotFound } from '../runs/service.js';
import { csvRecord, spreadsheetSafe } from '../csv.js';

export interface PayrollRow {
  readonly employeeId: string;
  readonly name: string;
  readonly period: string;
  readonly amount: string;
  readonly currency: string;
}

/**
 * What payroll pays for a paid run: one row per payee and currency, the sum of their payouts.
 * CONFLICT for a run that is not paid: a draft or approved run may still be replaced.
 */
export async function payrollOf(db: Db, runId: number): Promise<{ period: string; number: number; rows: PayrollRow[] }> {
  const run = await runOrNotFound(db, runId);
  if (run.status !== 'paid') {
    throw new DomainError('CONFLICT', `run ${run.id} is ${run.status}: only a paid run goes to payroll`, { run: run.id, status: run.status });
  }
  const names = await payeeNamesOfRun(db, run.id);
  const rows = (await payoutsByPayee(db, run.id)).map((p) => ({
    employeeId: p.payee,
    name: names.get(p.payee) ?? '',
    period: run.period,
    amount: money(p.payout, p.currency),
    currency: p.currency,
  }));
  return { period: run.period, number: run.number, rows };
}

export const PAYROLL_HEADER = ['employee_id', 'name', 'period', 'amount', 'currency'] as const;

export function payrollCsv(rows: readonly PayrollRow[]): string {
  return (
    csvRecord([...PAYROLL_HEADER]) +
    rows
      .map((r) =>
        csvRecord([spreadsheetSafe(r.employeeId), spreadsheetSafe(r.name), spreadsheetSafe(r.period), spreadsheetSafe(r.amount, 'amount'), spreadsheetSafe(r.currency)]),
      )
      .join('')
  );
}
