import {
  appendAudit,
  type Db,
  type DealRow,
  dealsCsv,
  deleteDeals,
  DomainError,
  lockWorkspace,
  upsertDeals,
} from '@prestasi/db';
import { parseDay } from '@prestasi/engine';
import { withTransactions } from '@prestasi/workspace';
import type { LiveHub } from '../live/hub.js';
import type { LiveUpdate } from '../live/update.js';
import { fiscalCalendar } from '../periods.js';

export interface DealsWritten {
  readonly received: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** What the live results did with it, once they are up to date. */
  readonly live: LiveUpdate;
}

/** A row the batch was refused for: its index in the batch, and the loader's message. */
export interface DealProblem {
  readonly index: number | null;
  readonly id: string | null;
  readonly message: string;
}

/**
 * Upserts a batch of deals by id, checked exactly as a transactions.csv is (docs/spec/workspace.md:
 * the same loader, the same messages); any problem and nothing is written (INVALID_WORKSPACE with
 * every problem). Then brings the live results up to date, keeping the fiscal years the deals fall
 * in live, so the caller's answer comes after the dashboards were told.
 */
export async function upsertTransactions(db: Db, hub: LiveHub, deals: readonly DealRow[], actor: string): Promise<DealsWritten> {
  const ids = deals.map((d) => d.id);
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0) throw new DomainError('INVALID_INPUT', `transaction ${ids[twice]} appears twice in the batch`);
  const written = await db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const { bytes, lines } = await dealsCsv(trx, deals);
    const loaded = withTransactions(await hub.inputs.get(trx), bytes);
    if (!loaded.ok) {
      const problems = loaded.problems.filter((p) => !p.warning).map((p): DealProblem => {
        const index = p.file === 'transactions.csv' && p.line !== undefined ? rowAt(lines, p.line) : null;
        return { index, id: index === null ? null : (deals[index]?.id ?? null), message: `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}` };
      });
      throw new DomainError('INVALID_WORKSPACE', `the batch has ${problems.length} problem(s); nothing was written`, { problems });
    }
    const { inserted, changed } = await upsertDeals(trx, bytes, ids);
    await appendAudit(trx, { actor, action: 'transactions.upsert', entity: 'transactions', after: { received: deals.length, inserted: inserted.length, updated: changed - inserted.length } });
    return { inserted: inserted.length, updated: changed - inserted.length };
  });
  const live = await hub.update({ keep: await yearsOf(db, deals) });
  return { received: deals.length, ...written, unchanged: deals.length - written.inserted - written.updated, live };
}

/** Deletes a deal; the live results forget it. NOT_FOUND when there is none. */
export async function deleteTransaction(db: Db, hub: LiveHub, id: string, actor: string): Promise<LiveUpdate> {
  await db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const held = await trx.selectFrom('adjustments').select('id').where('corrects_transaction', '=', id).limit(1).executeTakeFirst();
    const disputed = await trx.selectFrom('disputes').select('id').where('transaction_id', '=', id).limit(1).executeTakeFirst();
    if (held || disputed) {
      throw new DomainError('CONFLICT', `transaction ${id} is referred to by ${held ? `adjustment ${held.id}` : `dispute ${disputed!.id}`}: cancel it (status cancelled) instead`);
    }
    const gone = await deleteDeals(trx, [id]);
    if (gone.length === 0) throw new DomainError('NOT_FOUND', `no transaction ${id}`);
    await appendAudit(trx, { actor, action: 'transactions.delete', entity: 'transaction', entityId: id });
  });
  return hub.update();
}

/** The index of the row starting at or before `line`. */
function rowAt(lines: readonly number[], line: number): number | null {
  let found: number | null = null;
  for (let i = 0; i < lines.length && lines[i]! <= line; i++) found = i;
  return found;
}

/** The fiscal years the deals' dates and cancel dates fall in. */
export async function yearsOf(db: Db, deals: readonly Pick<DealRow, 'date' | 'cancel_date'>[]): Promise<string[]> {
  const calendar = await fiscalCalendar(db);
  const years = new Set<string>();
  for (const d of deals) {
    for (const text of [d.date, d.cancel_date]) {
      const day = text === undefined ? undefined : parseDay(text);
      if (day !== undefined) years.add(calendar.fiscalYearOf(day).label);
    }
  }
  return [...years];
}
