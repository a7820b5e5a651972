import type { Db } from '../schema.js';

export interface LockedPeriod {
  readonly period: string;
  /** The paid run that locked it. */
  readonly runId: number;
  readonly lockedAt: Date;
}

export async function lockedPeriods(db: Db): Promise<LockedPeriod[]> {
  const rows = await db.selectFrom('locked_periods').select(['period', 'run_id', 'locked_at']).orderBy('period').execute();
  return rows.map((r) => ({ period: r.period, runId: r.run_id, lockedAt: new Date(r.locked_at) }));
}

/** Locks `period` for good: a second lock of it fails on the primary key. */
export async function lockPeriod(db: Db, period: string, runId: number): Promise<LockedPeriod> {
  const row = await db.insertInto('locked_periods').values({ period, run_id: runId }).returning(['period', 'run_id', 'locked_at']).executeTakeFirstOrThrow();
  return { period: row.period, runId: row.run_id, lockedAt: new Date(row.locked_at) };
}
