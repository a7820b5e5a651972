import {
  appendAudit,
  assignDispute,
  checkAdjustment,
  type Db,
  type DisputeAdjustment,
  type DisputeComment,
  disputeAdjustment,
  disputeComments,
  type DisputeFilter,
  type DisputeRecord,
  DomainError,
  findDispute,
  insertAdjustments,
  insertDispute,
  insertDisputeComment,
  listDisputes,
  lockedPeriods,
  lockWorkspace,
  resolveDispute,
} from '@prestasi/db';
import { fiscalCalendar, parsePeriod } from '../periods.js';
import { landingPeriod } from './landing-period.js';

export interface DisputeView {
  readonly dispute: DisputeRecord;
  readonly adjustment: DisputeAdjustment | null;
  readonly comments: readonly DisputeComment[];
}

export interface NewDisputeRequest {
  readonly payee: string;
  readonly period: string;
  readonly plan?: string | undefined;
  readonly runId?: number | undefined;
  readonly transaction?: string | undefined;
  readonly component?: string | undefined;
  readonly subject: string;
  readonly comment: string;
  readonly actor: string;
}

export type ResolveRequest =
  | { readonly outcome: 'accepted'; readonly amount: string; readonly reason: string }
  | { readonly outcome: 'rejected'; readonly reason: string };

/**
 * Raises a dispute on a payee's result for a period (a component of it, a deal's line), with its
 * first comment. The payee must have a plan with that period, as for an adjustment: the plan is
 * resolved now, so an accepted dispute pays into that plan. A named run must hold that result,
 * and the line or component named.
 */
export async function raiseDispute(db: Db, request: NewDisputeRequest): Promise<DisputeView> {
  return db.transaction().execute(async (trx) => {
    const calendar = await fiscalCalendar(trx);
    const period = parsePeriod(calendar, request.period);
    const check = await checkAdjustment(trx, { payee: request.payee, period: period.label, plan: request.plan ?? null, amount: '0', reason: '' });
    if (!check.ok) {
      throw new DomainError('INVALID_INPUT', check.problems.map((p) => p.message).join('; '), { problems: check.problems.map((p) => ({ message: p.message })) });
    }
    const target = { payee: request.payee, plan: check.plan, period: period.label };
    if (request.runId !== undefined) await assertInRun(trx, request.runId, target, request);
    else if (request.transaction !== undefined) await assertTransaction(trx, request.transaction);
    const dispute = await insertDispute(trx, {
      ...target,
      run: request.runId ?? null,
      transaction: request.transaction ?? null,
      component: request.component ?? null,
      subject: request.subject,
      raisedBy: request.actor,
    });
    const comment = await insertDisputeComment(trx, dispute.id, request.actor, request.comment);
    await appendAudit(trx, { actor: request.actor, action: 'dispute.raise', entity: 'dispute', entityId: String(dispute.id), after: { dispute, comment } });
    return { dispute, adjustment: null, comments: [comment] };
  });
}

async function assertInRun(
  db: Db,
  runId: number,
  target: { readonly payee: string; readonly plan: string; readonly period: string },
  line: { readonly transaction?: string | undefined; readonly component?: string | undefined },
): Promise<void> {
  const run = await db.selectFrom('runs').select('id').where('id', '=', runId).executeTakeFirst();
  if (!run) throw new DomainError('INVALID_INPUT', `run ${runId} does not exist`);
  const result = await db
    .selectFrom('run_results')
    .select('result')
    .where('run_id', '=', runId)
    .where('payee_id', '=', target.payee)
    .where('plan_id', '=', target.plan)
    .where('period', '=', target.period)
    .executeTakeFirst();
  if (!result) throw new DomainError('INVALID_INPUT', `run ${runId} has no result for ${target.payee} on plan ${target.plan} in ${target.period}`);
  if (line.component !== undefined) {
    const components = (result.result as { components?: { id?: unknown }[] }).components ?? [];
    if (!components.some((c) => c.id === line.component)) {
      throw new DomainError('INVALID_INPUT', `the result of ${target.payee} in ${target.period} has no component "${line.component}"`);
    }
  }
  if (line.transaction !== undefined) {
    let lines = db
      .selectFrom('run_lines')
      .select('id')
      .where('run_id', '=', runId)
      .where('payee_id', '=', target.payee)
      .where('plan_id', '=', target.plan)
      .where('period', '=', target.period)
      .where('transaction_id', '=', line.transaction);
    if (line.component !== undefined) lines = lines.where('component', '=', line.component);
    if (!(await lines.limit(1).executeTakeFirst())) {
      throw new DomainError('INVALID_INPUT', `run ${runId} has no line of ${line.transaction}${line.component === undefined ? '' : ` in ${line.component}`} for ${target.payee} in ${target.period}`);
    }
    await assertTransaction(db, line.transaction);
  }
}

