import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { ActorHeaders, actorOf } from '../actor.js';
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
  request: { headers: ActorHeaders, body: body(NewDisputeSchema) },
  responses: {
    201: { description: 'The dispute, open, with its first comment', content: json(DisputeSchema) },
    400: errorResponseSpec('Invalid, or no such result, run, line or deal (INVALID_INPUT)'),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/disputes',
  summary: 'List disputes, in the order they were raised',
  request: { query: z.object({ status: DisputeStatusSchema.optional(), payee: z.string().min(1).optional() }) },
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
  request: { params, headers: ActorHeaders, body: body(AssignSchema) },
  responses: { 200: { description: 'The dispute', content: json(DisputeSchema) }, 404: notFound, 409: resolved },
});

const commentRoute = createRoute({
  method: 'post',
  path: '/api/disputes/{id}/comments',
  summary: 'Comment on an open dispute',
  request: { params, headers: ActorHeaders, body: body(NewCommentSchema) },
  responses: { 201: { description: 'The comment', content: json(CommentSchema) }, 404: notFound, 409: resolved },
});

const resolveRoute = createRoute({
  method: 'post',
  path: '/api/disputes/{id}/resolve',
  summary: 'Accept a dispute with an adjustment, or reject it with a reason',
  description:
    'Accepted: an adjustment of kind `dispute` for `amount` on the disputed plan, in the disputed period or, when a paid run locked it, in the next open period. ' +
    'The dispute must be open and assigned.',
  request: { params, headers: ActorHeaders, body: body(ResolveSchema) },
  responses: {
    200: { description: 'The resolved dispute', content: json(DisputeSchema) },
    400: errorResponseSpec('Invalid resolution (INVALID_INPUT)'),
    404: notFound,
    409: errorResponseSpec('Resolved already, not assigned yet, or no open period the payee is on the plan in (CONFLICT)'),
  },
});

export function disputeRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(raiseRoute, async (c) => {
    const view = await raiseDispute(db, { ...c.req.valid('json'), actor: actorOf(c.req.valid('header')) });
    return c.json(disputeJson(view), 201);
  });
  app.openapi(listRoute, async (c) => c.json({ disputes: (await disputesOf(db, c.req.valid('query'))).map(disputeSummaryJson) }, 200));
  app.openapi(getRoute, async (c) => c.json(disputeJson(await disputeOf(db, c.req.valid('param').id)), 200));
  app.openapi(assignRoute, async (c) => {
    const view = await assign(db, c.req.valid('param').id, c.req.valid('json').assignee, actorOf(c.req.valid('header')));
    return c.json(disputeJson(view), 200);
  });
  app.openapi(commentRoute, async (c) => {
    const comment = await addComment(db, c.req.valid('param').id, c.req.valid('json').body, actorOf(c.req.valid('header')));
    return c.json(commentJson(comment), 201);
  });
  app.openapi(resolveRoute, async (c) => {
    const view = await resolve(db, c.req.valid('param').id, c.req.valid('json'), actorOf(c.req.valid('header')));
    return c.json(disputeJson(view), 200);
  });
}
