import { sql } from 'kysely';

/**
 * Every credit of every transaction: the owner's, or each split payee's. The checks below
 * look at payees, and a split deal belongs to each of its payees. `cur` is the currency with
 * the base currency written out, so that NULL and the base compare equal.
 */
export const creditsCte = sql`credits as (
  select t.id, t.date, t.amount, coalesce(t.currency, st.currency) as cur, t.owner_id as payee, t.status, t.attributes, t.external_source, t.updated_at
  from transactions t cross join settings st where t.owner_id is not null
  union all
  select t.id, t.date, t.amount, coalesce(t.currency, st.currency), s.payee_id, t.status, t.attributes, t.external_source, t.updated_at
  from transactions t join transaction_splits s on s.transaction_id = t.id cross join settings st
)`;
