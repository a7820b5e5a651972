import { type Selectable, sql } from 'kysely';
import type { Db, DisputesTable } from '../schema.js';

export type DisputeStatus = 'open' | 'accepted' | 'rejected';

/** A disputes row. */
export interface DisputeRecord {
  readonly id: number;
  readonly payee: string;
  /** The plan of the disputed result. */
  readonly plan: string | null;
  readonly period: string;
  /** The run whose statement the payee disputes, when they named one. */
  readonly run: number | null;
  readonly transaction: string | null;
  readonly component: string | null;
  readonly subject: string;
  readonly status: DisputeStatus;
  readonly assignee: string | null;
  readonly assignedAt: Date | null;
  readonly raisedBy: string;
  readonly raisedAt: Date;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
  readonly resolution: string | null;
  /** The adjustment an accepted dispute was paid by. */
  readonly adjustment: number | null;
}

export interface NewDispute {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly run: number | null;
  readonly transaction: string | null;
  readonly component: string | null;
  readonly subject: string;
  readonly raisedBy: string;
}

function record(row: Selectable<DisputesTable>): DisputeRecord {
  return {
    id: row.id,
    payee: row.payee_id,
    plan: row.plan_id,
    period: row.period,
    run: row.run_id,
    transaction: row.transaction_id,
    component: row.component,
    subject: row.subject,
    status: row.status,
    assignee: row.assignee,
    assignedAt: row.assigned_at === null ? null : new Date(row.assigned_at),
    raisedBy: row.raised_by,
    raisedAt: new Date(row.raised_at),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    resolution: row.resolution,
    adjustment: row.adjustment_id,
  };
}

export async function insertDispute(db: Db, d: NewDispute): Promise<DisputeRecord> {
  const row = await db
    .insertInto('disputes')
    .values({
      payee_id: d.payee,
      plan_id: d.plan,
      period: d.period,
      run_id: d.run,
      transaction_id: d.transaction,
      component: d.component,
      subject: d.subject,
      raised_by: d.raisedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return record(row);
}

/**
 * One dispute; with `forUpdate`, its row stays locked until the caller's transaction ends, so
 * two changes to one dispute take turns and the second sees the first's outcome.
 */
export async function findDispute(db: Db, id: number, options: { readonly forUpdate?: boolean } = {}): Promise<DisputeRecord | undefined> {
  let query = db.selectFrom('disputes').selectAll().where('id', '=', id);
  if (options.forUpdate === true) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row === undefined ? undefined : record(row);
}

export interface DisputeFilter {
  readonly status?: DisputeStatus | undefined;
  readonly payee?: string | undefined;
}

/** Disputes in the order they were raised. */
export async function listDisputes(db: Db, filter: DisputeFilter = {}): Promise<DisputeRecord[]> {
  let query = db.selectFrom('disputes').selectAll().orderBy('id');
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.payee !== undefined) query = query.where('payee_id', '=', filter.payee);
  return (await query.execute()).map(record);
}

export async function assignDispute(db: Db, id: number, assignee: string): Promise<DisputeRecord> {
  const row = await db
    .updateTable('disputes')
    .set({ assignee, assigned_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return record(row);
}

export interface Resolution {
  readonly status: 'accepted' | 'rejected';
  readonly resolution: string;
  readonly resolvedBy: string;
  readonly adjustment: number | null;
}

export async function resolveDispute(db: Db, id: number, r: Resolution): Promise<DisputeRecord> {
  const row = await db
    .updateTable('disputes')
    .set({ status: r.status, resolution: r.resolution, resolved_by: r.resolvedBy, resolved_at: sql<Date>`now()`, adjustment_id: r.adjustment })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return record(row);
}

/** What an accepted dispute's adjustment paid, and where it landed. */
export interface DisputeAdjustment {
  readonly id: number;
  readonly period: string;
  readonly plan: string | null;
  readonly amount: string;
  readonly reason: string;
}

export async function disputeAdjustment(db: Db, id: number): Promise<DisputeAdjustment | undefined> {
  const row = await db.selectFrom('adjustments').select(['id', 'period', 'plan_id', 'amount', 'reason']).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, period: row.period, plan: row.plan_id, amount: row.amount, reason: row.reason };
}
