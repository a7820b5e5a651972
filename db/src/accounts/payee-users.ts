import { sql } from 'kysely';
import { appendAudit } from '../audit.js';
import type { Db } from '../schema.js';
import { auditedUser, insertUser, normalEmail, type UserRecord } from './users.js';

/**
 * Just-in-time accounts for single sign-on: a payee whose email in payees.csv is `email` gets a
 * user the first time they sign in, linked to their payee, as a rep, or as a manager when someone
 * reports to them today. Nothing more: finance and admin accounts are only ever made by an admin,
 * and the payee list (kept by finance) decides who may have an account at all. `undefined` when
 * no payee has the email, when two do (nobody could tell which), or when the payee already has a
 * user under another email. Audited as made by `sso:EMAIL`.
 */
export async function createPayeeUser(db: Db, email: string): Promise<UserRecord | undefined> {
  const address = normalEmail(email);
  return db.transaction().execute(async (trx) => {
    const payees = await trx.selectFrom('payees').select(['id', 'name']).where(sql<string>`lower(trim(email))`, '=', address).limit(2).execute();
    const payee = payees.length === 1 ? payees[0]! : undefined;
    if (!payee) return undefined;
    if (await trx.selectFrom('users').select('id').where('payee_id', '=', payee.id).executeTakeFirst()) return undefined;
    const manages = await trx
      .selectFrom('payee_managers')
      .select('id')
      .where('manager_id', '=', payee.id)
      .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', sql<string>`current_date`)]))
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', sql<string>`current_date`)]))
      .executeTakeFirst();
    const user = await insertUser(trx, { email: address, name: payee.name, role: manages ? 'manager' : 'rep', payeeId: payee.id });
    await appendAudit(trx, { actor: `sso:${address}`, action: 'user.create', entity: 'user', entityId: String(user.id), after: auditedUser(user) });
    return user;
  });
}
