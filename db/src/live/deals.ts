import { sql } from 'kysely';
import type { Db } from '../schema.js';
import { csvLine } from '../workspace/csv.js';
import { attributeColumns, readTransactions, TRANSACTION_COLUMNS, writeTransactions } from '../workspace/transactions.js';

/** A deal as the API takes it: the columns of transactions.csv, as text, empty or absent for none. */
export interface DealRow {
  readonly id: string;
  readonly date: string;
  readonly amount: string;
  readonly currency?: string | undefined;
  readonly owner?: string | undefined;
  /** `payee:percent;…` as in transactions.csv. */
  readonly splits?: string | undefined;
  readonly quantity?: string | undefined;
  readonly margin?: string | undefined;
  readonly type?: string | undefined;
  readonly product?: string | undefined;
  readonly status?: string | undefined;
  readonly cancel_date?: string | undefined;
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}

/**
 * The deals as a transactions.csv (every attribute column the database knows, then the rows'
 * own), and the physical line each row starts on, so that the workspace loader's problems,
 * which name lines, can be pointed back at the rows.
 */
export async function dealsCsv(db: Db, deals: readonly DealRow[]): Promise<{ bytes: Uint8Array; lines: number[] }> {
  const known = (await db.selectFrom('transaction_attributes').select('name').orderBy('name').execute()).map((r) => r.name);
  const names = [...known];
  for (const d of deals) for (const name of Object.keys(d.attributes ?? {})) if (!names.includes(name)) names.push(name);
  let text = csvLine([...TRANSACTION_COLUMNS, ...names]);
  let line = 2;
  const lines: number[] = [];
  for (const d of deals) {
    const row = csvLine([
      d.id,
      d.date,
      d.amount,
      d.currency,
      d.owner,
      d.splits,
      d.quantity,
      d.margin,
      d.type,
      d.product,
      d.status,
      d.cancel_date,
      ...names.map((n) => d.attributes?.[n]),
    ]);
    lines.push(line);
    line += row.split('\n').length - 1;
    text += row;
  }
  return { bytes: new TextEncoder().encode(text), lines };
}

/** Upserts checked deals (transactions.csv bytes) by id; returns the ids that were new and the rows changed. */
export async function upsertDeals(trx: Db, bytes: Uint8Array, ids: readonly string[]): Promise<{ inserted: string[]; changed: number }> {
  const existing = new Set(
    (await trx.selectFrom('transactions').select('id').where('id', '=', sql<string>`any(${[...ids]}::text[])`).execute()).map((r) => r.id),
  );
  const written = await writeTransactions(trx, readTransactions(bytes), attributeColumns(bytes));
  return { inserted: ids.filter((id) => !existing.has(id)), changed: written.transactions };
}

/** Deletes deals (their splits go with them); returns the ids that existed. */
export async function deleteDeals(trx: Db, ids: readonly string[]): Promise<string[]> {
  const rows = await trx.deleteFrom('transactions').where('id', '=', sql<string>`any(${[...ids]}::text[])`).returning('id').execute();
  return rows.map((r) => r.id);
}
