import { CsvCursor } from '@prestasi/workspace';
import { sql } from 'kysely';
import { columnIndex, csvLine } from './csv.js';
import type { Db } from './upsert.js';

/** The columns of transactions.csv that have their own column in the table. */
export const TRANSACTION_COLUMNS = [
  'id',
  'date',
  'amount',
  'currency',
  'owner',
  'splits',
  'quantity',
  'margin',
  'type',
  'product',
  'status',
  'cancel_date',
] as const;
const KNOWN: ReadonlySet<string> = new Set(TRANSACTION_COLUMNS);

/** Rows per statement: one array parameter per column, so only memory bounds it. */
const CHUNK = 5000;

/** A slice of transactions.csv in columns, as the statements below take them. */
interface TransactionChunk {
  readonly id: string[];
  readonly date: string[];
  readonly amount: string[];
  readonly currency: (string | null)[];
  readonly owner: (string | null)[];
  readonly quantity: (string | null)[];
  readonly margin: (string | null)[];
  readonly type: (string | null)[];
  readonly product: (string | null)[];
  readonly status: (string | null)[];
  readonly cancelDate: (string | null)[];
  /** JSON objects of the attribute cells that are not empty. */
  readonly attributes: string[];
  readonly splits: { readonly transaction: string[]; readonly payee: string[]; readonly percent: string[]; readonly position: number[] };
}

/** The attribute columns of a transactions.csv header: every named column the format does not define. */
export function attributeColumns(bytes: Uint8Array): string[] {
  return [...columnIndex(new CsvCursor(bytes).header).keys()].filter((name) => !KNOWN.has(name));
}

/** Reads an accepted transactions.csv in chunks, so a million rows never sit in memory as objects. */
export function* readTransactions(bytes: Uint8Array): Generator<TransactionChunk> {
  const cursor = new CsvCursor(bytes);
  const index = columnIndex(cursor.header);
  const col = (name: string) => index.get(name) ?? -1;
  const c = Object.fromEntries(TRANSACTION_COLUMNS.map((name) => [name, col(name)])) as Record<(typeof TRANSACTION_COLUMNS)[number], number>;
  const attributes = [...index].filter(([name]) => !KNOWN.has(name));
  const text = (i: number) => (i < 0 ? null : cursor.trimmed(i) || null);
  let chunk = emptyChunk();
  while (cursor.next()) {
    const id = cursor.trimmed(c.id);
    chunk.id.push(id);
    chunk.date.push(cursor.trimmed(c.date));
    chunk.amount.push(cursor.trimmed(c.amount));
    chunk.currency.push(text(c.currency));
    chunk.owner.push(text(c.owner));
    chunk.quantity.push(text(c.quantity));
    chunk.margin.push(text(c.margin));
    chunk.type.push(text(c.type));
    chunk.product.push(text(c.product));
    chunk.status.push(text(c.status));
    chunk.cancelDate.push(text(c.cancel_date));
    const attrs: Record<string, string> = {};
    for (const [name, i] of attributes) {
      const value = cursor.trimmed(i);
      if (value !== '') attrs[name] = value;
    }
    chunk.attributes.push(JSON.stringify(attrs));
    const splits = text(c.splits);
    if (splits !== null) {
      splits.split(';').forEach((part, position) => {
        const colon = part.lastIndexOf(':');
        chunk.splits.transaction.push(id);
        chunk.splits.payee.push(part.slice(0, colon).trim());
        chunk.splits.percent.push(part.slice(colon + 1).trim());
        chunk.splits.position.push(position);
      });
    }
    if (chunk.id.length === CHUNK) {
      yield chunk;
      chunk = emptyChunk();
    }
  }
  if (chunk.id.length > 0) yield chunk;
}

function emptyChunk(): TransactionChunk {
  return {
    id: [],
    date: [],
    amount: [],
    currency: [],
    owner: [],
    quantity: [],
    margin: [],
    type: [],
    product: [],
    status: [],
    cancelDate: [],
    attributes: [],
    splits: { transaction: [], payee: [], percent: [], position: [] },
  };
}

const COMPARED = ['date', 'amount', 'currency', 'owner_id', 'quantity', 'margin', 'type', 'product', 'status', 'cancel_date', 'attributes'];

/**
 * Upserts transactions and their splits by transaction id; a transaction's splits become
 * exactly the file's. Returns the rows changed in each table.
 */
