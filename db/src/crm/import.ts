import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { appendAudit } from '../audit.js';
import { DomainError } from '../errors.js';
import type { Db } from '../schema.js';
import { type ChunkChanges, diffDeals, type FieldChange, type StoredDeal } from './changes.js';
import { CHUNK_ROWS, type Deal, DealReader, type RowError, type SkippedRow } from './deals.js';
import type { CrmMapping } from './mapping.js';
import { PayeeDirectory } from './payees.js';
import { DealWriter, prefersCopy, storedDeals } from './store.js';

export interface CrmImportOptions {
  /** The mapping's name (`salesforce`, `hubspot` or a saved one): recorded on every transaction. */
  readonly source: string;
  readonly mapping: CrmMapping;
  /** Report what would change and every row error, write nothing. */
  readonly dryRun: boolean;
  readonly actor: string;
  /** Most entries listed in each of `changes.inserted`, `changes.updated`, `changes.skipped`; counts stay exact. */
  readonly listLimit?: number;
}

export interface CrmImportReport {
  readonly source: string;
  readonly dryRun: boolean;
  /** The import batch recorded; null for a dry run. */
  readonly batch: number | null;
  /** Data rows read (blank lines and a report footer aside). */
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly errorCount: number;
  /** Every row error, up to ERROR_LIMIT (errorCount says how many there were). */
  readonly errors: readonly RowError[];
  readonly changes: {
    readonly inserted: readonly { readonly row: number; readonly id: string }[];
    readonly updated: readonly { readonly row: number; readonly id: string; readonly changes: readonly FieldChange[] }[];
    readonly skipped: readonly SkippedRow[];
  };
  /** Some list above was cut at its limit. */
  readonly truncated: boolean;
}

/**
 * The advisory lock workspace imports (and runs, approvals, adjustments) take: a CRM import
 * waits for them and they wait for it, so no run computes from half an import.
 */
const WORKSPACE_LOCK = 0x696d706f;

export const DEFAULT_LIST_LIMIT = 1000;
/** Rows written from which an import refreshes the table's statistics. */
const ANALYZE_AFTER = 10_000;
/** Errors listed at most: beyond this nobody reads them, and a broken million-row file would make a huge answer. */
export const ERROR_LIMIT = 10_000;

/**
 * Imports deals exported from a CRM. Rows are matched by external id (the CRM's id behind
 * the mapping's prefix) and upserted: importing the same file twice changes nothing. A dry
 * run reads and compares but writes nothing. A real import is one transaction: any row
 * error and nothing is written (INVALID_WORKSPACE, 422, with the same error list a dry run
 * gives); otherwise it records an import batch and an audit entry with the counts.
 */
