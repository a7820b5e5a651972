import type { PeriodKind } from '@prestasi/engine';
import { type AdjustmentKind, type AdjustmentRecord, appendAudit, checkAdjustment, type Db, DomainError, insertAdjustments, listAdjustments, lockedPeriods, lockWorkspace } from '@prestasi/db';
import { assertOpen, fiscalCalendar, parsePeriod } from '../periods.js';

export interface ManualAdjustment {
  readonly payee: string;
  readonly period: string;
  readonly plan?: string | undefined;
  readonly amount: string;
  readonly reason: string;
  readonly actor: string;
}

/**
 * Adds a manual adjustment, checked as a row of adjustments.csv would be (the payee must be on
 * the plan in that period; with two plans there, the plan must be named). It is stored with its
 * plan resolved, so a later second assignment cannot make it ambiguous. PERIOD_LOCKED when a
 * paid run locked the period: a correction of a paid period goes into an open one.
 */
export async function addAdjustment(db: Db, request: ManualAdjustment): Promise<AdjustmentRecord> {
  return db.transaction().execute((trx) => addAdjustmentIn(trx, request));
}

/** addAdjustment inside the caller's transaction (an approved adjustment request adds it with the approval). */
export async function addAdjustmentIn(trx: Db, request: ManualAdjustment): Promise<AdjustmentRecord> {
  await lockWorkspace(trx);
  const calendar = await fiscalCalendar(trx);
  const period = parsePeriod(calendar, request.period);
  const row = { payee: request.payee, period: period.label, plan: request.plan ?? null, amount: request.amount, reason: request.reason };
  const check = await checkAdjustment(trx, row);
  if (!check.ok) {
    throw new DomainError('INVALID_INPUT', check.problems.map((p) => p.message).join('; '), {
      problems: check.problems.map((p) => ({ message: p.message })),
    });
  }
  assertOpen(calendar, period, await lockedPeriods(trx));
  const [created] = await insertAdjustments(trx, [
    {
      ...row,
      plan: check.plan,
      kind: 'manual',
      correctsTransaction: null,
      correctsPeriod: null,
      correctsPlan: null,
      correctsComponent: null,
      correctsKind: null,
      createdBy: request.actor,
    },
  ]);
  await appendAudit(trx, { actor: request.actor, action: 'adjustment.create', entity: 'adjustment', entityId: String(created!.id), after: created });
  return created!;
}

const KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

/** Adjustments of the periods inside `period` (a quarter's months too), or all, in the order they were made. */
export async function adjustmentsOf(db: Db, filter: { readonly period?: string | undefined; readonly kind?: AdjustmentKind | undefined }): Promise<AdjustmentRecord[]> {
  if (filter.period === undefined) return listAdjustments(db, { kind: filter.kind });
  const calendar = await fiscalCalendar(db);
  const outer = parsePeriod(calendar, filter.period);
  const periods = KINDS.flatMap((kind) => calendar.inside(kind, outer).map((p) => p.label));
  return listAdjustments(db, { periods, kind: filter.kind });
}
