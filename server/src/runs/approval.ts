import {
  advanceRun,
  appendAudit,
  type Db,
  DomainError,
  latestRun,
  lockedPeriods,
  lockPeriod,
  lockWorkspace,
  type RunRecord,
} from '@prestasi/db';
import { assertMayApprove } from '../auth/segregation.js';
import { assertOpen, fiscalCalendar, parsePeriod } from '../periods.js';
import { runOrNotFound } from './service.js';

/**
 * draft → approved. Only the period's latest run can be approved: an earlier one was computed
 * from data that has changed since (or it would not have been run again).
 */
export async function approveRun(db: Db, id: number, actor: string): Promise<RunRecord> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const run = await runOrNotFound(trx, id);
    await assertMovable(trx, run, 'draft');
    await assertMayApprove(trx, run, actor);
    const approved = await advanceRun(trx, id, 'approved', actor);
    await appendAudit(trx, {
      actor,
      action: 'run.approve',
      entity: 'run',
      entityId: String(id),
      before: { status: run.status },
      after: { status: approved.status, approvedBy: approved.approvedBy, approvedAt: approved.approvedAt },
    });
    return approved;
  });
}

/**
 * approved → paid, which locks the period for good: from then on, data that arrives for it
 * flows into the next open period as prior-period adjustments.
 */
export async function payRun(db: Db, id: number, actor: string): Promise<RunRecord> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const run = await runOrNotFound(trx, id);
    await assertMovable(trx, run, 'approved');
    const paid = await advanceRun(trx, id, 'paid', actor);
    const lock = await lockPeriod(trx, run.period, id);
    await appendAudit(trx, {
      actor,
      action: 'run.pay',
      entity: 'run',
      entityId: String(id),
      before: { status: run.status },
      after: { status: paid.status, paidBy: paid.paidBy, paidAt: paid.paidAt, locked: { period: lock.period, at: lock.lockedAt } },
    });
    return paid;
  });
}

/**
 * CONFLICT unless the run is in status `from` and the latest run of its period; PERIOD_LOCKED
 * when another run paid the period (or a period overlapping it).
 */
async function assertMovable(trx: Db, run: RunRecord, from: 'draft' | 'approved'): Promise<void> {
  if (run.status !== from) {
    const why = run.status === 'paid' ? 'paid already' : run.status === 'approved' ? 'approved already' : 'a draft: approve it first';
    throw new DomainError('CONFLICT', `run ${run.id} is ${why}`, { run: run.id, status: run.status });
  }
  const calendar = await fiscalCalendar(trx);
  assertOpen(calendar, parsePeriod(calendar, run.period), await lockedPeriods(trx));
  const latest = await latestRun(trx, run.period);
  if (latest && latest.id !== run.id) {
    throw new DomainError('CONFLICT', `run ${run.id} is not the latest of ${run.period}: run ${latest.id} (number ${latest.number}) is`, {
      run: run.id,
      latest: { id: latest.id, number: latest.number },
    });
  }
}
