import { sql } from 'kysely';
import { csvFile, csvRows, orNull } from './csv.js';
import { chunks, type Db, differs, written } from './upsert.js';

interface PayeeRow {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly team: string | null;
  readonly manager: string | null;
}

export function readPayees(bytes: Uint8Array | undefined): PayeeRow[] {
  return csvRows(bytes).map((r) => ({
    id: r['id'] ?? '',
    name: r['name'] ?? '',
    email: orNull(r['email']),
    team: orNull(r['team']),
    manager: orNull(r['manager']),
  }));
}

/** Upserts the payees, then their reporting lines; returns the rows changed in each table. */
export async function writePayees(db: Db, rows: readonly PayeeRow[]): Promise<{ payees: number; payee_managers: number }> {
  let payees = 0;
  for (const chunk of chunks(rows)) {
    const result = await db
      .insertInto('payees')
      .values(chunk.map(({ id, name, email, team }) => ({ id, name, email, team })))
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            email: eb.ref('excluded.email'),
            team: eb.ref('excluded.team'),
            updated_at: sql`now()`,
          }))
          .where(differs('payees', ['name', 'email', 'team'])),
      )
      .executeTakeFirst();
    payees += written(result);
  }
  return { payees, payee_managers: await writeManagers(db, rows) };
}

/**
 * A workspace states each payee's manager as of now. An unchanged line is left alone; a changed
 * one is closed yesterday and the new one starts today, so the history stays. A payee's very
 * first line holds since always.
 */
async function writeManagers(db: Db, rows: readonly PayeeRow[]): Promise<number> {
  const lines = await db.selectFrom('payee_managers').select(['payee_id', 'manager_id', 'valid_to']).execute();
  const open = new Map(lines.filter((l) => l.valid_to === null).map((l) => [l.payee_id, l.manager_id]));
  const hasHistory = new Set(lines.map((l) => l.payee_id));
  const fresh: { payee_id: string; manager_id: string }[] = [];
  let changed = 0;
  for (const { id, manager } of rows) {
    const current = open.get(id) ?? null;
    if (current === manager) continue;
    if (!hasHistory.has(id)) {
      if (manager !== null) fresh.push({ payee_id: id, manager_id: manager });
      continue;
    }
    // A line that started today (or later) is replaced rather than closed before it began.
    const removed = await db.deleteFrom('payee_managers').where('payee_id', '=', id).where('valid_from', '>=', sql<string>`current_date`).executeTakeFirst();
    const closed = await db
      .updateTable('payee_managers')
      .set({ valid_to: sql<string>`current_date - 1` })
      .where('payee_id', '=', id)
      .where('valid_to', 'is', null)
      .executeTakeFirst();
    changed += Number(removed.numDeletedRows) + Number(closed.numUpdatedRows);
    if (manager !== null) {
      await db.insertInto('payee_managers').values({ payee_id: id, manager_id: manager, valid_from: sql<string>`current_date` }).execute();
      changed++;
    }
  }
  for (const chunk of chunks(fresh)) {
    await db.insertInto('payee_managers').values(chunk).execute();
    changed += chunk.length;
  }
  return changed;
}

/** payees.csv, with each payee's manager as of today. */
export async function payeesCsv(db: Db): Promise<Uint8Array> {
  const rows = await db
    .selectFrom('payees as p')
    .leftJoin('payee_managers as m', (join) =>
      join
        .onRef('m.payee_id', '=', 'p.id')
        .on((eb) => eb.or([eb('m.valid_from', 'is', null), eb('m.valid_from', '<=', sql<string>`current_date`)]))
        .on((eb) => eb.or([eb('m.valid_to', 'is', null), eb('m.valid_to', '>=', sql<string>`current_date`)])),
    )
    .select(['p.id', 'p.name', 'p.email', 'm.manager_id', 'p.team'])
    .orderBy('p.id')
    .execute();
  return csvFile(
    ['id', 'name', 'email', 'manager', 'team'],
    rows.map((r) => [r.id, r.name, r.email, r.manager_id, r.team]),
  );
}
