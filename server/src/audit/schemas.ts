import { z } from '@hono/zod-openapi';

const Text = z.string().min(1).max(300).regex(/^[^\u0000]*$/, 'no NUL characters');

export const AuditQuery = z.object({
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().openapi({ description: 'Entries older than this id: the `next` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  entity: Text.optional().openapi({ example: 'plan' }),
  entityId: Text.optional().openapi({ example: 'ae' }),
  actor: Text.optional().openapi({ example: 'finance@demo.prestasi.my' }),
  action: Text.optional().openapi({ example: 'plan.update' }),
});

export const AuditPageSchema = z
  .object({
    entries: z.array(
      z.object({
        id: z.number().int(),
        at: z.string().openapi({ format: 'date-time' }),
        actor: z.string().openapi({ description: 'A user’s email, or `token:<id>:<name>`' }),
        action: z.string().openapi({ example: 'plan.update' }),
        entity: z.string(),
        entityId: z.string().nullable(),
        before: z.unknown().openapi({ description: 'The state before, as recorded; null when there was none' }),
        after: z.unknown(),
      }),
    ),
    next: z.number().int().nullable().openapi({ description: 'Pass as `before` for the next (older) page; null on the last' }),
  })
  .openapi('AuditPage');
