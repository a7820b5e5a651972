import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { errorResponseSpec } from '../errors.js';
import { checkHealth } from './service.js';

const route = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Whether the server can reach its database',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }).openapi('Health') } } },
    503: errorResponseSpec('The database does not answer (UNAVAILABLE)'),
  },
});

export function healthRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(route, async (c) => {
    await checkHealth(db);
    return c.json({ status: 'ok' as const }, 200);
  });
}
