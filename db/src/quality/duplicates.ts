import { sql } from 'kysely';
import type { Db } from '../schema.js';

export interface LikelyDuplicate {
  /** The payee credited (or the splits, `payee:percent;…`). */
  readonly credited: string;
  readonly date: string;
  readonly amount: string;
  readonly currency: string;
  readonly customer: string | null;
  readonly dealName: string | null;
  /** The transactions that look like one deal entered more than once, in id order. */
  readonly transactions: readonly string[];
  readonly sources: readonly (string | null)[];
  readonly why: string;
}

export const DUPLICATE_RULE =
  'Likely duplicates: two or more transactions that are not cancelled with the same credited payee (or the same splits), date, ' +
  'amount (as a number: 100 = 100.00) and currency, and the same customer and deal_name attributes (case and surrounding spaces ' +
  'aside; absent counts as equal). Typically one deal imported from two sources, or entered twice under two ids. ' +
  'The same id twice in one CRM file is an import error, never a finding here.';

/** Groups of transactions that look like the same deal more than once; with the number of groups. */
export async function likelyDuplicates(db: Db, limit: number): Promise<{ total: number; items: LikelyDuplicate[] }> {
  const { rows } = await sql<{
    credited: string;
    date: string;
    amount: string;
    currency: string;
    customer: string | null;
    deal_name: string | null;
    ids: string[];
    sources: (string | null)[];
    total: string;
  }>`
    with deals as (
      select t.id, t.date, t.amount, coalesce(t.currency, st.currency) as currency, t.external_source,
        coalesce(t.owner_id, (select string_agg(s.payee_id || ':' || s.percent::text, ';' order by s.payee_id)
                              from transaction_splits s where s.transaction_id = t.id), '') as credited,
        lower(btrim(t.attributes->>'customer')) as customer, lower(btrim(t.attributes->>'deal_name')) as deal_name
      from transactions t cross join settings st
      where t.status is distinct from 'cancelled'
    )
    select credited, date, min(amount)::text as amount, currency, customer, deal_name,
      array_agg(id order by id) as ids, array_agg(external_source order by id) as sources, count(*) over () as total
    from deals
    group by credited, date, amount, currency, customer, deal_name
    having count(*) > 1
    order by date, credited, min(id)
    limit ${limit}`.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      credited: r.credited,
      date: r.date,
      amount: r.amount,
      currency: r.currency,
      customer: r.customer,
      dealName: r.deal_name,
      transactions: r.ids,
      sources: r.sources,
      why: `${r.ids.length} transactions credit ${r.credited || 'nobody'} ${r.amount} ${r.currency} on ${r.date}` +
        (r.customer !== null ? ` for customer "${r.customer}"` : '') + (r.deal_name !== null ? ` named "${r.deal_name}"` : '') +
        ': keep one, cancel or delete the others at their source',
    })),
  };
}
