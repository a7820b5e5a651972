import { DomainError } from '@prestasi/db';
import type { Context } from 'hono';
import { principalOf } from './auth/principal.js';

/**
 * THE actor lookup: who is making a change, recorded on it (`created_by`, `approved_by`, …) and
 * in the audit log. The signed-in user's email, or `token:<id>:<name>` for an API token. (The
 * interim `X-Prestasi-Actor` header is gone: nobody names themselves.) Only routes whose policy
 * requires a caller change anything, so there is always one; if not, UNAUTHENTICATED.
 */
export function actorOf(c: Context): string {
  const principal = principalOf(c);
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'sign in, or send an API token');
  return principal.actor;
}
