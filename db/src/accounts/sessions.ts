import type { Db, Role } from '../schema.js';
import { newSecret, secretHash } from './tokens-hash.js';

export interface SessionUser {
  readonly sessionId: number;
  readonly userId: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly payeeId: string | null;
  readonly expiresAt: Date;
}

/** Starts a session; the token goes into the cookie and is never stored. */
export async function createSession(db: Db, userId: number, options: { readonly ttlSeconds: number; readonly via: 'password' | 'oidc' }): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret('');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + options.ttlSeconds * 1000);
  await db.insertInto('sessions').values({ token_hash: secretHash(token), user_id: userId, via: options.via, created_at: now, expires_at: expiresAt }).execute();
  // Expired sessions of anyone are of no use: clear them while here.
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  return { token, expiresAt };
}

/** The user of a live session, if the token is one and its user is not disabled. */
export async function sessionUser(db: Db, token: string): Promise<SessionUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.expires_at', 'users.id as user_id', 'users.email', 'users.name', 'users.role', 'users.payee_id'])
    .where('sessions.token_hash', '=', secretHash(token))
    .where('sessions.expires_at', '>', new Date())
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    payeeId: row.payee_id,
    expiresAt: new Date(row.expires_at),
  };
}

/** Ends the session of this token (logout). */
export async function endSession(db: Db, token: string): Promise<boolean> {
  const ended = await db.deleteFrom('sessions').where('token_hash', '=', secretHash(token)).executeTakeFirst();
  return ended.numDeletedRows > 0n;
}
