import { sql } from 'kysely';
import type { Db } from '../schema.js';
import { creditsCte } from './credits.js';

export interface UnassignedCredit {
  readonly transaction: string;
  readonly date: string;
  readonly amount: string;
  readonly currency: string;
  /** null: the transaction credits nobody (no owner, no splits). */
  readonly payee: string | null;
  readonly payeeName: string | null;
  /** The payee's assignments, `plan from..to`, to see the gap at a glance. */
  readonly assignments: readonly string[];
  readonly why: string;
}

export const UNASSIGNED_RULE =
  'Deals owned by unknown or unassigned people: a credited payee (owner or split) with no plan assignment whose from..to ' +
  'covers the deal date, so no plan will pay the deal; and transactions that credit nobody. (An owner that is not a payee ' +
  'at all cannot be stored: CRM imports refuse such rows, naming the row and the value.)';

export async function unassignedCredits(db: Db, limit: number): Promise<{ total: number; items: UnassignedCredit[] }> {
  const { rows } = await sql<{
    id: string;
    date: string;
    amount: string;
    cur: string;
    payee: string | null;
    name: string | null;
    assignments: string[] | null;
    total: string;
  }>`
    with ${creditsCte},
    found as (
      select c.id, c.date, c.amount, c.cur, c.payee from credits c
      where not exists (select from assignments a where a.payee_id = c.payee and a.valid_from <= c.date and (a.valid_to is null or c.date <= a.valid_to))
      union all
      select t.id, t.date, t.amount, coalesce(t.currency, st.currency), null from transactions t cross join settings st
      where t.owner_id is null and not exists (select from transaction_splits s where s.transaction_id = t.id)
    )
    select f.id, f.date, f.amount, f.cur, f.payee, p.name,
      (select array_agg(a.plan_id || ' ' || a.valid_from::text || '..' || coalesce(a.valid_to::text, '') order by a.valid_from)
         from assignments a where a.payee_id = f.payee) as assignments,
      count(*) over () as total
    from found f left join payees p on p.id = f.payee
    order by f.date, f.id, f.payee
    limit ${limit}`.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      transaction: r.id,
      date: r.date,
      amount: r.amount,
      currency: r.cur,
      payee: r.payee,
      payeeName: r.name,
      assignments: r.assignments ?? [],
      why:
        r.payee === null
          ? 'the transaction credits nobody: give it an owner or splits'
          : `${r.payee} has no plan assignment covering ${r.date}` +
            ((r.assignments ?? []).length === 0 ? ' (no assignment at all)' : ` (assignments: ${(r.assignments ?? []).join(', ')})`) +
            ': assign a plan for that date or move the deal to the right owner',
    })),
  };
}
