import type { Db } from '../schema.js';

export interface PayeeRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly team: string | null;
}

export async function findPayee(db: Db, id: string): Promise<PayeeRecord | undefined> {
  return db.selectFrom('payees').select(['id', 'name', 'email', 'team']).where('id', '=', id).executeTakeFirst();
}

/** Payee id → name, for the payees of a run. */
export async function payeeNamesOfRun(db: Db, runId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('payees')
    .select(['id', 'name'])
    .where('id', 'in', (eb) => eb.selectFrom('run_results').select('payee_id').where('run_id', '=', runId))
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
