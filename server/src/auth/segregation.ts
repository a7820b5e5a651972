import { type Db, DomainError, type RunRecord, sql } from '@prestasi/db';

/** Whether segregation of duties is on (settings; on unless an admin turned it off). */
export async function segregationOfDuties(db: Db): Promise<boolean> {
  const row = await db.selectFrom('settings').select('segregation_of_duties').executeTakeFirst();
  return row?.segregation_of_duties ?? true;
}

/**
 * Who may not approve a run: whoever created it, and whoever last changed its inputs before
 * it was created — the actor of the latest import batch (workspace imports with plans, quotas,
 * payees and deals; CRM imports) or manual or dispute adjustment, whichever came last.
 * Prior-period adjustments are written by the run itself, so its creator covers them.
 */
export async function runInvolved(db: Db, run: RunRecord): Promise<{ creator: string; lastInputChange: { actor: string; what: string; at: Date } | undefined }> {
  const last = await sql<{ actor: string; what: string; at: Date }>`
    select actor, what, at from (
      select actor, 'import batch ' || id as what, created_at as at from import_batches where created_at <= ${run.createdAt}
      union all
      select created_by, 'adjustment ' || id, created_at from adjustments where kind <> 'prior_period' and created_at <= ${run.createdAt}
    ) changes order by at desc limit 1`.execute(db);
  const change = last.rows[0];
  return { creator: run.createdBy, lastInputChange: change && { actor: change.actor, what: change.what, at: new Date(change.at) } };
}

/** FORBIDDEN when segregation of duties is on and `approver` created the run or last changed its inputs. */
export async function assertMayApprove(db: Db, run: RunRecord, approver: string): Promise<void> {
  if (!(await segregationOfDuties(db))) return;
  const { creator, lastInputChange } = await runInvolved(db, run);
  if (approver === creator) {
    throw new DomainError('FORBIDDEN', `segregation of duties: ${approver} created run ${run.id}, so someone else approves it`, { run: run.id, reason: 'created the run' });
  }
  if (lastInputChange && approver === lastInputChange.actor) {
    throw new DomainError('FORBIDDEN', `segregation of duties: ${approver} last changed the run's inputs (${lastInputChange.what}), so someone else approves it`, {
      run: run.id,
      reason: 'last changed its inputs',
      change: lastInputChange.what,
    });
  }
}
