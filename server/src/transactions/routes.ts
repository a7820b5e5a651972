import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { errorResponseSpec } from '../errors.js';
import type { LiveHub } from '../live/hub.js';
import type { LiveUpdate } from '../live/update.js';
import { deleteTransaction, upsertTransactions } from './service.js';

/** Cells of transactions.csv: text as the file would hold it (checked by the workspace loader, not here). */
const Cell = z.string().max(10_000).regex(/^[^\u0000]*$/, 'no NUL characters');

const DealSchema = z
  .object({
    id: Cell.min(1).openapi({ example: 'INV-2026-0042' }),
    date: Cell.openapi({ example: '2026-03-14' }),
    amount: Cell.openapi({ example: '12500.00' }),
    currency: Cell.optional().openapi({ description: 'ISO 4217; absent: the base currency' }),
    owner: Cell.optional().openapi({ description: 'The payee credited 100%; or give splits' }),
    splits: Cell.optional().openapi({ description: '`payee:percent;payee:percent`, adding up to 100', example: 'aisyah:60;kokkeong:40' }),
    quantity: Cell.optional(),
    margin: Cell.optional(),
    type: Cell.optional(),
    product: Cell.optional(),
    status: Cell.optional().openapi({ description: '`won` (default) or `cancelled`, with cancel_date' }),
    cancel_date: Cell.optional(),
    attributes: z.record(z.string().min(1).max(200), Cell).optional().openapi({ description: 'Attribute columns, by name' }),
  })
  .openapi('TransactionRow');

const LiveUpdateSchema = z
  .object({
    full: z.array(z.string()).openapi({ description: 'Fiscal years computed in full' }),
    incremental: z.array(z.string()).openapi({ description: 'Fiscal years where only the affected payees were computed' }),
    payees: z.number().int(),
    events: z.number().int().openapi({ description: 'Events sent to the live streams' }),
    ms: z.number().openapi({ description: 'How long the update took (ms), waiting for the lock aside' }),
  })
  .openapi('LiveUpdate');

const upsertRoute = createRoute({
  method: 'post',
  path: '/api/transactions',
  summary: 'Upsert a batch of deals; the live results and streams are up to date when it answers',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ transactions: z.array(DealSchema).min(1).max(10_000) }) } },
    },
  },
  responses: {
    200: {
      description: 'Written (or unchanged: the same batch again changes nothing)',
      content: {
        'application/json': {
          schema: z.object({ received: z.number().int(), inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), live: LiveUpdateSchema }),
        },
      },
    },
    400: errorResponseSpec('Not a batch (INVALID_INPUT), or an id twice'),
    422: errorResponseSpec('Rows a transactions.csv would be refused for, each with its index (INVALID_WORKSPACE); nothing written'),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/transactions/{id}',
  summary: 'Delete a deal (a deal that was lost after being paid is better cancelled: status cancelled claws back)',
  request: { params: z.object({ id: Cell.min(1).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: { description: 'Deleted', content: { 'application/json': { schema: z.object({ deleted: z.string(), live: LiveUpdateSchema }) } } },
    404: errorResponseSpec('No such deal (NOT_FOUND)'),
    409: errorResponseSpec('An adjustment or a dispute refers to it (CONFLICT)'),
  },
});

export function transactionRoutes(app: OpenAPIHono, db: Db, hub: LiveHub): void {
  app.openapi(upsertRoute, async (c) => {
    const outcome = await upsertTransactions(db, hub, c.req.valid('json').transactions, actorOf(c));
    return c.json({ ...outcome, live: liveJson(outcome.live) }, 200);
  });
  app.openapi(deleteRoute, async (c) => {
    const id = c.req.valid('param').id;
    const live = await deleteTransaction(db, hub, id, actorOf(c));
    return c.json({ deleted: id, live: liveJson(live) }, 200);
  });
}

function liveJson(u: LiveUpdate) {
  return { full: [...u.full], incremental: [...u.incremental], payees: u.payees, events: u.events, ms: Math.round(u.ms * 10) / 10 };
}
