import { DomainError, type Role } from '@prestasi/db';
import type { Context } from 'hono';
import { principalOf } from './principal.js';

/** Interim, until the policy table: the caller must be a signed-in user of one of these roles. */
export function requireRole(c: Context, roles: readonly Role[]): void {
  const p = principalOf(c);
  if (!p) throw new DomainError('UNAUTHENTICATED', 'sign in first');
  if (p.kind !== 'user' || !roles.includes(p.role)) throw new DomainError('FORBIDDEN', 'your role may not do this');
}
