import type { Selectable } from 'kysely';
import type { AdjustmentsTable, Db } from '../schema.js';
import { chunks } from '../workspace/upsert.js';

export type AdjustmentKind = 'manual' | 'prior_period' | 'dispute';
export type CorrectedPart = 'line' | 'clawback' | 'adjustment' | 'draw';

/** An adjustments row. */
export interface AdjustmentRecord {
  readonly id: number;
  readonly payee: string;
  readonly period: string;
  /** `null`: the payee's only plan in the period. */
  readonly plan: string | null;
  readonly amount: string;
  readonly reason: string;
  readonly kind: AdjustmentKind;
  readonly correctsTransaction: string | null;
  readonly correctsPeriod: string | null;
  readonly correctsPlan: string | null;
  readonly correctsComponent: string | null;
  readonly correctsKind: CorrectedPart | null;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export type NewAdjustment = Omit<AdjustmentRecord, 'id' | 'createdAt'>;

const COLUMNS = [
  'id',
  'payee_id',
  'period',
  'plan_id',
  'amount',
  'reason',
  'kind',
  'corrects_transaction',
  'corrects_period',
  'corrects_plan',
  'corrects_component',
  'corrects_kind',
  'created_by',
  'created_at',
] as const;

function record(row: Pick<Selectable<AdjustmentsTable>, (typeof COLUMNS)[number]>): AdjustmentRecord {
  return {
    id: row.id,
    payee: row.payee_id,
    period: row.period,
    plan: row.plan_id,
    amount: row.amount,
    reason: row.reason,
    kind: row.kind,
    correctsTransaction: row.corrects_transaction,
    correctsPeriod: row.corrects_period,
    correctsPlan: row.corrects_plan,
    correctsComponent: row.corrects_component,
    correctsKind: row.corrects_kind,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

/** Adds adjustments in the order given: the engine lists a result's adjustments in id order. */
export async function insertAdjustments(db: Db, rows: readonly NewAdjustment[]): Promise<AdjustmentRecord[]> {
  const out: AdjustmentRecord[] = [];
  for (const chunk of chunks(rows)) {
    const inserted = await db
      .insertInto('adjustments')
      .values(
        chunk.map((a) => ({
          payee_id: a.payee,
          period: a.period,
          plan_id: a.plan,
          amount: a.amount,
          reason: a.reason,
          kind: a.kind,
          corrects_transaction: a.correctsTransaction,
          corrects_period: a.correctsPeriod,
          corrects_plan: a.correctsPlan,
          corrects_component: a.correctsComponent,
          corrects_kind: a.correctsKind,
          created_by: a.createdBy,
        })),
      )
      .returning(COLUMNS)
      .execute();
    out.push(...inserted.map(record).sort((a, b) => a.id - b.id));
  }
  return out;
}

/** Adjustments in id order (the order of adjustments.csv), of the given periods and kind when asked. */
export async function listAdjustments(
  db: Db,
  filter: { readonly periods?: readonly string[] | undefined; readonly kind?: AdjustmentKind | undefined } = {},
): Promise<AdjustmentRecord[]> {
  let query = db.selectFrom('adjustments').select(COLUMNS);
  if (filter.periods !== undefined) {
    if (filter.periods.length === 0) return [];
    query = query.where('period', 'in', filter.periods);
  }
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  return (await query.orderBy('id').execute()).map(record);
}

export async function deleteAdjustments(db: Db, ids: readonly number[]): Promise<void> {
  for (const chunk of chunks(ids)) await db.deleteFrom('adjustments').where('id', 'in', chunk).execute();
}
