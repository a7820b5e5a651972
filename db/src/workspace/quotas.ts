import { csvFile, csvRows } from './csv.js';
import { chunks, type Db, differs, written } from './upsert.js';

interface QuotaRow {
  readonly payee_id: string;
  readonly period: string;
  readonly measure: string;
  readonly amount: string;
}

export function readQuotas(bytes: Uint8Array | undefined): QuotaRow[] {
  return csvRows(bytes).map((r) => ({
    payee_id: r['payee'] ?? '',
    period: r['period'] ?? '',
    measure: r['measure'] ?? '',
    amount: r['amount'] ?? '',
  }));
}

export async function writeQuotas(db: Db, rows: readonly QuotaRow[]): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(rows)) {
    const result = await db
      .insertInto('quotas')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['payee_id', 'period', 'measure'])
          .doUpdateSet((eb) => ({ amount: eb.ref('excluded.amount') }))
          .where(differs('quotas', ['amount'])),
      )
      .executeTakeFirst();
    changed += written(result);
  }
  return changed;
}

export async function quotasCsv(db: Db): Promise<Uint8Array> {
  const rows = await db.selectFrom('quotas').selectAll().orderBy('payee_id').orderBy('period').orderBy('measure').execute();
  return csvFile(['payee', 'period', 'measure', 'amount'], rows.map((r) => [r.payee_id, r.period, r.measure, r.amount]));
}
