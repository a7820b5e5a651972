import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { DataQualitySchema } from './schemas.js';
import { qualityReport } from './service.js';

const route = createRoute({
  method: 'get',
  path: '/api/data-quality',
  summary: 'What in the data will make commissions wrong or a run fail',
  description:
    'Likely duplicate deals, deals owned by people without a plan assignment on the deal date, amounts far outside a payee’s usual, ' +
    'deals added to locked periods after the lock, and missing quotas. Each list says its rule, how many findings there are, and the ' +
    'first `limit` of them with the ids and values to act on.',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(0).max(10_000).optional().openapi({ description: 'Most findings listed per kind (default 100); totals stay exact' }),
    }),
  },
  responses: { 200: { description: 'The report', content: { 'application/json': { schema: DataQualitySchema } } } },
});

export function dataQualityRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(route, async (c) => {
    const { limit } = c.req.valid('query');
    return c.json(await qualityReport(db, limit), 200);
  });
}
