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
  await db.insertInto('sessions').values({ token_hash: secretHash(token), user_id: userId, via: options.via, created_at: now, expires_at: expiresAt, last_seen_at: now }).execute();
  // Expired sessions of anyone are of no use: clear them while here.
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  return { token, expiresAt };
}

/**
 * How stale `last_seen_at` may get before a request writes it again: a write per request would
 * cost more than the idle limit's precision is worth.
 */
const SEEN_PRECISION_SECONDS = 60;

/**
 * The user of a live session, if the token is one, it has been used within `idleSeconds`, and
 * its user is not disabled. Using it keeps it alive (up to its absolute expiry).
 */
export async function sessionUser(db: Db, token: string, options: { readonly idleSeconds: number }): Promise<SessionUser | undefined> {
  const now = new Date();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.expires_at', 'sessions.last_seen_at', 'users.id as user_id', 'users.email', 'users.name', 'users.role', 'users.payee_id'])
    .where('sessions.token_hash', '=', secretHash(token))
    .where('sessions.expires_at', '>', now)
    .where('sessions.last_seen_at', '>', new Date(now.getTime() - options.idleSeconds * 1000))
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > SEEN_PRECISION_SECONDS * 1000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.session_id).execute();
  }
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
