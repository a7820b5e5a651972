import { type Db, DomainError, sql } from '@prestasi/db';
import type { Context } from 'hono';
import type { Principal } from './principal.js';

/** The payees whose rows a caller sees: all, or these. */
export type Visible = 'all' | ReadonlySet<string>;

/**
 * What the caller sees of payees' rows. Finance (and tokens, whose routes carry no payee rows
 * beyond their scope): all. A rep: their own payee. A manager: their own payee and everyone
 * below it in the manager hierarchy in force today (the lines the engine uses). Admins and
 * users without a payee: none.
 */
export async function visiblePayees(db: Db, principal: Principal | undefined): Promise<Visible> {
  if (!principal) return new Set();
  if (principal.kind === 'token') return 'all';
  if (principal.role === 'finance') return 'all';
  if (principal.payeeId === null || principal.role === 'admin') return new Set();
  if (principal.role === 'rep') return new Set([principal.payeeId]);
  const today = new Date().toISOString().slice(0, 10);
  const rows = await sql<{ id: string }>`
    with recursive below (id) as (
      select ${principal.payeeId}::text collate "C"
      union
      select m.payee_id from payee_managers m join below b on m.manager_id = b.id
      where (m.valid_from is null or m.valid_from <= ${today}::date) and (m.valid_to is null or m.valid_to >= ${today}::date)
    )
    select id from below`.execute(db);
  return new Set(rows.rows.map((r) => r.id));
}

export function sees(visible: Visible, payeeId: string): boolean {
  return visible === 'all' || visible.has(payeeId);
}

/** The visible payees of the request's caller. */
export function visibleTo(db: Db, c: Context): Promise<Visible> {
  return visiblePayees(db, c.get('principal'));
}

/** NOT_FOUND, worded as for a payee that does not exist, unless the caller sees this payee. */
export async function assertSees(db: Db, c: Context, payeeId: string, notFound: string): Promise<void> {
  if (!sees(await visibleTo(db, c), payeeId)) throw new DomainError('NOT_FOUND', notFound);
}
