import { csvFile, csvRows, orNull } from './csv.js';
import { chunks, type Db } from './upsert.js';

interface AdjustmentRow {
  readonly payee_id: string;
  readonly period: string;
  readonly plan_id: string | null;
  readonly amount: string;
  readonly reason: string;
}

export function readAdjustments(bytes: Uint8Array | undefined): AdjustmentRow[] {
  return csvRows(bytes).map((r) => ({
    payee_id: r['payee'] ?? '',
    period: r['period'] ?? '',
    plan_id: orNull(r['plan']),
    amount: r['amount'] ?? '',
    reason: r['reason'] ?? '',
  }));
}

/**
 * Adjustments have no id in the workspace, and two identical rows are two payments. So the
 * file and the table are compared as multisets: a row the file has n times and the table k
 * times is added n − k times (never removed). Importing a file twice, or an export back into
 * its own database, adds nothing.
 */
export async function writeAdjustments(db: Db, rows: readonly AdjustmentRow[], actor: string): Promise<number> {
  const existing = await db.selectFrom('adjustments').select(['payee_id', 'period', 'plan_id', 'amount', 'reason']).execute();
  const have = new Map<string, number>();
  for (const r of existing) have.set(keyOf(r), (have.get(keyOf(r)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const fresh: (AdjustmentRow & { created_by: string })[] = [];
  for (const r of rows) {
    const key = keyOf(r);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > (have.get(key) ?? 0)) fresh.push({ ...r, created_by: actor });
  }
  for (const chunk of chunks(fresh)) await db.insertInto('adjustments').values(chunk).execute();
  return fresh.length;
}

function keyOf(r: AdjustmentRow): string {
  return JSON.stringify([r.payee_id, r.period, r.plan_id, canonicalDecimal(r.amount), r.reason]);
}

/** `007.50` and `7.5` are one amount; `-0` is `0`. */
export function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  const digits = f === '' ? w : `${w}.${f}`;
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** adjustments.csv in the order the adjustments were made: the engine lists them so. */
export async function adjustmentsCsv(db: Db): Promise<Uint8Array> {
  const rows = await db.selectFrom('adjustments').select(['payee_id', 'period', 'plan_id', 'amount', 'reason']).orderBy('id').execute();
  return csvFile(['payee', 'period', 'plan', 'amount', 'reason'], rows.map((r) => [r.payee_id, r.period, r.plan_id, r.amount, r.reason]));
}
