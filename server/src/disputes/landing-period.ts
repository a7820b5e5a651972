import type { FiscalCalendar, Period } from '@prestasi/engine';
import { checkAdjustment, type Db, DomainError, type LockedPeriod } from '@prestasi/db';
import { overlaps, parsePeriod } from '../periods.js';

/** How far past a locked period to look for an open one: ten years of months. */
const MAX_STEPS = 120;

export interface Landing {
  readonly period: Period;
  readonly plan: string;
}

/**
 * Where an accepted dispute's adjustment goes: the disputed period itself while it is open, else
 * the next period of the same kind that no paid run has locked (a locked quarter also locks its
 * months and its year, as for runs). The payee must still be on the plan there, checked as a row
 * of adjustments.csv; CONFLICT when they are not, since no open period can take the money.
 */
export async function landingPeriod(
  db: Db,
  calendar: FiscalCalendar,
  locked: readonly LockedPeriod[],
  target: { readonly payee: string; readonly plan: string; readonly period: string; readonly amount: string; readonly reason: string },
): Promise<Landing> {
  const lockedPeriods = locked.map((l) => parsePeriod(calendar, l.period));
  let period = parsePeriod(calendar, target.period);
  for (let step = 0; step < MAX_STEPS && lockedPeriods.some((l) => overlaps(l, period)); step++) {
    period = calendar.byKey(period.kind, period.key + 1);
  }
  if (lockedPeriods.some((l) => overlaps(l, period))) {
    throw new DomainError('CONFLICT', `no open period after ${target.period} within ${MAX_STEPS} periods`);
  }
  const check = await checkAdjustment(db, { payee: target.payee, period: period.label, plan: target.plan, amount: target.amount, reason: target.reason });
  if (!check.ok) {
    throw new DomainError('CONFLICT', `the adjustment cannot go into ${period.label}, the first open period from ${target.period}`, {
      problems: check.problems.map((p) => ({ message: p.message })),
    });
  }
  return { period, plan: check.plan };
}