export async function importCrmDeals(db: Db, csv: Uint8Array, options: CrmImportOptions): Promise<CrmImportReport> {
  if (options.dryRun) return run(db, csv, options, false);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${WORKSPACE_LOCK})`.execute(trx);
    const report = await run(trx, csv, options, true);
    if (report.errorCount > 0) {
      throw new DomainError('INVALID_WORKSPACE', `the file has ${report.errorCount} row error(s); nothing was imported`, {
        errors: report.errors,
        errorCount: report.errorCount,
        truncated: report.errorCount > report.errors.length,
      });
    }
    // After a big load the planner's statistics still describe the table before it: without
    // them it scans the whole table for each chunk the next import looks up (measured: a
    // million-row re-import 3× slower). ANALYZE samples, so it costs a fraction of a second.
    if (report.inserted + report.updated >= ANALYZE_AFTER) await sql`analyze transactions`.execute(trx);
    const summary = { source: options.source, rows: report.rows, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped };
    const batch = await trx
      .insertInto('import_batches')
      .values({ actor: options.actor, source: `crm:${options.source}`, digest: createHash('sha256').update(csv).digest('hex'), summary: JSON.stringify(summary) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor: options.actor, action: 'crm.import', entity: 'import_batch', entityId: String(batch.id), after: summary });
    return { ...report, batch: batch.id };
  });
}

async function run(db: Db, csv: Uint8Array, options: CrmImportOptions, write: boolean): Promise<CrmImportReport> {
  const limit = options.listLimit ?? DEFAULT_LIST_LIMIT;
  const report = new ReportBuilder(options, limit);
  const reader = new DealReader(csv, options.mapping, await PayeeDirectory.load(db), report);
  if (write && reader.attributeNames.length > 0) {
    await db
      .insertInto('transaction_attributes')
      .values(reader.attributeNames.map((name) => ({ name })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
  // A first import of a CRM finds nothing under its prefix: one index probe saves a lookup per row.
  const fresh = !(await holdsPrefix(db, options.mapping.idPrefix));
  const read = (deals: readonly Deal[]) => quiet(fresh ? Promise.resolve(new Map<string, StoredDeal>()) : storedDeals(db, deals.map((d) => d.id)));

  // A pipeline, so that neither side waits for the other: while the database writes chunk k
  // and reads what exists of chunk k + 1 (queued on the same connection, in order),
  // JavaScript parses chunk k + 2, a slice at a time, letting the event loop hand the
  // database its next statement between slices. At most WRITES_AHEAD writes wait their turn,
  // so memory stays bounded when parsing outruns the database. Chunks never share an id (a
  // repeated id is a row error), so reading one while another is written is safe.
  const writes: Promise<unknown>[] = [];
  const writer = new DealWriter(db, write && (await prefersCopy(db)));
  try {
    const batches = slicedChunks(reader);
    let next = await batches.next();
    let stored = next.done === true ? undefined : read(next.value);
    while (next.done !== true) {
      const deals = next.value;
      const existing = stored!;
      next = await batches.next();
      const changes = diffDeals(deals, await existing, options.source);
      report.add(changes);
      if (write && report.errorCount === 0) {
        if (writes.length >= WRITES_AHEAD) await writes.shift();
        writes.push(quiet(writer.add(changes)));
      }
      stored = next.done === true ? undefined : read(next.value);
    }
  } catch (error) {
    // A failed write aborts the transaction, and what was queued after it fails for that reason: the write's error says why.
    await Promise.all(writes);
    await writer.settled();
    throw error;
  }
  await Promise.all(writes);
  // With row errors nothing more is loaded (the transaction is rolled back), but a load under way is waited for.
  if (write && report.errorCount === 0) await writer.finish();
  else await writer.settled();
  return report.build(reader.rows);
}

/** Rows parsed between two turns of the event loop. */
const SLICE_ROWS = 500;
/** Chunk writes queued on the connection at most. */
const WRITES_AHEAD = 2;

/** The reader's deals in chunks of CHUNK_ROWS, parsed SLICE_ROWS at a time with a turn of the event loop between slices. */
async function* slicedChunks(reader: DealReader): AsyncGenerator<Deal[]> {
  let chunk: Deal[] = [];
  for (const slice of reader.chunks(SLICE_ROWS)) {
    for (const deal of slice) chunk.push(deal);
    if (chunk.length >= CHUNK_ROWS) {
      yield chunk;
      chunk = [];
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (chunk.length > 0) yield chunk;
}

/** Marks a promise as handled now (it is awaited later, after other work): no unhandled-rejection warning meanwhile. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Whether any transaction id starts with `prefix:` (ids collate "C": byte order, and ";" follows ":"). */
async function holdsPrefix(db: Db, prefix: string): Promise<boolean> {
  if (prefix === '') return true;
  const row = await db.selectFrom('transactions').select('id').where('id', '>=', `${prefix}:`).where('id', '<', `${prefix};`).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Counts exactly, lists up to the limits. */
class ReportBuilder {
  errorCount = 0;
  private readonly errors: RowError[] = [];
  private readonly skippedRows: SkippedRow[] = [];
  private readonly inserted: { row: number; id: string }[] = [];
  private readonly updated: { row: number; id: string; changes: readonly FieldChange[] }[] = [];
  private counts = { inserted: 0, updated: 0, unchanged: 0, skipped: 0 };
  private truncated = false;

  constructor(
    private readonly options: CrmImportOptions,
    private readonly limit: number,
  ) {}

  error(error: RowError): void {
    this.errorCount++;
    if (this.errors.length < ERROR_LIMIT) this.errors.push(error);
  }

  skip(skipped: SkippedRow): void {
    this.counts.skipped++;
    this.list(this.skippedRows, skipped);
  }

  add(changes: ChunkChanges): void {
    this.counts.inserted += changes.inserted.length;
    this.counts.updated += changes.updated.length;
    this.counts.unchanged += changes.unchanged;
    for (const { row, deal } of changes.inserted) if (!this.list(this.inserted, { row, id: deal.id })) break;
    for (const { row, id, changes: fields } of changes.updated) if (!this.list(this.updated, { row, id, changes: fields })) break;
  }

  private list<T>(into: T[], item: T): boolean {
    if (into.length < this.limit) {
      into.push(item);
      return true;
    }
    this.truncated = true;
    return false;
  }

  build(rows: number): CrmImportReport {
    // In file order; a row's structural problem (a wrong number of cells) before what follows from it.
    const errors = [...this.errors].sort((a, b) => a.row - b.row || Number(a.column !== null) - Number(b.column !== null));
    return {
      source: this.options.source,
      dryRun: this.options.dryRun,
      batch: null,
      rows,
      ...this.counts,
      errorCount: this.errorCount,
      errors,
      changes: { inserted: this.inserted, updated: this.updated, skipped: this.skippedRows },
      truncated: this.truncated || this.errorCount > errors.length,
    };
  }
}
