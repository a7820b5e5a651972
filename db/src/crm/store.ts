import { sql } from 'kysely';
import type { Db } from '../schema.js';
import type { ChunkChanges, StoredDeal } from './changes.js';

interface StoredRow {
  id: string;
  date: string;
  amount: string;
  currency: string | null;
  owner_id: string | null;
  splits: string | null;
  quantity: string | null;
  margin: string | null;
  type: string | null;
  product: string | null;
  status: 'won' | 'cancelled' | null;
  cancel_date: string | null;
  attributes: Record<string, string>;
  external_source: string | null;
}

/** The stored transactions with these ids (one index probe each), keyed by id. */
export async function storedDeals(db: Db, ids: readonly string[]): Promise<Map<string, StoredDeal>> {
  const { rows } = await sql<StoredRow>`
    select t.id, t.date, t.amount, t.currency, t.owner_id, t.quantity, t.margin, t.type, t.product, t.status, t.cancel_date,
      t.attributes, t.external_source,
      (select string_agg(s.payee_id || ':' || s.percent::text, ';' order by s.position)
         from transaction_splits s where s.transaction_id = t.id) as splits
    from transactions t where t.id = any(${ids}::text[])`.execute(db);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        date: r.date,
        amount: r.amount,
        currency: r.currency,
        owner: r.owner_id,
        splits: r.splits,
        quantity: r.quantity,
        margin: r.margin,
        type: r.type,
        product: r.product,
        status: r.status,
        cancelDate: r.cancel_date,
        attributes: r.attributes,
        source: r.external_source,
      },
    ]),
  );
}

/**
 * Writes a chunk's new and changed transactions in one multi-row statement (arrays
 * unnested, so one statement carries thousands of rows whatever PostgreSQL's parameter
 * limit), then replaces the splits that changed. Returns the split rows written or removed.
 */
export async function writeChanges(db: Db, changes: ChunkChanges): Promise<number> {
  const rows = [...changes.inserted.map((i) => i.deal), ...changes.updated.map((u) => u.after)];
  if (rows.length === 0) return 0;
  const col = <T>(pick: (d: StoredDeal) => T) => rows.map(pick);
  await sql`
    insert into transactions (id, date, amount, currency, owner_id, quantity, margin, type, product, status, cancel_date, attributes, external_source)
    select * from unnest(
      ${col((d) => d.id)}::text[], ${col((d) => d.date)}::date[], ${col((d) => d.amount)}::numeric[], ${col((d) => d.currency)}::text[],
      ${col((d) => d.owner)}::text[], ${col((d) => d.quantity)}::numeric[], ${col((d) => d.margin)}::numeric[], ${col((d) => d.type)}::text[],
      ${col((d) => d.product)}::text[], ${col((d) => d.status)}::text[], ${col((d) => d.cancelDate)}::date[],
      ${col((d) => JSON.stringify(d.attributes))}::jsonb[], ${col((d) => d.source)}::text[])
    on conflict (id) do update set
      date = excluded.date, amount = excluded.amount, currency = excluded.currency, owner_id = excluded.owner_id,
      quantity = excluded.quantity, margin = excluded.margin, type = excluded.type, product = excluded.product,
      status = excluded.status, cancel_date = excluded.cancel_date, attributes = excluded.attributes,
      external_source = excluded.external_source, updated_at = now()`.execute(db);

  let splits = 0;
  const stale = changes.updated.filter((u) => u.splitsChanged).map((u) => u.id);
  if (stale.length > 0) {
    const removed = await sql`delete from transaction_splits where transaction_id = any(${stale}::text[])`.execute(db);
    splits += Number(removed.numAffectedRows ?? 0n);
  }
  const fresh = [...changes.inserted.map((i) => i.deal), ...changes.updated.filter((u) => u.splitsChanged).map((u) => u.after)].filter((d) => d.splits !== null);
  if (fresh.length > 0) {
    const tx: string[] = [];
    const payee: string[] = [];
    const percent: string[] = [];
    const position: number[] = [];
    for (const d of fresh) {
      d.splits!.split(';').forEach((part, i) => {
        const colon = part.lastIndexOf(':');
        tx.push(d.id);
        payee.push(part.slice(0, colon));
        percent.push(part.slice(colon + 1));
        position.push(i);
      });
    }
    await sql`
      insert into transaction_splits (transaction_id, payee_id, percent, position)
      select * from unnest(${tx}::text[], ${payee}::text[], ${percent}::numeric[], ${position}::smallint[])`.execute(db);
    splits += tx.length;
  }
  return splits;
}
