import { csvFile, csvRows, orNull } from './csv.js';
import { chunks, type Db, differs, written } from './upsert.js';

interface AssignmentRow {
  readonly payee_id: string;
  readonly plan_id: string;
  readonly valid_from: string;
  readonly valid_to: string | null;
}

export function readAssignments(bytes: Uint8Array | undefined): AssignmentRow[] {
  return csvRows(bytes).map((r) => ({
    payee_id: r['payee'] ?? '',
    plan_id: r['plan'] ?? '',
    valid_from: r['from'] ?? '',
    valid_to: orNull(r['to']),
  }));
}

/** An assignment is known by payee, plan and start; a new end date updates it. */
export async function writeAssignments(db: Db, rows: readonly AssignmentRow[]): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(rows)) {
    const result = await db
      .insertInto('assignments')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['payee_id', 'plan_id', 'valid_from'])
          .doUpdateSet((eb) => ({ valid_to: eb.ref('excluded.valid_to') }))
          .where(differs('assignments', ['valid_to'])),
      )
      .executeTakeFirst();
    changed += written(result);
  }
  return changed;
}

export async function assignmentsCsv(db: Db): Promise<Uint8Array> {
  const rows = await db
    .selectFrom('assignments')
    .select(['payee_id', 'plan_id', 'valid_from', 'valid_to'])
    .orderBy('payee_id')
    .orderBy('valid_from')
    .orderBy('plan_id')
    .execute();
  return csvFile(['payee', 'plan', 'from', 'to'], rows.map((r) => [r.payee_id, r.plan_id, r.valid_from, r.valid_to]));
}
