import { z } from '@hono/zod-openapi';
import { DomainError } from '@prestasi/db';
import type { Context } from 'hono';
import { principalOf } from './auth/principal.js';

/**
 * Who is making a change, until requests carry a signed-in user: the `X-Prestasi-Actor` header,
 * else `api`. Every route that changes something takes its actor from here, so authentication
 * replaces this one file.
 */
export const ActorHeaders = z.object({
  'x-prestasi-actor': z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}]*$/u, 'no control characters')
    .optional()
    .openapi({ description: 'Who makes the change, recorded on it and in the audit log (until sign-in replaces it); default `api`', example: 'finance@contoh.com.my' }),
});

export const DEFAULT_ACTOR = 'api';

/** The actor of a request: its signed-in user's email or its API token, else (interim) the header. */
export function actorOf(source: Context | z.infer<typeof ActorHeaders>): string {
  if ('req' in source) {
    const principal = principalOf(source as Context);
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'sign in, or send an API token');
    return principal.actor;
  }
  return source['x-prestasi-actor'] ?? DEFAULT_ACTOR;
}
