import { z } from '@hono/zod-openapi';
import type { DisputeComment, DisputeRecord } from '@prestasi/db';
import { PeriodText } from '../periods.js';
import type { DisputeView } from './service.js';

/** Text PostgreSQL can store (no U+0000), trimmed, never blank. */
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be blank')
    .max(max)
    .regex(/^[^\u0000]*$/, 'no NUL characters');

/** Money as decimal text, never a JSON number: it stays exact. */
const Amount = z
  .string()
  .regex(/^-?[0-9]{1,15}(\.[0-9]{1,6})?$/, 'a plain decimal: optional -, digits, optional . and digits')
  .refine((text) => /[1-9]/.test(text), 'an accepted dispute pays something: reject it otherwise')
  .openapi({ description: 'Decimal text in the plan currency; negative takes money back', example: '350.00' });

export const DisputeIdParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1)
  .openapi({ param: { name: 'id', in: 'path' }, example: 1 });

export const NewDisputeSchema = z
  .object({
    payee: Text(200),
    period: PeriodText,
    plan: Text(200).optional().openapi({ description: 'Needed only when the payee has two plans with that period' }),
    runId: z.number().int().positive().max(2 ** 31 - 1).optional().openapi({ description: 'The run whose statement is disputed' }),
    transaction: Text(200).optional().openapi({ description: 'The deal whose line is disputed' }),
    component: Text(200).optional().openapi({ description: 'The component of the result (its line, with `transaction`)' }),
    subject: Text(200),
    comment: Text(10_000).openapi({ description: 'What is wrong, in the payee’s words: the first comment' }),
  })
  .strict()
  .openapi('NewDispute');

export const AssignSchema = z.object({ assignee: Text(200).openapi({ example: 'finance@demo.prestasi.my' }) }).strict().openapi('DisputeAssignment');

export const NewCommentSchema = z.object({ body: Text(10_000) }).strict().openapi('NewDisputeComment');

export const ResolveSchema = z
  .discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('accepted'), amount: Amount, reason: Text(1000) }).strict(),
    z.object({ outcome: z.literal('rejected'), reason: Text(1000) }).strict(),
  ])
  .openapi('DisputeResolution', { description: 'Accepted pays `amount` through an adjustment; rejected pays nothing. Either way `reason` says why.' });

export const DisputeStatusSchema = z.enum(['open', 'accepted', 'rejected']);

export const CommentSchema = z
  .object({ id: z.number().int(), author: z.string(), body: z.string(), createdAt: z.string().openapi({ format: 'date-time' }) })
  .openapi('DisputeComment');

const fields = {
  id: z.number().int(),
  payee: z.string(),
  plan: z.string().nullable(),
  period: z.string(),
  runId: z.number().int().nullable(),
  transaction: z.string().nullable(),
  component: z.string().nullable(),
  subject: z.string(),
  status: DisputeStatusSchema,
  assignee: z.string().nullable(),
  assignedAt: z.string().nullable().openapi({ format: 'date-time' }),
  raisedBy: z.string(),
  raisedAt: z.string().openapi({ format: 'date-time' }),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable().openapi({ format: 'date-time' }),
  resolution: z.string().nullable().openapi({ description: 'Why it was accepted or rejected' }),
};

export const DisputeSummarySchema = z.object({ ...fields, adjustmentId: z.number().int().nullable() }).openapi('DisputeSummary');

export const DisputeSchema = z
  .object({
    ...fields,
    adjustment: z
      .object({ id: z.number().int(), period: z.string(), plan: z.string().nullable(), amount: z.string(), reason: z.string() })
      .nullable()
      .openapi({ description: 'What an accepted dispute paid, and the period it went into (the next open one when the disputed period was locked)' }),
    comments: z.array(CommentSchema),
  })
  .openapi('Dispute');

function fieldsJson(d: DisputeRecord) {
  return {
    id: d.id,
    payee: d.payee,
    plan: d.plan,
    period: d.period,
    runId: d.run,
    transaction: d.transaction,
    component: d.component,
    subject: d.subject,
    status: d.status,
    assignee: d.assignee,
    assignedAt: d.assignedAt?.toISOString() ?? null,
    raisedBy: d.raisedBy,
    raisedAt: d.raisedAt.toISOString(),
    resolvedBy: d.resolvedBy,
    resolvedAt: d.resolvedAt?.toISOString() ?? null,
    resolution: d.resolution,
  };
}

export function commentJson(c: DisputeComment): z.infer<typeof CommentSchema> {
  return { id: c.id, author: c.author, body: c.body, createdAt: c.createdAt.toISOString() };
}

export function disputeSummaryJson(d: DisputeRecord): z.infer<typeof DisputeSummarySchema> {
  return { ...fieldsJson(d), adjustmentId: d.adjustment };
}

export function disputeJson(v: DisputeView): z.infer<typeof DisputeSchema> {
  return { ...fieldsJson(v.dispute), adjustment: v.adjustment, comments: v.comments.map(commentJson) };
}