async function assertTransaction(db: Db, id: string): Promise<void> {
  if (!(await db.selectFrom('transactions').select('id').where('id', '=', id).executeTakeFirst())) {
    throw new DomainError('INVALID_INPUT', `transaction "${id}" does not exist`);
  }
}

export async function disputeOf(db: Db, id: number): Promise<DisputeView> {
  const dispute = await findDispute(db, id);
  if (!dispute) throw notFound(id);
  return view(db, dispute);
}

export function disputesOf(db: Db, filter: DisputeFilter): Promise<DisputeRecord[]> {
  return listDisputes(db, filter);
}

/** Gives an open dispute to someone to look into, or to someone else; the same assignee again changes nothing. */
export async function assign(db: Db, id: number, assignee: string, actor: string): Promise<DisputeView> {
  return db.transaction().execute(async (trx) => {
    const before = await openDispute(trx, id, 'assigned');
    if (before.assignee === assignee) return view(trx, before);
    const after = await assignDispute(trx, id, assignee);
    await appendAudit(trx, {
      actor,
      action: 'dispute.assign',
      entity: 'dispute',
      entityId: String(id),
      before: { assignee: before.assignee },
      after: { assignee: after.assignee },
    });
    return view(trx, after);
  });
}

export async function addComment(db: Db, id: number, body: string, actor: string): Promise<DisputeComment> {
  return db.transaction().execute(async (trx) => {
    await openDispute(trx, id, 'commented on');
    const comment = await insertDisputeComment(trx, id, actor, body);
    await appendAudit(trx, { actor, action: 'dispute.comment', entity: 'dispute', entityId: String(id), after: comment });
    return comment;
  });
}

/**
 * Settles an open, assigned dispute. Accepted: an adjustment of kind `dispute` for the amount,
 * on the disputed plan, in the disputed period or, when a paid run locked it, in the next open
 * one; the dispute links to it. Rejected: the reason, and nothing paid.
 */
export async function resolve(db: Db, id: number, request: ResolveRequest, actor: string): Promise<DisputeView> {
  return db.transaction().execute(async (trx) => {
    // Like any adjustment: no period may be locked while this one is written.
    if (request.outcome === 'accepted') await lockWorkspace(trx);
    const before = await openDispute(trx, id, 'resolved');
    if (before.assignee === null) throw new DomainError('CONFLICT', `dispute ${id} is not assigned: assign it before resolving it`);
    let adjustmentId: number | null = null;
    if (request.outcome === 'accepted') {
      const reason = `${request.reason} (dispute ${id})`;
      const calendar = await fiscalCalendar(trx);
      const landing = await landingPeriod(trx, calendar, await lockedPeriods(trx), {
        payee: before.payee,
        plan: before.plan!,
        period: before.period,
        amount: request.amount,
        reason,
      });
      const [adjustment] = await insertAdjustments(trx, [
        {
          payee: before.payee,
          period: landing.period.label,
          plan: landing.plan,
          amount: request.amount,
          reason,
          kind: 'dispute',
          correctsTransaction: before.transaction,
          correctsPeriod: before.period,
          correctsPlan: before.plan,
          correctsComponent: before.component,
          correctsKind: null,
          createdBy: actor,
        },
      ]);
      adjustmentId = adjustment!.id;
      await appendAudit(trx, { actor, action: 'adjustment.create', entity: 'adjustment', entityId: String(adjustmentId), after: adjustment });
    }
    const after = await resolveDispute(trx, id, { status: request.outcome, resolution: request.reason, resolvedBy: actor, adjustment: adjustmentId });
    await appendAudit(trx, {
      actor,
      action: request.outcome === 'accepted' ? 'dispute.accept' : 'dispute.reject',
      entity: 'dispute',
      entityId: String(id),
      before: { status: before.status },
      after: { status: after.status, resolution: after.resolution, adjustment: after.adjustment },
    });
    return view(trx, after);
  });
}

/** The dispute, locked for this transaction; NOT_FOUND, or CONFLICT once it is resolved. */
async function openDispute(trx: Db, id: number, doing: string): Promise<DisputeRecord> {
  const dispute = await findDispute(trx, id, { forUpdate: true });
  if (!dispute) throw notFound(id);
  if (dispute.status !== 'open') {
    throw new DomainError('CONFLICT', `dispute ${id} is ${dispute.status} already: it cannot be ${doing}`, { status: dispute.status });
  }
  return dispute;
}

async function view(db: Db, dispute: DisputeRecord): Promise<DisputeView> {
  const adjustment = dispute.adjustment === null ? null : ((await disputeAdjustment(db, dispute.adjustment)) ?? null);
  return { dispute, adjustment, comments: await disputeComments(db, dispute.id) };
}

function notFound(id: number): DomainError {
  return new DomainError('NOT_FOUND', `dispute ${id} does not exist`);
}
