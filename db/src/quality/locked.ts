import { FiscalCalendar, formatDay } from '@prestasi/engine';
import { sql } from 'kysely';
import type { Db } from '../schema.js';

export interface DealInLockedPeriod {
  readonly transaction: string;
  readonly date: string;
  readonly amount: string;
  readonly currency: string | null;
  readonly owner: string | null;
  readonly period: string;
  readonly lockedAt: string;
  readonly changedAt: string;
  readonly source: string | null;
  readonly why: string;
}

export const LOCKED_RULE =
  'Deals dated in locked periods: transactions whose date falls in a period a paid run has locked (locked_periods) and that ' +
  'were added or changed after the lock. The paid run did not see them; they flow into the next open period as prior-period ' +
  'adjustments. Deals already there when the period was locked are what was paid, and are not listed.';

export async function dealsInLockedPeriods(db: Db, limit: number): Promise<{ total: number; items: DealInLockedPeriod[] }> {
  const locked = await db.selectFrom('locked_periods').select(['period', 'locked_at']).orderBy('period').execute();
  if (locked.length === 0) return { total: 0, items: [] };
  const { fiscal_year_start } = await db.selectFrom('settings').select('fiscal_year_start').executeTakeFirstOrThrow();
  const calendar = new FiscalCalendar(fiscal_year_start);
  const periods: string[] = [];
  const starts: string[] = [];
  const ends: string[] = [];
  const at: string[] = [];
  for (const l of locked) {
    const p = calendar.parse(l.period);
    if (p === undefined) continue;
    periods.push(l.period);
    starts.push(formatDay(p.start));
    ends.push(formatDay(p.end));
    at.push(new Date(l.locked_at).toISOString());
  }
  const { rows } = await sql<{
    id: string;
    date: string;
    amount: string;
    currency: string | null;
    owner_id: string | null;
    period: string;
    locked_at: Date;
    updated_at: Date;
    external_source: string | null;
    total: string;
  }>`
    select t.id, t.date, t.amount, t.currency, t.owner_id, l.period, l.locked_at, t.updated_at, t.external_source, count(*) over () as total
    from unnest(${periods}::text[], ${starts}::date[], ${ends}::date[], ${at}::timestamptz[]) as l (period, first, last, locked_at)
    join transactions t on t.date between l.first and l.last and t.updated_at > l.locked_at
    order by t.date, t.id
    limit ${limit}`.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      transaction: r.id,
      date: r.date,
      amount: r.amount,
      currency: r.currency,
      owner: r.owner_id,
      period: r.period,
      lockedAt: new Date(r.locked_at).toISOString(),
      changedAt: new Date(r.updated_at).toISOString(),
      source: r.external_source,
      why: `dated ${r.date} in ${r.period}, locked ${new Date(r.locked_at).toISOString()}, but written ${new Date(r.updated_at).toISOString()}: the next run of an open period pays it as a prior-period adjustment — confirm it belongs there`,
    })),
  };
}
