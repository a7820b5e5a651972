import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Db, DomainError } from '@prestasi/db';
import type { Context } from 'hono';
import { actorOf } from '../actor.js';
import { assertSees, sees, visibleTo } from '../auth/visibility.js';
import { errorResponseSpec } from '../errors.js';
import {
  AssignSchema,
  CommentSchema,
  commentJson,
  DisputeIdParam,
  DisputeSchema,
  DisputeStatusSchema,
  DisputeSummarySchema,
  disputeJson,
  disputeSummaryJson,
  NewCommentSchema,
  NewDisputeSchema,
  ResolveSchema,
} from './schemas.js';
import { addComment, assign, disputeOf, disputesOf, raiseDispute, resolve } from './service.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const body = <T>(schema: T) => ({ required: true, content: json(schema) });
const params = z.object({ id: DisputeIdParam });
const notFound = errorResponseSpec('No such dispute (NOT_FOUND)');
const resolved = errorResponseSpec('The dispute is resolved already (CONFLICT)');

const raiseRoute = createRoute({
  method: 'post',
  path: '/api/disputes',
  summary: 'Raise a dispute on a statement line',
  request: { body: body(NewDisputeSchema) },
  responses: {
    201: { description: 'The dispute, open, with its first comment', content: json(DisputeSchema) },
    400: errorResponseSpec('Invalid, or no such result, run, line or deal (INVALID_INPUT)'),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/disputes',
  summary: 'List disputes, in the order they were raised',
  request: { query: z.object({ status: DisputeStatusSchema.optional(), payee: z.string().min(1).regex(/^[^\u0000]*$/, 'no NUL characters').optional() }) },
  responses: { 200: { description: 'Disputes', content: json(z.object({ disputes: z.array(DisputeSummarySchema) }).openapi('DisputeList')) } },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/disputes/{id}',
  summary: 'A dispute with its comments and, once accepted, its adjustment',
  request: { params },
  responses: { 200: { description: 'The dispute', content: json(DisputeSchema) }, 404: notFound },
});

const assignRoute = createRoute({
  method: 'post',
  path: '/api/disputes/{id}/assign',
  summary: 'Assign an open dispute to someone, or to someone else',
  request: { params, body: body(AssignSchema) },
  responses: { 200: { description: 'The dispute', content: json(DisputeSchema) }, 404: notFound, 409: resolved },
});

const commentRoute = createRoute({
  method: 'post',
  path: '/api/disputes/{id}/comments',
  summary: 'Comment on an open dispute',
  request: { params, body: body(NewCommentSchema) },
  responses: { 201: { description: 'The comment', content: json(CommentSchema) }, 404: notFound, 409: resolved },
});

const resolveRoute = createRoute({
  method: 'post',
  path: '/api/disputes/{id}/resolve',
  summary: 'Accept a dispute with an adjustment, or reject it with a reason',
  description:
    'Accepted: an adjustment of kind `dispute` for `amount` on the disputed plan, in the disputed period or, when a paid run locked it, in the next open period. ' +
    'The dispute must be open and assigned.',
  request: { params, body: body(ResolveSchema) },
  responses: {
    200: { description: 'The resolved dispute', content: json(DisputeSchema) },
    400: errorResponseSpec('Invalid resolution (INVALID_INPUT)'),
    404: notFound,
    409: errorResponseSpec('Resolved already, not assigned yet, or no open period the payee is on the plan in (CONFLICT)'),
  },
});

export function disputeRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(raiseRoute, async (c) => {
    // A rep raises on their own statement, a manager on their subtree's: another payee is as absent as an unknown one.
    await assertSees(db, c, c.req.valid('json').payee, `no payee ${c.req.valid('json').payee}`);
    const view = await raiseDispute(db, { ...c.req.valid('json'), actor: actorOf(c) });
    return c.json(disputeJson(view), 201);
  });
  app.openapi(listRoute, async (c) => {
    const visible = await visibleTo(db, c);
    return c.json({ disputes: (await disputesOf(db, c.req.valid('query'))).filter((d) => sees(visible, d.payee)).map(disputeSummaryJson) }, 200);
  });
  app.openapi(getRoute, async (c) => c.json(disputeJson(await visibleDispute(db, c, c.req.valid('param').id)), 200));
  app.openapi(assignRoute, async (c) => {
    const view = await assign(db, c.req.valid('param').id, c.req.valid('json').assignee, actorOf(c));
    return c.json(disputeJson(view), 200);
  });
  app.openapi(commentRoute, async (c) => {
    await visibleDispute(db, c, c.req.valid('param').id);
    const comment = await addComment(db, c.req.valid('param').id, c.req.valid('json').body, actorOf(c));
    return c.json(commentJson(comment), 201);
  });
  app.openapi(resolveRoute, async (c) => {
    const view = await resolve(db, c.req.valid('param').id, c.req.valid('json'), actorOf(c));
    return c.json(disputeJson(view), 200);
  });
}

/** The dispute, or NOT_FOUND as for one that does not exist when it is another payee's than the caller sees. */
async function visibleDispute(db: Db, c: Context, id: number): Promise<Awaited<ReturnType<typeof disputeOf>>> {
  const dispute = await disputeOf(db, id);
  if (!sees(await visibleTo(db, c), dispute.dispute.payee)) throw new DomainError('NOT_FOUND', `dispute ${id} does not exist`);
  return dispute;
}
