import { sql } from 'kysely';
import type { Db, JsonValue } from '../schema.js';

/** The channel a process is told on that live events were appended; the payload is the last id. */
export const LIVE_CHANNEL = 'prestasi_live';
/** The channel the triggers of migration 0005 notify when they queued work for the updater. */
export const DIRTY_CHANNEL = 'prestasi_dirty';

/** The updater's advisory lock: one process drains the queue at a time. */
const LIVE_LOCK = 0x6c697665;

/** Queued work: this payee's results around this month (YYYY-MM-01) may be stale; null is "all". */
export interface DirtyMark {
  readonly payee: string | null;
  readonly month: string | null;
}

/** One live result, as stored. Money and attainment are decimal strings. */
export interface LiveResult {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly year: string;
  readonly currency: string;
  readonly earned: string;
  readonly payout: string;
  readonly attainment: string | null;
  readonly result: JsonValue;
}

export interface LiveEvent {
  readonly id: string;
  readonly kind: 'result' | 'leaderboard';
  readonly payee: string | null;
  readonly plan: string;
  readonly period: string;
  readonly data: { readonly [key: string]: JsonValue };
}

export type NewLiveEvent = Omit<LiveEvent, 'id'>;

/** Waits for the updater's lock, until the caller's transaction ends. */
export async function lockLiveUpdater(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LIVE_LOCK})`.execute(trx);
}

/** Takes every queued mark off the queue (they come back if the transaction rolls back). */
export async function takeDirtyMarks(trx: Db): Promise<DirtyMark[]> {
  const rows = await trx.deleteFrom('live_dirty').returning(['payee_id', 'month']).execute();
  return rows.map((r) => ({ payee: r.payee_id, month: r.month }));
}

export async function liveYears(db: Db): Promise<Map<string, JsonValue[]>> {
  const rows = await db.selectFrom('live_years').select(['year', 'problems']).execute();
  return new Map(rows.map((r) => [r.year, r.problems]));
}

/** Records a kept year's calculation problems (none: it computed). */
export async function saveLiveYear(trx: Db, year: string, problems: readonly JsonValue[]): Promise<void> {
  const json = JSON.stringify(problems);
  await trx
    .insertInto('live_years')
    .values({ year, problems: json })
    .onConflict((oc) => oc.column('year').doUpdateSet({ problems: json, computed_at: sql`now()` }))
    .execute();
}

/** The stored live results of a year, of these payees or all. */
export async function liveResultsOfYear(db: Db, year: string, payees?: readonly string[]): Promise<LiveResult[]> {
  let query = db.selectFrom('live_results').selectAll().where('year', '=', year);
  if (payees !== undefined) {
    if (payees.length === 0) return [];
    query = query.where('payee_id', '=', sql<string>`any(${[...payees]}::text[])`);
  }
  return (await query.execute()).map(fromRow);
}

/** Live results of periods, of these payees or all, ordered by payee, plan and period. */
export async function readLiveResults(db: Db, filter: { readonly periods?: readonly string[]; readonly payees?: readonly string[] }): Promise<LiveResult[]> {
  let query = db.selectFrom('live_results').selectAll().orderBy('payee_id').orderBy('plan_id').orderBy('period');
  if (filter.periods !== undefined) query = query.where('period', '=', sql<string>`any(${[...filter.periods]}::text[])`);
  if (filter.payees !== undefined) {
    if (filter.payees.length === 0) return [];
    query = query.where('payee_id', '=', sql<string>`any(${[...filter.payees]}::text[])`);
  }
  return (await query.execute()).map(fromRow);
}

/** Live results of one currency added up: their payouts exactly, and how many have a quota and reach it. */
export interface LiveTotal {
  readonly currency: string;
  readonly results: number;
  /** Σ payout, a decimal string (numeric arithmetic: exact). */
  readonly payout: string;
  readonly withQuota: number;
  /** Results whose attainment is 1 (100%) or more. */
  readonly atQuota: number;
}

/** The totals of the live results `readLiveResults` would give, per currency, in code order. */
export async function liveTotals(db: Db, filter: { readonly periods: readonly string[]; readonly payees?: readonly string[] }): Promise<LiveTotal[]> {
  if (filter.payees !== undefined && filter.payees.length === 0) return [];
  let query = db
    .selectFrom('live_results')
    .select([
      'currency',
      sql<string>`count(*)`.as('results'),
      sql<string>`sum(payout)::text`.as('payout'),
      sql<string>`count(attainment)`.as('with_quota'),
      sql<string>`count(*) filter (where attainment >= 1)`.as('at_quota'),
    ])
    .where('period', '=', sql<string>`any(${[...filter.periods]}::text[])`)
    .groupBy('currency')
    .orderBy('currency');
  if (filter.payees !== undefined) query = query.where('payee_id', '=', sql<string>`any(${[...filter.payees]}::text[])`);
  return (await query.execute()).map((r) => ({
    currency: r.currency,
    results: Number(r.results),
    payout: r.payout,
    withQuota: Number(r.with_quota),
    atQuota: Number(r.at_quota),
  }));
}

/** The plans these payees have live results on (the leaderboards they are on). */
export async function livePlansOf(db: Db, payees: readonly string[]): Promise<Set<string>> {
  if (payees.length === 0) return new Set();
  const rows = await db
    .selectFrom('live_results')
    .select('plan_id')
    .distinct()
    .where('payee_id', '=', sql<string>`any(${[...payees]}::text[])`)
    .execute();
  return new Set(rows.map((r) => r.plan_id));
}

function fromRow(r: {
  payee_id: string;
  plan_id: string;
  period: string;
  year: string;
  currency: string;
  earned: string;
  payout: string;
  attainment: string | null;
  result: JsonValue;
}): LiveResult {
  return {
    payee: r.payee_id,
    plan: r.plan_id,
    period: r.period,
    year: r.year,
    currency: r.currency,
    earned: r.earned,
    payout: r.payout,
    attainment: r.attainment,
    result: r.result,
  };
}

/** Writes results (insert or replace by payee, plan and period) and removes others. */
export async function writeLiveResults(
  trx: Db,
  upserts: readonly LiveResult[],
  removals: readonly { readonly payee: string; readonly plan: string; readonly period: string }[],
): Promise<void> {
  if (removals.length > 0) {
    await sql`
      delete from live_results l using unnest(${removals.map((r) => r.payee)}::text[], ${removals.map((r) => r.plan)}::text[], ${removals.map((r) => r.period)}::text[]) as x (payee, plan, period)
      where l.payee_id = x.payee and l.plan_id = x.plan and l.period = x.period`.execute(trx);
  }
  for (let at = 0; at < upserts.length; at += 2000) {
    const chunk = upserts.slice(at, at + 2000);
    await sql`
      insert into live_results (payee_id, plan_id, period, year, currency, earned, payout, attainment, result)
      select * from unnest(${chunk.map((r) => r.payee)}::text[], ${chunk.map((r) => r.plan)}::text[], ${chunk.map((r) => r.period)}::text[],
        ${chunk.map((r) => r.year)}::text[], ${chunk.map((r) => r.currency)}::text[], ${chunk.map((r) => r.earned)}::numeric[],
        ${chunk.map((r) => r.payout)}::numeric[], ${chunk.map((r) => r.attainment)}::numeric[], ${chunk.map((r) => JSON.stringify(r.result))}::jsonb[])
      on conflict (payee_id, plan_id, period) do update set
        year = excluded.year, currency = excluded.currency, earned = excluded.earned, payout = excluded.payout,
        attainment = excluded.attainment, result = excluded.result, updated_at = now()`.execute(trx);
  }
}

/**
 * Appends events and tells every listening process, at commit, the last id. Returns the ids.
 */
export async function appendLiveEvents(trx: Db, events: readonly NewLiveEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const ids: string[] = [];
  for (let at = 0; at < events.length; at += 2000) {
    const chunk = events.slice(at, at + 2000);
    const rows = await trx
      .insertInto('live_events')
      .values(chunk.map((e) => ({ kind: e.kind, payee_id: e.payee, plan_id: e.plan, period: e.period, data: JSON.stringify(e.data) })))
      .returning('id')
      .execute();
    for (const r of rows) ids.push(r.id);
  }
  await sql`select pg_notify(${LIVE_CHANNEL}, ${ids.at(-1)!})`.execute(trx);
  return ids;
}

/** Events after `id`, oldest first, at most `limit`. */
export async function liveEventsAfter(db: Db, id: string, limit: number): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('live_events')
    .select(['id', 'kind', 'payee_id', 'plan_id', 'period', 'data'])
    .where('id', '>', id)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, payee: r.payee_id, plan: r.plan_id, period: r.period, data: r.data }));
}

/** The last event's id, '0' when there is none. */
export async function lastLiveEventId(db: Db): Promise<string> {
  const row = await db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id ?? '0';
}

/** The version of the inputs other than the deals (migration 0005 bumps it on every change). */
export async function liveInputsVersion(db: Db): Promise<string> {
  return (await db.selectFrom('live_inputs').select('version').executeTakeFirstOrThrow()).version;
}

/** Deletes all but the last `keep` events (by id, through the primary key). */
export async function pruneLiveEvents(trx: Db, keep: number): Promise<void> {
  await sql`delete from live_events where id <= (select max(id) from live_events) - ${keep}::bigint`.execute(trx);
}

/** The oldest event kept, or undefined when there is none. */
export async function firstLiveEventId(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('live_events').select((eb) => eb.fn.min('id').as('id')).executeTakeFirst();
  return row?.id ?? undefined;
}
