import { appendAudit, checkAdjustment, type Db, DomainError, lockedPeriods, sql } from '@prestasi/db';
import { addAdjustmentIn } from '../adjustments/service.js';
import { sees, type Visible } from '../auth/visibility.js';
import { assertOpen, fiscalCalendar, parsePeriod } from '../periods.js';

export interface AdjustmentRequestRecord {
  readonly id: number;
  readonly payee: string;
  readonly period: string;
  readonly plan: string | null;
  readonly amount: string;
  readonly reason: string;
  readonly status: 'open' | 'approved' | 'rejected';
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly decisionReason: string | null;
  readonly adjustment: number | null;
}

const COLUMNS = ['id', 'payee_id', 'period', 'plan_id', 'amount', 'reason', 'status', 'requested_by', 'requested_at', 'decided_by', 'decided_at', 'decision_reason', 'adjustment_id'] as const;

type Row = {
  id: number; payee_id: string; period: string; plan_id: string | null; amount: string; reason: string; status: 'open' | 'approved' | 'rejected';
  requested_by: string; requested_at: Date; decided_by: string | null; decided_at: Date | null; decision_reason: string | null; adjustment_id: number | null;
};

function record(r: Row): AdjustmentRequestRecord {
  return {
    id: r.id, payee: r.payee_id, period: r.period, plan: r.plan_id, amount: r.amount, reason: r.reason, status: r.status,
    requestedBy: r.requested_by, requestedAt: new Date(r.requested_at), decidedBy: r.decided_by, decidedAt: r.decided_at && new Date(r.decided_at),
    decisionReason: r.decision_reason, adjustment: r.adjustment_id,
  };
}

export interface NewRequest {
  readonly payee: string;
  readonly period: string;
  readonly plan?: string | undefined;
  readonly amount: string;
  readonly reason: string;
  readonly actor: string;
  /** The requester's own payee: a manager does not ask for their own pay. */
  readonly ownPayee: string | null;
  readonly visible: Visible;
}

/**
 * A manager asks for an adjustment of a payee below them. It is checked now as the adjustment
 * would be (payee on a plan in the period, the period open), so finance decides on something
 * that can be added; nothing is paid until finance approves.
 */
export async function raiseRequest(db: Db, r: NewRequest): Promise<AdjustmentRequestRecord> {
  if (!sees(r.visible, r.payee)) throw new DomainError('NOT_FOUND', `no payee ${r.payee}`);
  if (r.payee === r.ownPayee) throw new DomainError('FORBIDDEN', 'an adjustment of your own pay is asked for by someone else');
  return db.transaction().execute(async (trx) => {
    const calendar = await fiscalCalendar(trx);
    const period = parsePeriod(calendar, r.period);
    const check = await checkAdjustment(trx, { payee: r.payee, period: period.label, plan: r.plan ?? null, amount: r.amount, reason: r.reason });
    if (!check.ok) throw new DomainError('INVALID_INPUT', check.problems.map((p) => p.message).join('; '), { problems: check.problems.map((p) => ({ message: p.message })) });
    assertOpen(calendar, period, await lockedPeriods(trx));
    const row = await trx
      .insertInto('adjustment_requests')
      .values({ payee_id: r.payee, period: period.label, plan_id: check.plan, amount: r.amount, reason: r.reason, requested_by: r.actor })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const created = record(row);
    await appendAudit(trx, { actor: r.actor, action: 'adjustment_request.create', entity: 'adjustment_request', entityId: String(created.id), after: created });
    return created;
  });
}

export async function listRequests(db: Db, visible: Visible, status: 'open' | 'approved' | 'rejected' | undefined): Promise<AdjustmentRequestRecord[]> {
  let q = db.selectFrom('adjustment_requests').select(COLUMNS).orderBy('id');
  if (status !== undefined) q = q.where('status', '=', status);
  return (await q.execute()).map(record).filter((r) => sees(visible, r.payee));
}

async function openRequest(trx: Db, id: number, actor: string): Promise<AdjustmentRequestRecord> {
  const row = await trx.selectFrom('adjustment_requests').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `no adjustment request ${id}`);
  const request = record(row);
  if (request.status !== 'open') throw new DomainError('CONFLICT', `adjustment request ${id} is ${request.status} already`, { status: request.status });
  if (request.requestedBy === actor) throw new DomainError('FORBIDDEN', 'segregation of duties: whoever asked for an adjustment does not decide on it');
  return request;
}

/** Finance approves: the adjustment is added, by the approver, in the same transaction. */
export async function approveRequest(db: Db, id: number, actor: string): Promise<AdjustmentRequestRecord> {
  return db.transaction().execute(async (trx) => {
    const request = await openRequest(trx, id, actor);
    const adjustment = await addAdjustmentIn(trx, {
      payee: request.payee,
      period: request.period,
      plan: request.plan ?? undefined,
      amount: request.amount,
      reason: request.reason,
      actor,
    });
    const row = await trx
      .updateTable('adjustment_requests')
      .set({ status: 'approved', decided_by: actor, decided_at: sql<Date>`now()`, adjustment_id: adjustment.id })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const approved = record(row);
    await appendAudit(trx, { actor, action: 'adjustment_request.approve', entity: 'adjustment_request', entityId: String(id), before: { status: 'open' }, after: approved });
    return approved;
  });
}

export async function rejectRequest(db: Db, id: number, reason: string, actor: string): Promise<AdjustmentRequestRecord> {
  return db.transaction().execute(async (trx) => {
    await openRequest(trx, id, actor);
    const row = await trx
      .updateTable('adjustment_requests')
      .set({ status: 'rejected', decided_by: actor, decided_at: sql<Date>`now()`, decision_reason: reason })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const rejected = record(row);
    await appendAudit(trx, { actor, action: 'adjustment_request.reject', entity: 'adjustment_request', entityId: String(id), before: { status: 'open' }, after: rejected });
    return rejected;
  });
}
