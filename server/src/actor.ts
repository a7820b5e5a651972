import { z } from '@hono/zod-openapi';

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

export function actorOf(headers: z.infer<typeof ActorHeaders>): string {
  return headers['x-prestasi-actor'] ?? DEFAULT_ACTOR;
}
