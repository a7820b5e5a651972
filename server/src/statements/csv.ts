import { csvRecord, spreadsheetSafe } from '../csv.js';
import { moneyDigits, toMinor } from '../money.js';
import type { Statement, StatementResult } from './service.js';

export const STATEMENT_CSV_HEADER = ['payee', 'name', 'period', 'run', 'status', 'plan', 'currency', 'kind', 'component', 'transaction', 'amount', 'explanation'] as const;

/**
 * A statement as a spreadsheet: per result, a row for every line of every component, every
 * clawback, adjustment and draw movement, then a `payout` row. The rows of a result other than
 * its `payout` row add up to that payout exactly (a rep can check it with one SUM), because lines
 * add up to their component's `earned` and payout = Σ earned + Σ clawbacks + Σ adjustments +
 * draw paid − draw recovered. Text cells are made spreadsheet-safe; amounts stay numbers.
 */
export function statementCsv(s: Statement): string {
  return statementsCsv(s.run, [{ payee: s.payee, results: s.results }]);
}

/** The statements of several payees from one run, one after another in one file (see statementCsv). */
export function statementsCsv(
  run: { readonly number: number; readonly status: string },
  payees: readonly { readonly payee: { readonly id: string; readonly name: string }; readonly results: readonly StatementResult[] }[],
): string {
  const rows: string[][] = [[...STATEMENT_CSV_HEADER]];
  for (const { payee, results } of payees) for (const r of results) addResult(rows, run, payee, r);
  return rows.map((cells) => csvRecord(cells.map((text, i) => spreadsheetSafe(text, STATEMENT_CSV_HEADER[i] === 'amount' ? 'amount' : 'text')))).join('');
}

function addResult(
  rows: string[][],
  run: { readonly number: number; readonly status: string },
  payee: { readonly id: string; readonly name: string },
  r: StatementResult,
): void {
  const row = (kind: string, component: string, transaction: string, amount: string, explanation: string) =>
    rows.push([payee.id, payee.name, r.period, String(run.number), run.status, r.plan, r.currency, kind, component, transaction, amount, explanation]);
  for (const c of r.components) {
    const lines = c.lines ?? [];
    // A component without lines (a summary, or nothing earned) is one row of its own.
    if (lines.length === 0) {
      if (toMinor(c.earned, moneyDigits(r.currency)) !== 0n) row('component', c.id, '', c.earned, c.explanation ?? '');
      continue;
    }
    for (const l of lines) row('line', c.id, l.transaction ?? '', l.amount, l.explanation ?? '');
  }
  for (const c of r.clawbacks) row('clawback', c.component, c.transaction, c.amount, c.explanation ?? '');
  for (const a of r.adjustments) row('adjustment', a.correctsComponent ?? '', a.correctsTransaction ?? '', a.amount, a.reason);
  const digits = moneyDigits(r.currency);
  if (toMinor(r.draw.paid, digits) !== 0n) row('draw', '', '', r.draw.paid, 'draw: paid on top of what was earned');
  if (toMinor(r.draw.recovered, digits) !== 0n) row('draw', '', '', negate(r.draw.recovered), 'draw: recovered from what was earned');
  row('payout', '', '', r.payout, 'payout: the rows above of this result added up');
}

function negate(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}
