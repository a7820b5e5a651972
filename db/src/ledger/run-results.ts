import { sql } from 'kysely';
import type { Db } from '../schema.js';
import { chunks } from '../workspace/upsert.js';

/** Where one of a result's adjustments came from. */
export interface AdjustmentSource {
  /** The adjustments row; it may be gone since (an open period's prior-period rows are replaced). */
  readonly id: number;
  readonly kind: 'manual' | 'prior_period' | 'dispute';
  readonly correctsTransaction: string | null;
  readonly correctsPeriod: string | null;
  readonly correctsPlan: string | null;
  readonly correctsComponent: string | null;
  readonly correctsKind: 'line' | 'clawback' | 'adjustment' | 'draw' | null;
}

/** One line of a result: a component's line or a clawback. */
export interface RunLine {
  readonly component: string;
  readonly kind: 'line' | 'clawback';
  readonly transaction: string | null;
  readonly amount: string;
  readonly explanation: string | null;
}

/** One payee's result on one plan in one period, as a run keeps it. */
export interface RunResult {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly currency: string;
  readonly payout: string;
  /** The engine's result object as `prestasi calc --explain` prints it: plain JSON. */
  readonly result: unknown;
  /** Where each of `result.adjustments` came from, in its order. */
  readonly adjustments: readonly AdjustmentSource[];
}

/** Rows per statement for run_lines: one array parameter per column, so only memory bounds it. */
const LINES_CHUNK = 5000;

/** Writes a run's results and, for each, its lines. */
export async function insertRunResults(db: Db, runId: number, results: readonly (RunResult & { readonly lines: readonly RunLine[] })[]): Promise<void> {
  for (const chunk of chunks(results, 500)) {
    await db
      .insertInto('run_results')
      .values(
        chunk.map((r) => ({
          run_id: runId,
          payee_id: r.payee,
          plan_id: r.plan,
          period: r.period,
          currency: r.currency,
          payout: r.payout,
          result: JSON.stringify(r.result),
          adjustments: JSON.stringify(r.adjustments),
        })),
      )
      .execute();
  }
  const lines = results.flatMap((r) => r.lines.map((l) => ({ ...l, payee: r.payee, plan: r.plan, period: r.period })));
  for (const chunk of chunks(lines, LINES_CHUNK)) {
    const column = <K extends keyof (typeof chunk)[number]>(key: K) => chunk.map((l) => l[key]);
    await sql`
      insert into run_lines (run_id, payee_id, plan_id, period, component, kind, transaction_id, amount, explanation)
      select ${runId}, l.payee, l.plan, l.period, l.component, l.kind, l.transaction, l.amount::numeric, l.explanation::jsonb
      from unnest(
        ${column('payee')}::text[], ${column('plan')}::text[], ${column('period')}::text[], ${column('component')}::text[],
        ${column('kind')}::text[], ${column('transaction')}::text[], ${column('amount')}::text[],
        ${chunk.map((l) => (l.explanation === null ? null : JSON.stringify(l.explanation)))}::text[]
      ) as l (payee, plan, period, component, kind, transaction, amount, explanation)
    `.execute(db);
  }
}

/**
 * A run's results in the order `prestasi calc` prints them: by payee id, plan id, then period
 * (the periods of one plan are of one kind, whose labels sort in time order).
 */
export interface RunResultsFilter {
  readonly payee?: string | undefined;
  /** Only these payees' results (what a caller may see). */
  readonly payees?: ReadonlySet<string> | undefined;
  /** Only payees after this id (code point order): the cursor of the page before. */
  readonly after?: string | undefined;
}

export async function readRunResults(db: Db, runId: number, filter: RunResultsFilter = {}): Promise<RunResult[]> {
  let query = db
    .selectFrom('run_results')
    .select(['payee_id', 'plan_id', 'period', 'currency', 'payout', 'result', 'adjustments'])
    .where('run_id', '=', runId);
  if (filter.payee !== undefined) query = query.where('payee_id', '=', filter.payee);
  if (filter.payees !== undefined) query = query.where('payee_id', '=', sql<string>`any(${[...filter.payees]}::text[])`);
  if (filter.after !== undefined) query = query.where('payee_id', '>', filter.after);
  const rows = await query.orderBy('payee_id').orderBy('plan_id').orderBy('period').execute();
  return rows.map((r) => ({
    payee: r.payee_id,
    plan: r.plan_id,
    period: r.period,
    currency: r.currency,
    payout: r.payout,
    result: r.result,
    adjustments: r.adjustments as unknown as AdjustmentSource[],
  }));
}

