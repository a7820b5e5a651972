import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { sees, visibleTo } from '../auth/visibility.js';
import { errorResponseSpec } from '../errors.js';
import { PeriodText } from '../periods.js';
import { AdjustmentSchema, adjustmentJson } from './schema.js';
import { addAdjustment, adjustmentsOf } from './service.js';

/** Text PostgreSQL can store (no U+0000) and a person can read. */
const Text = z.string().regex(/^[^\u0000]*$/, 'no NUL characters');

const NewAdjustmentSchema = z
  .object({
    payee: Text.min(1),
    period: PeriodText,
    plan: Text.min(1).optional().openapi({ description: 'Needed only when the payee has two plans in the period' }),
    amount: z
      .string()
      .regex(/^-?[0-9]+(\.[0-9]+)?$/, 'a plain decimal: optional -, digits, optional . and digits')
      .openapi({ description: 'Decimal text in the plan currency (never a JSON number, so it stays exact)', example: '1500.00' }),
    reason: Text.trim().min(1, 'a reason is required'),
  })
  .strict()
  .openapi('NewAdjustment');

const createAdjustmentRoute = createRoute({
  method: 'post',
  path: '/api/adjustments',
  summary: 'Add a manual adjustment',
  request: { body: { required: true, content: { 'application/json': { schema: NewAdjustmentSchema } } } },
  responses: {
    201: { description: 'The adjustment', content: { 'application/json': { schema: AdjustmentSchema } } },
    400: errorResponseSpec('Invalid, or not possible for the payee (INVALID_INPUT); `details.problems` says why, as a check of adjustments.csv would'),
    423: errorResponseSpec('A paid run locked the period (PERIOD_LOCKED)'),
  },
});

const listAdjustmentsRoute = createRoute({
  method: 'get',
  path: '/api/adjustments',
  summary: 'List adjustments, of the periods inside one period or all',
  request: { query: z.object({ period: PeriodText.optional(), kind: z.enum(['manual', 'prior_period', 'dispute']).optional() }) },
  responses: {
    200: { description: 'Adjustments in the order they were made', content: { 'application/json': { schema: z.object({ adjustments: z.array(AdjustmentSchema) }).openapi('AdjustmentList') } } },
  },
});

export function adjustmentRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(createAdjustmentRoute, async (c) => {
    const created = await addAdjustment(db, { ...c.req.valid('json'), actor: actorOf(c) });
    return c.json(adjustmentJson(created), 201);
  });
  app.openapi(listAdjustmentsRoute, async (c) => {
    const { period, kind } = c.req.valid('query');
    const visible = await visibleTo(db, c);
    return c.json({ adjustments: (await adjustmentsOf(db, { period, kind })).filter((a) => sees(visible, a.payee)).map(adjustmentJson) }, 200);
  });
}
