import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { principalOf } from '../auth/principal.js';
import { visibleTo } from '../auth/visibility.js';
import { errorResponseSpec } from '../errors.js';
import { PeriodText } from '../periods.js';
import { type AdjustmentRequestRecord, approveRequest, listRequests, raiseRequest, rejectRequest } from './service.js';

const Text = z.string().regex(/^[^\u0000]*$/, 'no NUL characters');
const Status = z.enum(['open', 'approved', 'rejected']);

const RequestSchema = z
  .object({
    id: z.number().int(),
    payee: z.string(),
    period: z.string(),
    plan: z.string().nullable(),
    amount: z.string(),
    reason: z.string(),
    status: Status,
    requestedBy: z.string(),
    requestedAt: z.string().openapi({ format: 'date-time' }),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable().openapi({ format: 'date-time' }),
    decisionReason: z.string().nullable(),
    adjustment: z.number().int().nullable().openapi({ description: 'The adjustment an approval added' }),
  })
  .openapi('AdjustmentRequest');

const NewRequestSchema = z
  .object({
    payee: Text.min(1).max(200),
    period: PeriodText,
    plan: Text.min(1).max(200).optional(),
    amount: z.string().max(40).regex(/^-?[0-9]+(\.[0-9]+)?$/, 'a plain decimal: optional -, digits, optional . and digits'),
    reason: Text.trim().min(1, 'a reason is required').max(2000),
  })
  .strict()
  .openapi('NewAdjustmentRequest');

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const idParams = z.object({ id: z.coerce.number().int().min(1).max(2 ** 31 - 1).openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

const raiseRoute = createRoute({
  method: 'post',
  path: '/api/adjustment-requests',
  summary: 'A manager asks for an adjustment of a payee below them; finance approves or rejects it',
  request: { body: { required: true, content: { 'application/json': { schema: NewRequestSchema } } } },
  responses: {
    201: json(RequestSchema, 'The request, open'),
    400: errorResponseSpec('Invalid, or not possible for the payee (INVALID_INPUT)'),
    403: errorResponseSpec('An adjustment of your own pay (FORBIDDEN)'),
    404: errorResponseSpec('No such payee below you (NOT_FOUND)'),
    423: errorResponseSpec('A paid run locked the period (PERIOD_LOCKED)'),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/api/adjustment-requests',
  summary: 'Adjustment requests (a manager sees those of the payees below them)',
  request: { query: z.object({ status: Status.optional() }) },
  responses: { 200: json(z.object({ requests: z.array(RequestSchema) }).openapi('AdjustmentRequestList'), 'In the order they were made') },
});
const approveRoute = createRoute({
  method: 'post',
  path: '/api/adjustment-requests/{id}/approve',
  summary: 'Approve a request: the adjustment is added',
  request: { params: idParams },
  responses: {
    200: json(RequestSchema, 'Approved, with the adjustment'),
    403: errorResponseSpec('You asked for it yourself (FORBIDDEN)'),
    404: errorResponseSpec('No such request (NOT_FOUND)'),
    409: errorResponseSpec('Decided already (CONFLICT)'),
    423: errorResponseSpec('The period was locked since (PERIOD_LOCKED)'),
  },
});
const rejectRoute = createRoute({
  method: 'post',
  path: '/api/adjustment-requests/{id}/reject',
  summary: 'Reject a request, saying why',
  request: { params: idParams, body: { required: true, content: { 'application/json': { schema: z.object({ reason: Text.trim().min(1).max(2000) }).strict().openapi('Rejection') } } } },
  responses: {
    200: json(RequestSchema, 'Rejected'),
    403: errorResponseSpec('You asked for it yourself (FORBIDDEN)'),
    404: errorResponseSpec('No such request (NOT_FOUND)'),
    409: errorResponseSpec('Decided already (CONFLICT)'),
  },
});

function requestJson(r: AdjustmentRequestRecord): z.infer<typeof RequestSchema> {
  return { ...r, requestedAt: r.requestedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null };
}

export function adjustmentRequestRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(raiseRoute, async (c) => {
    const p = principalOf(c);
    const created = await raiseRequest(db, { ...c.req.valid('json'), actor: actorOf(c), ownPayee: p?.kind === 'user' ? p.payeeId : null, visible: await visibleTo(db, c) });
    return c.json(requestJson(created), 201);
  });
  app.openapi(listRoute, async (c) => c.json({ requests: (await listRequests(db, await visibleTo(db, c), c.req.valid('query').status)).map(requestJson) }, 200));
  app.openapi(approveRoute, async (c) => c.json(requestJson(await approveRequest(db, c.req.valid('param').id, actorOf(c))), 200));
  app.openapi(rejectRoute, async (c) => c.json(requestJson(await rejectRequest(db, c.req.valid('param').id, c.req.valid('json').reason, actorOf(c))), 200));
}
