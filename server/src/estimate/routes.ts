import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { assertSees } from '../auth/visibility.js';
import { errorResponseSpec } from '../errors.js';
import { EstimateRequestSchema, EstimateSchema } from './schemas.js';
import { estimate } from './service.js';

const estimateRoute = createRoute({
  method: 'post',
  path: '/api/estimate',
  summary: 'What-if: what a payee would earn if they closed a deal, beside what they earn now',
  description:
    'The engine on the current data, and again with the deal added as the payee’s own won deal, for the period of each of their plans around `date`; nothing is saved. ' +
    'Reps estimate for themselves, managers for anyone below them, finance for anyone.',
  request: { body: { required: true, content: { 'application/json': { schema: EstimateRequestSchema } } } },
  responses: {
    200: { description: 'Per plan and period: payout now, with the deal, the difference, the deal’s lines and the components it changes', content: { 'application/json': { schema: EstimateSchema } } },
    400: errorResponseSpec('Invalid, or the payee is on no plan on that date (INVALID_INPUT)'),
    404: errorResponseSpec('No such payee, or one the caller does not see (NOT_FOUND)'),
    422: errorResponseSpec('The data cannot be computed with the deal (INVALID_WORKSPACE), e.g. no exchange rate for its currency'),
  },
});

export function estimateRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(estimateRoute, async (c) => {
    const request = c.req.valid('json');
    await assertSees(db, c, request.payee, `no payee ${request.payee}`);
    return c.json(await estimate(db, request), 200);
  });
}
