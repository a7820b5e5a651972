import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { visibleTo } from '../auth/visibility.js';
import { errorResponseSpec } from '../errors.js';
import { TeamAttainmentSchema, TeamQuery } from './schemas.js';
import { teamAttainment } from './service.js';

const attainmentRoute = createRoute({
  method: 'get',
  path: '/api/team/attainment',
  summary: 'Attainment at a glance: each payee the caller sees, their quota, attainment, earnings so far and whether they are behind pace',
  description:
    'The engine on the current data (not a run). Behind pace: a measure’s attainment is below the share of the period elapsed by today. ' +
    'Managers see themselves and everyone below them, finance everyone.',
  request: { query: TeamQuery },
  responses: {
    200: { description: 'Rows by payee and plan', content: { 'application/json': { schema: TeamAttainmentSchema } } },
    404: errorResponseSpec('No such payee, or one the caller does not see (NOT_FOUND)'),
    422: errorResponseSpec('The data cannot be computed (INVALID_WORKSPACE), e.g. a missing quota'),
  },
});

export function teamRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(attainmentRoute, async (c) => {
    const { period, payee } = c.req.valid('query');
    return c.json(await teamAttainment(db, { visible: await visibleTo(db, c), period, payee }), 200);
  });
}
