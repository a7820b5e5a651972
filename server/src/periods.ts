import { FiscalCalendar, type Period } from '@prestasi/engine';
import { type Db, DomainError, type LockedPeriod } from '@prestasi/db';
import { z } from '@hono/zod-openapi';

/** A period in the workspace syntax, as the API takes it. */
export const PeriodText = z
  .string()
  .regex(/^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'a period is YYYY-MM, YYYY-Qn or YYYY')
  .openapi({ description: 'A month `YYYY-MM`, fiscal quarter `YYYY-Qn` or fiscal year `YYYY`', example: '2026-Q1' });

/** The organisation's fiscal calendar, from its settings. */
export async function fiscalCalendar(db: Db): Promise<FiscalCalendar> {
  const settings = await db.selectFrom('settings').select('fiscal_year_start').executeTakeFirstOrThrow();
  return new FiscalCalendar(settings.fiscal_year_start);
}

export function parsePeriod(calendar: FiscalCalendar, label: string): Period {
  const period = calendar.parse(label);
  if (!period) throw new DomainError('INVALID_INPUT', `period must be YYYY-MM, YYYY-Qn or YYYY, not "${label}"`);
  return period;
}

export function overlaps(a: Period, b: Period): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function within(inner: Period, outer: Period): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * PERIOD_LOCKED when a paid run locked any part of `period`: a locked quarter locks its months
 * and the year around it too, or a run of those would recompute it.
 */
export function assertOpen(calendar: FiscalCalendar, period: Period, locked: readonly LockedPeriod[]): void {
  const hits = locked.filter((l) => overlaps(parsePeriod(calendar, l.period), period));
  if (hits.length > 0) {
    throw new DomainError('PERIOD_LOCKED', `${period.label} is locked: ${hits.map((l) => `${l.period} was paid in run ${l.runId}`).join('; ')}`, {
      locked: hits.map((l) => ({ period: l.period, run: l.runId })),
    });
  }
}
