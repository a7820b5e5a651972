import { sql } from 'kysely';
import type { Db } from '../schema.js';
import { creditsCte } from './credits.js';

export interface AmountOutlier {
  readonly transaction: string;
  readonly payee: string;
  readonly date: string;
  readonly amount: string;
  readonly currency: string;
  /** The payee's median deal amount in that currency, and the median absolute deviation. */
  readonly median: string;
  readonly mad: string;
  /** |amount − median| ÷ MAD, to one decimal. */
  readonly deviations: string;
  /** How many deals the median is taken over. */
  readonly deals: number;
  readonly why: string;
}

/** How many MADs from the median an amount must be to be reported. */
export const OUTLIER_MADS = 10;
/** Fewer deals than this and a median says too little. */
export const OUTLIER_MIN_DEALS = 5;

export const OUTLIER_RULE =
  `Amounts far outside the usual: per payee and currency (each credit: a split deal counts for each of its payees), the median ` +
  `deal amount and the median absolute deviation (MAD) from it; a deal whose |amount − median| exceeds ${OUTLIER_MADS} × MAD is ` +
  `reported. Medians are exact (the lower middle value, never a float average); payees with fewer than ${OUTLIER_MIN_DEALS} ` +
  'deals in a currency, or a MAD of 0 (most deals the same amount), are not judged. Per payee rather than per plan, because ' +
  'deal sizes follow the person (territory, segment) more than the plan.';

export async function amountOutliers(db: Db, limit: number): Promise<{ total: number; items: AmountOutlier[] }> {
  const { rows } = await sql<{
    id: string;
    payee: string;
    date: string;
    amount: string;
    cur: string;
    median: string;
    mad: string;
    deviations: string;
    n: string;
    total: string;
  }>`
    with ${creditsCte},
    medians as (
      select payee, cur, count(*) as n, percentile_disc(0.5) within group (order by amount) as median
      from credits group by payee, cur having count(*) >= ${OUTLIER_MIN_DEALS}
    ),
    spread as (
      select c.payee, c.cur, m.n, m.median, percentile_disc(0.5) within group (order by abs(c.amount - m.median)) as mad
      from credits c join medians m using (payee, cur) group by c.payee, c.cur, m.n, m.median
    )
    select c.id, c.payee, c.date, c.amount, c.cur, s.median, s.mad, s.n,
      round(abs(c.amount - s.median) / s.mad, 1)::text as deviations, count(*) over () as total
    from credits c join spread s using (payee, cur)
    where s.mad > 0 and abs(c.amount - s.median) > ${OUTLIER_MADS} * s.mad
    order by abs(c.amount - s.median) / s.mad desc, c.id, c.payee
    limit ${limit}`.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      transaction: r.id,
      payee: r.payee,
      date: r.date,
      amount: r.amount,
      currency: r.cur,
      median: r.median,
      mad: r.mad,
      deviations: r.deviations,
      deals: Number(r.n),
      why: `${r.amount} ${r.cur} is ${r.deviations} MADs from ${r.payee}'s median of ${r.median} (MAD ${r.mad}, ${r.n} deals): check for a typo, a wrong currency or a wrong owner`,
    })),
  };
}