export async function writeTransactions(
  db: Db,
  chunks: Iterable<TransactionChunk>,
  attributes: readonly string[],
): Promise<{ transactions: number; transaction_splits: number; transaction_attributes: number }> {
  let transactions = 0;
  let splits = 0;
  let names = 0;
  if (attributes.length > 0) {
    const added = await db
      .insertInto('transaction_attributes')
      .values(attributes.map((name) => ({ name })))
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    names = Number(added.numInsertedOrUpdatedRows ?? 0n);
  }
  const mine = sql.join(COMPARED.map((c) => sql`${sql.ref(`transactions.${c}`)}::text`));
  const theirs = sql.join(COMPARED.map((c) => sql`${sql.ref(`excluded.${c}`)}::text`));
  for (const t of chunks) {
    const upserted = await sql`
      insert into transactions (id, date, amount, currency, owner_id, quantity, margin, type, product, status, cancel_date, attributes)
      select * from unnest(
        ${t.id}::text[], ${t.date}::date[], ${t.amount}::numeric[], ${t.currency}::text[], ${t.owner}::text[],
        ${t.quantity}::numeric[], ${t.margin}::numeric[], ${t.type}::text[], ${t.product}::text[], ${t.status}::text[],
        ${t.cancelDate}::date[], ${t.attributes}::jsonb[])
      on conflict (id) do update set
        date = excluded.date, amount = excluded.amount, currency = excluded.currency, owner_id = excluded.owner_id,
        quantity = excluded.quantity, margin = excluded.margin, type = excluded.type, product = excluded.product,
        status = excluded.status, cancel_date = excluded.cancel_date, attributes = excluded.attributes, updated_at = now()
      where (${mine}) is distinct from (${theirs})`.execute(db);
    transactions += Number(upserted.numAffectedRows ?? 0n);
    const s = t.splits;
    const stale = await sql`
      delete from transaction_splits old
      where old.transaction_id = any(${t.id}::text[])
        and not exists (
          select from unnest(${s.transaction}::text[], ${s.payee}::text[]) as new (transaction_id, payee_id)
          where new.transaction_id = old.transaction_id and new.payee_id = old.payee_id)`.execute(db);
    const kept = await sql`
      insert into transaction_splits (transaction_id, payee_id, percent, position)
      select * from unnest(${s.transaction}::text[], ${s.payee}::text[], ${s.percent}::numeric[], ${s.position}::smallint[])
      on conflict (transaction_id, payee_id) do update set percent = excluded.percent, position = excluded.position
      where (transaction_splits.percent::text, transaction_splits.position) is distinct from (excluded.percent::text, excluded.position)`.execute(db);
    splits += Number(stale.numAffectedRows ?? 0n) + Number(kept.numAffectedRows ?? 0n);
  }
  return { transactions, transaction_splits: splits, transaction_attributes: names };
}

const EXPORT_PAGE = 20_000;
const encoder = new TextEncoder();

/**
 * Some of the deals: those dated or cancelled within [from, to] (inclusive days), credited to
 * one of `payees` (as owner or split partner) when that is given.
 */
export interface DealScope {
  readonly from: string;
  readonly to: string;
  readonly payees?: readonly string[];
}

/**
 * transactions.csv: the format's columns, then every attribute column ever imported. Rows come
 * in id order (code points), a page at a time along the primary key; all of them, or `scope`'s.
 */
export async function transactionsCsv(db: Db, scope?: DealScope): Promise<Uint8Array> {
  const names = (await db.selectFrom('transaction_attributes').select('name').orderBy('name').execute()).map((r) => r.name);
  const parts: Uint8Array[] = [encoder.encode(csvLine([...TRANSACTION_COLUMNS, ...names]))];
  if (scope?.payees?.length === 0) return parts[0]!;
  const ids = scope?.payees === undefined ? undefined : await dealsOf(db, scope.payees);
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('transactions as t')
      .select([
        't.id',
        't.date',
        't.amount',
        't.currency',
        't.owner_id',
        't.quantity',
        't.margin',
        't.type',
        't.product',
        't.status',
        't.cancel_date',
        't.attributes',
        (eb) =>
          eb
            .selectFrom('transaction_splits as s')
            .select(sql<string>`string_agg(s.payee_id || ':' || s.percent::text, ';' order by s.position)`.as('splits'))
            .whereRef('s.transaction_id', '=', 't.id')
            .as('splits'),
      ])
      .orderBy('t.id')
      .limit(EXPORT_PAGE);
    if (after !== undefined) query = query.where('t.id', '>', after);
    if (scope !== undefined) {
      const { from, to } = scope;
      query = query.where((eb) => eb.or([eb('t.date', '>=', from).and('t.date', '<=', to), eb('t.cancel_date', '>=', from).and('t.cancel_date', '<=', to)]));
      if (ids !== undefined) query = query.where('t.id', '=', sql<string>`any(${ids}::text[])`);
    }
    const rows = await query.execute();
    if (rows.length === 0) break;
    let text = '';
    for (const r of rows) {
      text += csvLine([
        r.id,
        r.date,
        r.amount,
        r.currency,
        r.owner_id,
        r.splits,
        r.quantity,
        r.margin,
        r.type,
        r.product,
        r.status,
        r.cancel_date,
        ...names.map((n) => r.attributes[n]),
      ]);
    }
    parts.push(encoder.encode(text));
    // A short page is the last: no query to find nothing.
    if (rows.length < EXPORT_PAGE) break;
    after = rows.at(-1)!.id;
  }
  // A plain Uint8Array, as every other file of an export: not Node's Buffer subclass.
  const joined = Buffer.concat(parts);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

/**
 * The ids of the deals credited to these payees, found through the owner and split indexes
 * first: asked together with the page's order by id, the planner may walk the primary key over
 * millions of deals to find a payee's hundred.
 */
async function dealsOf(db: Db, payees: readonly string[]): Promise<string[]> {
  const list = [...payees];
  const rows = await sql<{ id: string }>`
    select id from transactions where owner_id = any(${list}::text[])
    union
    select transaction_id from transaction_splits where payee_id = any(${list}::text[])`.execute(db);
  return rows.rows.map((r) => r.id);
}