/**
 * The ids of the first `limit` payees with results in a run, after `after` and among `payees`,
 * in code point order: one page. `more` says whether payees remain after the last.
 */
export async function runResultPayees(
  db: Db,
  runId: number,
  page: { readonly limit: number; readonly after?: string | undefined; readonly payees?: ReadonlySet<string> | undefined },
): Promise<{ payees: string[]; more: boolean }> {
  let query = db.selectFrom('run_results').select('payee_id').distinct().where('run_id', '=', runId);
  if (page.payees !== undefined) query = query.where('payee_id', '=', sql<string>`any(${[...page.payees]}::text[])`);
  if (page.after !== undefined) query = query.where('payee_id', '>', page.after);
  const rows = await query.orderBy('payee_id').limit(page.limit + 1).execute();
  return { payees: rows.slice(0, page.limit).map((r) => r.payee_id), more: rows.length > page.limit };
}

/** A run's lines of one result, in the order they were written. */
export async function readRunLines(db: Db, runId: number, filter: { readonly payee?: string | undefined } = {}) {
  let query = db
    .selectFrom('run_lines')
    .select(['payee_id', 'plan_id', 'period', 'component', 'kind', 'transaction_id', 'amount', 'explanation'])
    .where('run_id', '=', runId);
  if (filter.payee !== undefined) query = query.where('payee_id', '=', filter.payee);
  return query.orderBy('id').execute();
}

export interface PayoutSum {
  readonly payee: string;
  readonly currency: string;
  /** Σ payout as PostgreSQL adds numerics: exact, at the largest scale of the terms. */
  readonly payout: string;
}

/** Σ payout per payee and currency, in payee then currency order. */
export async function payoutsByPayee(db: Db, runId: number, filter: { readonly payee?: string | undefined } = {}): Promise<PayoutSum[]> {
  let query = db
    .selectFrom('run_results')
    .select(['payee_id', 'currency', sql<string>`sum(payout)::text`.as('payout')])
    .where('run_id', '=', runId);
  if (filter.payee !== undefined) query = query.where('payee_id', '=', filter.payee);
  const rows = await query.groupBy(['payee_id', 'currency']).orderBy('payee_id').orderBy('currency').execute();
  return rows.map((r) => ({ payee: r.payee_id, currency: r.currency, payout: r.payout }));
}

export interface RunTotal {
  readonly currency: string;
  readonly results: number;
  readonly payees: number;
  readonly earned: string;
  readonly clawbacks: string;
  readonly adjustments: string;
  readonly drawPaid: string;
  readonly drawRecovered: string;
  readonly payout: string;
}

/** A run's sums per currency, added up by the database from the stored result objects. */
export async function runTotals(db: Db, runId: number): Promise<RunTotal[]> {
  const { rows } = await sql<{
    currency: string;
    results: string;
    payees: string;
    earned: string;
    clawbacks: string;
    adjustments: string;
    draw_paid: string;
    draw_recovered: string;
    payout: string;
  }>`
    select currency, count(*)::text as results, count(distinct payee_id)::text as payees,
      coalesce(sum((select sum((c->>'earned')::numeric) from jsonb_array_elements(result->'components') c)), 0)::text as earned,
      coalesce(sum((select sum((c->>'amount')::numeric) from jsonb_array_elements(result->'clawbacks') c)), 0)::text as clawbacks,
      coalesce(sum((select sum((a->>'amount')::numeric) from jsonb_array_elements(result->'adjustments') a)), 0)::text as adjustments,
      sum((result->'draw'->>'paid')::numeric)::text as draw_paid,
      sum((result->'draw'->>'recovered')::numeric)::text as draw_recovered,
      sum(payout)::text as payout
    from run_results where run_id = ${runId}
    group by currency order by currency
  `.execute(db);
  return rows.map((r) => ({
    currency: r.currency,
    results: Number(r.results),
    payees: Number(r.payees),
    earned: r.earned,
    clawbacks: r.clawbacks,
    adjustments: r.adjustments,
    drawPaid: r.draw_paid,
    drawRecovered: r.draw_recovered,
    payout: r.payout,
  }));
}
