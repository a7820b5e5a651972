import { apiTokenBySecret, type Db, DomainError, sessionUser } from '@prestasi/db';
import type { Context } from 'hono';
import { sessionCookie } from './cookies.js';
import type { Principal } from './principal.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/**
 * Who the request comes from: the API token of its `Authorization: Bearer` header, else the
 * user of its session cookie, else nobody. An Authorization header that is not a live token is
 * UNAUTHENTICATED (never a fall back to the cookie); a cookie that names no live session (or
 * one left unused for `idleSeconds`) is treated as no cookie.
 */
export async function authenticate(db: Db, c: Context, session: { readonly idleSeconds: number }): Promise<Principal | undefined> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const secret = BEARER.exec(authorization)?.[1];
    const token = secret === undefined ? undefined : await apiTokenBySecret(db, secret);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'the Authorization header holds no valid API token (Bearer prst_…)');
    return { kind: 'token', tokenId: token.id, name: token.name, scopes: token.scopes, actor: `token:${token.id}:${token.name}` };
  }
  const token = sessionCookie(c);
  if (token === undefined) return undefined;
  const user = await sessionUser(db, token, session);
  if (!user) return undefined;
  c.set('sessionToken', token);
  return {
    kind: 'user',
    userId: user.userId,
    email: user.email,
    name: user.name,
    role: user.role,
    payeeId: user.payeeId,
    sessionId: user.sessionId,
    actor: user.email,
  };
}
