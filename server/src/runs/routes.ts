import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { adjustmentJson } from '../adjustments/schema.js';
import { sees, visibleTo } from '../auth/visibility.js';
import { errorResponseSpec } from '../errors.js';
import { PeriodText } from '../periods.js';
import { approveRun, payRun } from './approval.js';
import { diffRuns } from './diff.js';
import type { PayeeResultObject } from './result-schema.js';
import {
  CreatedRunSchema,
  RunDetailSchema,
  RunDiffSchema,
  RunIdParam,
  runJson,
  RunResultsSchema,
  RunSchema,
  totalJson,
} from './schemas.js';
import { createRun, listRunViews, runResults, runView, runWithTotals } from './service.js';

type Unapplied = z.infer<typeof RunResultsSchema>['unapplied'];

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const createRunRoute = createRoute({
  method: 'post',
  path: '/api/runs',
  summary: 'Compute a period and keep the outcome as a new draft run',
  description:
    'Runs the engine on the data as it is now and stores the results, exactly as `prestasi calc --explain` prints them on the exported workspace, ' +
    'as run number n+1 of the period. Locked (paid) periods of the same kind since the start of the previous fiscal year are first computed again: ' +
    'what changed in them becomes prior-period adjustments of this period, included in this run.',
  request: {
    body: { required: true, content: { 'application/json': { schema: z.object({ period: PeriodText }).openapi('NewRun') } } },
  },
  responses: {
    201: json(CreatedRunSchema, 'The new run'),
    400: errorResponseSpec('Not a period (INVALID_INPUT)'),
    422: errorResponseSpec('The data cannot be computed for the period (INVALID_WORKSPACE); `details.problems` lists each FILE:LINE problem of the exported workspace'),
    423: errorResponseSpec('A paid run locked the period or part of it (PERIOD_LOCKED)'),
  },
});

const listRunsRoute = createRoute({
  method: 'get',
  path: '/api/runs',
  summary: 'List runs, of one period or all',
  request: { query: z.object({ period: PeriodText.optional() }) },
  responses: { 200: json(z.object({ runs: z.array(RunSchema) }).openapi('RunList'), 'Runs by period and number') },
});

const idParams = z.object({ id: RunIdParam('id') });

const getRunRoute = createRoute({
  method: 'get',
  path: '/api/runs/{id}',
  summary: 'A run with its totals per currency',
  request: { params: idParams },
  responses: { 200: json(RunDetailSchema, 'The run'), 404: errorResponseSpec('No such run (NOT_FOUND)') },
});

const resultsRoute = createRoute({
  method: 'get',
  path: '/api/runs/{id}/results',
  summary: "A run's results, as `prestasi calc --explain` prints them",
  description:
    'All of them, or with `limit` a page of that many payees (each with all their results) in id order; `next` is then the `after` of the following page, null after the last. ' +
    'A run of 10,000 payees and a million deals is over 100 MB whole.',
  request: {
    params: idParams,
    query: z.object({
      payee: z.string().min(1).regex(/^[^\u0000]*$/, 'no NUL characters').optional(),
      after: z.string().min(1).regex(/^[^\u0000]*$/, 'no NUL characters').optional().openapi({ description: 'The `next` of the page before' }),
      limit: z.coerce.number().int().min(1).max(5000).optional().openapi({ description: 'Payees per page (1–5000)' }),
    }),
  },
  responses: { 200: json(RunResultsSchema, 'The results'), 404: errorResponseSpec('No such run (NOT_FOUND)') },
});

const diffRoute = createRoute({
  method: 'get',
  path: '/api/runs/{a}/diff/{b}',
  summary: 'What changed from run a to run b, per payee, and why',
  description:
    'Payees whose results differ, by how much per currency; per result the components, the lines added, removed or changed by deal, clawbacks, adjustments and draw; ' +
    'and which inputs changed between the two runs (plan versions, quotas, assignments, adjustments, payees, other files).',
  request: { params: z.object({ a: RunIdParam('a'), b: RunIdParam('b') }) },
  responses: { 200: json(RunDiffSchema, 'The differences'), 404: errorResponseSpec('No such run (NOT_FOUND)') },
});

const stepRoute = (step: 'approve' | 'pay') =>
  createRoute({
    method: 'post',
    path: `/api/runs/{id}/${step}`,
    summary: step === 'approve' ? 'Approve a draft run (draft → approved)' : 'Pay an approved run (approved → paid), locking its period',
    request: { params: idParams },
    responses: {
      200: json(RunSchema, step === 'approve' ? 'The approved run' : 'The paid run'),
      403: errorResponseSpec('Segregation of duties (approve): the approver created the run or last changed its inputs (FORBIDDEN)'),
      404: errorResponseSpec('No such run (NOT_FOUND)'),
      409: errorResponseSpec(`The run is not ${step === 'approve' ? 'a draft' : 'approved'}, or not the latest of its period (CONFLICT)`),
      423: errorResponseSpec('The period is paid already (PERIOD_LOCKED)'),
    },
  });

export function runRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(createRunRoute, async (c) => {
    const created = await createRun(db, { period: c.req.valid('json').period, actor: actorOf(c) });
    return c.json(
      {
        run: runJson({ ...created.run, latest: true }),
        totals: created.totals.map(totalJson),
        unapplied: created.run.unapplied as Unapplied,
        priorPeriod: {
          recomputed: [...created.priorPeriod.recomputed],
          changed: created.priorPeriod.changed,
          adjustments: created.priorPeriod.adjustments.map(adjustmentJson),
          unapplied: [...created.priorPeriod.unapplied],
        },
      },
      201,
    );
  });
  app.openapi(listRunsRoute, async (c) => {
    return c.json({ runs: (await listRunViews(db, { period: c.req.valid('query').period })).map(runJson) }, 200);
  });
  app.openapi(getRunRoute, async (c) => {
    const { run, totals } = await runWithTotals(db, c.req.valid('param').id);
    return c.json({ run: runJson(run), totals: totals.map(totalJson), unapplied: run.unapplied as Unapplied }, 200);
  });
  app.openapi(resultsRoute, async (c) => {
    // Reps see their own results, managers their subtree's (auth/policies.ts); others are as absent as unknown payees.
    const visible = await visibleTo(db, c);
    const { run, results, next } = await runResults(db, c.req.valid('param').id, { ...c.req.valid('query'), visible });
    const unapplied = (run.unapplied as Unapplied).filter((u) => sees(visible, u.payee));
    return c.json({ run: runJson(run), period: run.period, results: results.map((r) => r.result as PayeeResultObject), unapplied, next }, 200);
  });
  app.openapi(diffRoute, async (c) => {
    const { a, b } = c.req.valid('param');
    const diff = await diffRuns(db, a, b);
    return c.json({ ...diff, from: runJson(diff.from), to: runJson(diff.to) } as z.infer<typeof RunDiffSchema>, 200);
  });
  app.openapi(stepRoute('approve'), async (c) => {
    const run = await approveRun(db, c.req.valid('param').id, actorOf(c));
    return c.json(runJson(await runView(db, run.id)), 200);
  });
  app.openapi(stepRoute('pay'), async (c) => {
    const run = await payRun(db, c.req.valid('param').id, actorOf(c));
    return c.json(runJson(await runView(db, run.id)), 200);
  });
}
