import type { Db, JsonValue, RunsTable } from '../schema.js';
import type { Selectable } from 'kysely';

export type RunStatus = 'draft' | 'approved' | 'paid';

/** A run as its row says, without the results (see run-results.ts) or its inputs. */
export interface RunRecord {
  readonly id: number;
  readonly period: string;
  readonly number: number;
  readonly status: RunStatus;
  readonly inputDigest: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly approvedBy: string | null;
  readonly approvedAt: Date | null;
  readonly paidBy: string | null;
  readonly paidAt: Date | null;
  /** The clawbacks with no result to land in, as `prestasi calc` lists them. */
  readonly unapplied: JsonValue;
}

const COLUMNS = [
  'id',
  'period',
  'number',
  'status',
  'input_digest',
  'created_by',
  'created_at',
  'approved_by',
  'approved_at',
  'paid_by',
  'paid_at',
  'unapplied',
] as const;

type RunRow = Pick<Selectable<RunsTable>, (typeof COLUMNS)[number]>;

function record(row: RunRow): RunRecord {
  return {
    id: row.id,
    period: row.period,
    number: row.number,
    status: row.status,
    inputDigest: row.input_digest,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at === null ? null : new Date(row.approved_at),
    paidBy: row.paid_by,
    paidAt: row.paid_at === null ? null : new Date(row.paid_at),
    unapplied: row.unapplied,
  };
}

export interface NewRun {
  readonly period: string;
  readonly inputDigest: string;
  readonly createdBy: string;
  readonly inputs: JsonValue;
  readonly unapplied: JsonValue;
}

/**
 * Adds a draft run numbered after the period's last one. The caller holds the workspace lock,
 * so no other run of the period can take the same number meanwhile.
 */
export async function insertRun(db: Db, run: NewRun): Promise<RunRecord> {
  const last = await db
    .selectFrom('runs')
    .select(({ fn }) => fn.max('number').as('number'))
    .where('period', '=', run.period)
    .executeTakeFirst();
  const row = await db
    .insertInto('runs')
    .values({
      period: run.period,
      number: (last?.number ?? 0) + 1,
      input_digest: run.inputDigest,
      created_by: run.createdBy,
      inputs: JSON.stringify(run.inputs),
      unapplied: JSON.stringify(run.unapplied),
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return record(row);
}

export async function findRun(db: Db, id: number): Promise<RunRecord | undefined> {
  const row = await db.selectFrom('runs').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && record(row);
}

/** Runs in order of period and number; only those of `period` when given. */
export async function listRuns(db: Db, filter: { readonly period?: string | undefined } = {}): Promise<RunRecord[]> {
  let query = db.selectFrom('runs').select(COLUMNS);
  if (filter.period !== undefined) query = query.where('period', '=', filter.period);
  return (await query.orderBy('period').orderBy('number').execute()).map(record);
}

/** The period's run with the highest number: the one that reflects the data most recently. */
export async function latestRun(db: Db, period: string): Promise<RunRecord | undefined> {
  const row = await db.selectFrom('runs').select(COLUMNS).where('period', '=', period).orderBy('number', 'desc').limit(1).executeTakeFirst();
  return row && record(row);
}

/** Paid runs, oldest period first. */
export async function paidRuns(db: Db): Promise<RunRecord[]> {
  return (await db.selectFrom('runs').select(COLUMNS).where('status', '=', 'paid').orderBy('period').execute()).map(record);
}

/** What the run was computed from (see run-inputs.ts). */
export async function runInputsOf(db: Db, id: number): Promise<JsonValue | undefined> {
  return (await db.selectFrom('runs').select('inputs').where('id', '=', id).executeTakeFirst())?.inputs;
}

/** Moves a run one step forward; the caller has checked that the step is allowed. */
export async function advanceRun(db: Db, id: number, to: 'approved' | 'paid', actor: string): Promise<RunRecord> {
  const now = new Date();
  const row = await db
    .updateTable('runs')
    .set(to === 'approved' ? { status: to, approved_by: actor, approved_at: now } : { status: to, paid_by: actor, paid_at: now })
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return record(row);
}
