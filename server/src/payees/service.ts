import { type Db, localToday, sql } from '@prestasi/db';
import { sees, type Visible } from '../auth/visibility.js';

export interface PayeeRow {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  /** The manager in force today. */
  readonly manager: string | null;
  readonly team: string | null;
}

/** The payees the caller sees, by id, each with the manager in force today (the line the engine uses). */
export async function payeesSeen(db: Db, visible: Visible, today = localToday()): Promise<PayeeRow[]> {
  const rows = await db
    .selectFrom('payees as p')
    .leftJoin('payee_managers as m', (join) =>
      join
        .onRef('m.payee_id', '=', 'p.id')
        .on((eb) => eb.or([eb('m.valid_from', 'is', null), eb('m.valid_from', '<=', sql<string>`${today}::date`)]))
        .on((eb) => eb.or([eb('m.valid_to', 'is', null), eb('m.valid_to', '>=', sql<string>`${today}::date`)])),
    )
    .select(['p.id', 'p.name', 'p.email', 'm.manager_id', 'p.team'])
    .orderBy('p.id')
    .execute();
  return rows.filter((r) => sees(visible, r.id)).map((r) => ({ id: r.id, name: r.name, email: r.email, manager: r.manager_id, team: r.team }));
}
