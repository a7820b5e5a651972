import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { errorResponseSpec } from '../errors.js';
import {
  detailJson,
  PlanDetailSchema,
  PlanIdParam,
  PlanInputSchema,
  planInput,
  PlanSummarySchema,
  PreviewRequestSchema,
  PreviewSchema,
  problemJson,
  SavedPlanSchema,
  SavePlanSchema,
  summaryJson,
  ValidationSchema,
} from './schemas.js';
import { listPlans, planDetail, previewPlan, savePlan, validatePlan } from './service.js';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const params = z.object({ id: PlanIdParam });
const notFound = errorResponseSpec('No such plan (NOT_FOUND)');
const invalid = errorResponseSpec('The plan, or the workspace with it, has problems (INVALID_WORKSPACE); `details.problems` lists each with file, line and plan field `path`');

const listRoute = createRoute({
  method: 'get',
  path: '/api/plans',
  summary: 'Plans, with their period, current version and how many payees are on them today',
  responses: { 200: json(z.object({ plans: z.array(PlanSummarySchema) }).openapi('PlanList'), 'Plans by id') },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/plans/{id}',
  summary: 'A plan as an object with the structure of its file, the file’s text and its version history',
  request: {
    params,
    query: z.object({ version: z.coerce.number().int().positive().max(2 ** 31 - 1).optional().openapi({ description: 'An older version, from the history; default the current one' }) }),
  },
  responses: { 200: json(PlanDetailSchema, 'The version'), 404: errorResponseSpec('No such plan or version (NOT_FOUND)') },
});

const putRoute = createRoute({
  method: 'put',
  path: '/api/plans/{id}',
  summary: 'Save an edited plan as its next version',
  description:
    'The newest version is the plan for every period, paid ones included: the next run recomputes the paid periods it settles under it and pays any difference as prior-period adjustments (preview a paid period to see them). ' +
    'Checked with the workspace loader on the whole database with the plan replaced, deals included, so problems read as `prestasi check` prints them, each with the plan field it is about. ' +
    'Saved in the plan’s own file name and format (YAML or JSON), so an export writes that file. The text of the current version saves nothing (`saved: false`). Audited with the sources before and after.',
  request: { params, body: body(SavePlanSchema) },
  responses: {
    200: json(SavedPlanSchema, 'The plan as saved'),
    400: errorResponseSpec('Not a plan object or text (INVALID_INPUT)'),
    404: notFound,
    409: errorResponseSpec('The plan moved on from `baseVersion` (CONFLICT)'),
    422: invalid,
  },
});

const validateRoute = createRoute({
  method: 'post',
  path: '/api/plans/validate',
  summary: 'Check a plan while it is edited; nothing is saved',
  description:
    'The plan with the settings, payees, other plans, assignments, quotas, adjustments and the columns of the deals, but not the deals’ cells (which saving checks): fast enough for every edit. ' +
    'Problems come with file, line and the plan field `path` they are about.',
  request: { body: body(PlanInputSchema) },
  responses: { 200: json(ValidationSchema, 'Whether the plan is valid, and its problems and warnings'), 400: errorResponseSpec('Not a plan object or text (INVALID_INPUT)') },
});

const previewRoute = createRoute({
  method: 'post',
  path: '/api/plans/{id}/preview',
  summary: 'What an edited plan would pay for a period, per payee, beside what the current plan pays; nothing is saved',
  description:
    'The engine on the database’s data with the plan replaced. The current figures are the latest run of the period when there is one, else computed from the same data. ' +
    '`period` defaults to the plan’s last full period before today that has deals.',
  request: { params, body: body(PreviewRequestSchema) },
  responses: { 200: json(PreviewSchema, 'Payouts per payee and totals per currency'), 400: errorResponseSpec('Invalid (INVALID_INPUT)'), 404: notFound, 422: invalid },
});

export function planRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(listRoute, async (c) => c.json({ plans: (await listPlans(db)).map(summaryJson) }, 200));
  app.openapi(getRoute, async (c) => c.json(detailJson(await planDetail(db, c.req.valid('param').id, { version: c.req.valid('query').version })), 200));
  app.openapi(putRoute, async (c) => {
    const request = c.req.valid('json');
    const { detail, saved } = await savePlan(db, c.req.valid('param').id, { input: planInput(request), baseVersion: request.baseVersion, actor: actorOf(c) });
    return c.json({ ...detailJson(detail), saved }, 200);
  });
  app.openapi(validateRoute, async (c) => {
    const { ok, problems } = await validatePlan(db, planInput(c.req.valid('json')));
    return c.json({ ok, problems: problems.map(problemJson) }, 200);
  });
  app.openapi(previewRoute, async (c) => {
    const request = c.req.valid('json');
    return c.json(await previewPlan(db, c.req.valid('param').id, { input: planInput(request), period: request.period }), 200);
  });
}
