import { sql } from 'kysely';
import type { Db } from '../schema.js';
import { copyCsvLine, copyCsvValue as q, copyInto } from '../copy.js';
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

/** New rows per COPY: big enough that its fixed cost (PGlite's blob above all) vanishes, small enough to hold. */
export const COPY_ROWS = 25_000;

const TRANSACTION_COPY = ['id', 'date', 'amount', 'currency', 'owner_id', 'quantity', 'margin', 'type', 'product', 'status', 'cancel_date', 'attributes', 'external_source'];
const SPLIT_COPY = ['transaction_id', 'payee_id', 'percent', 'position'];
const encoder = new TextEncoder();

/**
 * Writes an import's changes. New transactions (and their splits) need no ON CONFLICT: the
 * caller holds the import lock and saw they are not there. Where COPY pays (prefersCopy) they
 * are gathered and loaded COPY_ROWS at a time, one COPY running while the next batch is
 * gathered; else each chunk's go in with one multi-row INSERT. Changed transactions are
 * upserted at once, one multi-row statement per chunk, and their splits replaced when they
 * changed.
 */
export class DealWriter {
  private transactions = new CopyBuffer();
  private splits = new CopyBuffer();
  private loading: Promise<void> = Promise.resolve();
  /** Split rows written or removed. */
  splitRows = 0;

  /** `copy`: load new rows with COPY; else with multi-row INSERTs (see `prefersCopy`). */
  constructor(
    private readonly db: Db,
    private readonly copy: boolean,
  ) {}

  async add(changes: ChunkChanges): Promise<void> {
    if (this.copy) {
      for (const { deal } of changes.inserted) {
        this.transactions.append(transactionLine(deal));
        if (deal.splits !== null) deal.splits.split(';').forEach((part, i) => this.splits.append(copyCsvLine(splitCells(deal.id, part, i))));
      }
    } else if (changes.inserted.length > 0) {
      const deals = changes.inserted.map((i) => i.deal);
      await writeRows(this.db, deals, false);
      await this.insertSplits(deals);
    }
    if (changes.updated.length > 0) {
      await writeRows(this.db, changes.updated.map((u) => u.after), true);
      await this.replaceSplits(changes.updated.filter((u) => u.splitsChanged).map((u) => u.after));
    }
    if (this.transactions.lines >= COPY_ROWS) await this.load();
  }

  /** Loads what is gathered and waits for every load; the import calls it last. */
  async finish(): Promise<void> {
    await this.load();
    await this.loading;
  }

  /** Waits for the load under way, loading nothing more. */
  settled(): Promise<void> {
    return this.loading;
  }

  /** Starts loading the gathered rows once the previous load is done: one COPY in flight at most. */
  private async load(): Promise<void> {
    await this.loading;
    const transactions = this.transactions;
    const splits = this.splits;
    this.transactions = new CopyBuffer();
    this.splits = new CopyBuffer();
    const loading = (async () => {
      if (transactions.lines > 0) await copyInto(this.db, 'transactions', TRANSACTION_COPY, transactions.bytes());
      if (splits.lines > 0) this.splitRows += await copyInto(this.db, 'transaction_splits', SPLIT_COPY, splits.bytes());
    })();
    // Awaited by the next load or by finish(); handled now so that it is no unhandled rejection meanwhile.
    loading.catch(() => undefined);
    this.loading = loading;
  }

  private async replaceSplits(deals: readonly StoredDeal[]): Promise<void> {
    if (deals.length === 0) return;
    const removed = await sql`delete from transaction_splits where transaction_id = any(${deals.map((d) => d.id)}::text[])`.execute(this.db);
    this.splitRows += Number(removed.numAffectedRows ?? 0n);
    await this.insertSplits(deals);
  }

  private async insertSplits(deals: readonly StoredDeal[]): Promise<void> {
    const lines = deals.flatMap((d) => (d.splits === null ? [] : d.splits.split(';').map((part, i) => copyCsvLine(splitCells(d.id, part, i)))));
    if (lines.length > 0) this.splitRows += await copyInto(this.db, 'transaction_splits', SPLIT_COPY, encoder.encode(lines.join('')));
  }
}

/**
 * COPY data gathered line by line as UTF-8: each line is encoded as it comes, so only bytes
 * are kept, not tens of thousands of strings for the garbage collector to move about.
 */
class CopyBuffer {
  lines = 0;
  private buffer = new Uint8Array(1 << 20);
  private length = 0;

  append(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + line.length * 3 > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + line.length * 3));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.length += encoder.encodeInto(line, this.buffer.subarray(this.length)).written;
    this.lines++;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** A transaction as a line of COPY's CSV, written out field by field: it runs a million times. */
function transactionLine(d: StoredDeal): string {
  return (
    `${q(d.id)},${q(d.date)},${q(d.amount)},${q(d.currency)},${q(d.owner)},${q(d.quantity)},${q(d.margin)},${q(d.type)},` +
    `${q(d.product)},${q(d.status)},${q(d.cancelDate)},${q(JSON.stringify(d.attributes))},${q(d.source)}\n`
  );
}

/** `payee:percent`, the split's place in the cell. */
function splitCells(transaction: string, part: string, position: number): (string | null)[] {
  const colon = part.lastIndexOf(':');
  return [transaction, part.slice(0, colon), part.slice(colon + 1), String(position)];
}

/**
 * Rows in one multi-row statement (arrays unnested, so thousands of rows whatever
 * PostgreSQL's parameter limit): a plain INSERT of new rows, or an upsert of changed ones.
 */
async function writeRows(db: Db, rows: readonly StoredDeal[], upsert: boolean): Promise<void> {
  const col = <T>(pick: (d: StoredDeal) => T) => rows.map(pick);
  const insert = sql`
    insert into transactions (id, date, amount, currency, owner_id, quantity, margin, type, product, status, cancel_date, attributes, external_source)
    select * from unnest(
      ${col((d) => d.id)}::text[], ${col((d) => d.date)}::date[], ${col((d) => d.amount)}::numeric[], ${col((d) => d.currency)}::text[],
      ${col((d) => d.owner)}::text[], ${col((d) => d.quantity)}::numeric[], ${col((d) => d.margin)}::numeric[], ${col((d) => d.type)}::text[],
      ${col((d) => d.product)}::text[], ${col((d) => d.status)}::text[], ${col((d) => d.cancelDate)}::date[],
      ${col((d) => JSON.stringify(d.attributes))}::jsonb[], ${col((d) => d.source)}::text[])`;
  if (!upsert) {
    await insert.execute(db);
    return;
  }
  await sql`${insert}
    on conflict (id) do update set
      date = excluded.date, amount = excluded.amount, currency = excluded.currency, owner_id = excluded.owner_id,
      quantity = excluded.quantity, margin = excluded.margin, type = excluded.type, product = excluded.product,
      status = excluded.status, cancel_date = excluded.cancel_date, attributes = excluded.attributes,
      external_source = excluded.external_source, updated_at = now()`.execute(db);
}

/**
 * Whether new rows should go in with COPY. On PostgreSQL COPY loads several times faster than
 * INSERT; PGlite takes COPY's data through a blob in its virtual file system and is faster
 * with multi-row INSERTs (measured: 500,000 deals, 24 s by COPY against 16 s by INSERT).
 * PGlite says what it is in version().
 */
export async function prefersCopy(db: Db): Promise<boolean> {
  const { rows } = await sql<{ pglite: boolean }>`select version() like '%(PGlite %' as pglite`.execute(db);
  return rows[0]?.pglite !== true;
}
