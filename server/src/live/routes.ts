import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Db, DomainError, type LiveEvent, livePlansOf } from '@prestasi/db';
import { streamSSE } from 'hono/streaming';
import { visibleTo } from '../auth/visibility.js';
import { errorResponseSpec } from '../errors.js';
import { Money } from '../runs/result-schema.js';
import { PeriodText } from '../periods.js';
import type { LiveHub } from './hub.js';
import { leaderboards, liveResults, liveTotalsOf } from './service.js';

/** A comment line every so often keeps proxies and load balancers from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * A stream is ended after this long, and the browser's EventSource reconnects (after `retry`)
 * with Last-Event-ID, missing nothing. Each reconnection is a new request: the session is checked
 * again (a user disabled, signed out or idle past the limit gets no more events) and what the
 * user may see is worked out again (a manager whose team changed sees the new team).
 */
export const DEFAULT_LIVE_STREAM_SECONDS = 600;
const RECONNECT_MS = 1_000;

const EventId = z.string().regex(/^[0-9]{1,19}$/, 'an event id is a number');

const liveRoute = createRoute({
  method: 'get',
  path: '/api/live',
  summary: 'Server-Sent Events: results and leaderboards as they change, filtered to what the caller may see',
  description:
    '`event: result` data `{payee, plan, period, currency, earned, payout, attainment}` (decimal strings; attainment null without a quota; ' +
    '`removed: true` instead of amounts when a result is gone); `event: leaderboard` data `{period, plan}` (refetch GET /api/leaderboards). ' +
    'Every event has an `id:`; reconnecting with `Last-Event-ID` (or `?lastEventId=`) replays what was missed, or, when that is no longer kept, ' +
    'sends `event: reset` (refetch the results and boards). A comment every 15 s.',
  request: { query: z.object({ lastEventId: EventId.optional() }) },
  responses: {
    200: { description: 'The event stream, until the client leaves', content: { 'text/event-stream': { schema: z.string() } } },
    400: errorResponseSpec('A Last-Event-ID that is not an event id (INVALID_INPUT)'),
  },
});

const ResultSchema = z
  .object({
    payee: z.string(),
    name: z.string(),
    plan: z.string(),
    period: z.string(),
    currency: z.string(),
    earned: Money,
    payout: Money,
    attainment: z.string().nullable().openapi({ description: 'The plan\'s first attainment, 1.05 for 105%' }),
    measures: z.record(z.string(), z.string()),
    quotas: z.record(z.string(), z.string()),
    attainments: z.record(z.string(), z.string()).openapi({ description: 'Every measure with a quota: value ÷ quota' }),
  })
  .openapi('LiveResult');

const resultsRoute = createRoute({
  method: 'get',
  path: '/api/live/results',
  summary: 'The current (not yet run) results of the periods overlapping `period` that the caller may see',
  request: { query: z.object({ period: PeriodText }) },
  responses: {
    200: {
      description: 'Live results, up to date with every change made so far',
      content: {
        'application/json': {
          schema: z.object({
            period: z.string(),
            lastEventId: z.string().openapi({ description: 'Open GET /api/live with this to miss nothing after these results' }),
            results: z.array(ResultSchema),
            problems: z.array(z.unknown()).openapi({ description: 'Why the fiscal year cannot be computed now (a missing quota or rate); results are then as last computed' }),
          }),
        },
      },
    },
  },
});

const totalsRoute = createRoute({
  method: 'get',
  path: '/api/live/totals',
  summary: 'What the live results of the periods overlapping `period` that the caller may see add up to',
  description: 'The same results as GET /api/live/results, added up: payouts per currency (exact decimal sums), and how many results there are, have a quota and reach it.',
  request: { query: z.object({ period: PeriodText }) },
  responses: {
    200: {
      description: 'Totals of the live results, up to date with every change made so far',
      content: {
        'application/json': {
          schema: z
            .object({
              period: z.string(),
              lastEventId: z.string().openapi({ description: 'Open GET /api/live with this to miss nothing after these totals' }),
              results: z.number().int(),
              withQuota: z.number().int(),
              atQuota: z.number().int().openapi({ description: 'Results whose attainment is 1 (100%) or more' }),
              payouts: z.array(z.object({ currency: z.string(), amount: Money })),
              problems: z.array(z.unknown()).openapi({ description: 'As in GET /api/live/results' }),
            })
            .openapi('LiveTotals'),
        },
      },
    },
  },
});

const Entry = z.object({
  payee: z.string(),
  name: z.string(),
  rank: z.number().int().openapi({ description: 'By attainment, highest first; ties share a rank' }),
  rankByEarned: z.number().int(),
  attainment: z.string().nullable(),
  earned: Money.nullable().openapi({ description: 'Only for payees the caller may see the pay of (their own, their team, or all for finance)' }),
});

const boardsRoute = createRoute({
  method: 'get',
  path: '/api/leaderboards',
  summary: 'Rankings of the payees on each plan for the periods overlapping `period`, from the live results',
  description:
    'Each board ranks everyone on it (`size` of them). With `top=N`, a board lists only its first N entries and the ' +
    "caller's own (a rep: themselves; a manager: their team; finance: none more): what a dashboard shows, without every payee of a large plan.",
  request: { query: z.object({ period: PeriodText, top: z.coerce.number().int().min(0).max(10_000).optional() }) },
  responses: {
    200: {
      description: 'One board per plan and period the caller is on (finance: all)',
      content: {
        'application/json': {
          schema: z.object({
            period: z.string(),
            boards: z
              .array(
                z
                  .object({
                    plan: z.string(),
                    period: z.string(),
                    currency: z.string(),
                    size: z.number().int().openapi({ description: 'How many payees the board ranks (entries may list fewer: see top)' }),
                    entries: z.array(Entry),
                  })
                  .openapi('Leaderboard'),
              ),
          }),
        },
      },
    },
  },
});

export function liveRoutes(app: OpenAPIHono, db: Db, hub: LiveHub, options: { readonly streamSeconds: number }): void {
  app.openapi(liveRoute, async (c) => {
    const header = c.req.header('last-event-id');
    const after = header ?? c.req.valid('query').lastEventId;
    if (after !== undefined && !EventId.safeParse(after).success) throw new DomainError('INVALID_INPUT', 'Last-Event-ID must be an event id');
    const visible = await visibleTo(db, c);
    const plans = visible === 'all' ? 'all' : await livePlansOf(db, [...visible]);
    return streamSSE(c, async (stream) => {
      let stop = () => {};
      const ended = new Promise<void>((resolve) => (stop = resolve));
      const sub = await hub.subscribe(
        {
          visible,
          plans,
          send: async (events: readonly LiveEvent[]) => {
            await stream.write(events.map((e) => `id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e.data)}\n\n`).join(''));
          },
          end: stop,
          reset: async () => {
            await stream.write('event: reset\ndata: {}\n\n');
          },
        },
        after,
      );
      stream.onAbort(() => {
        sub.close();
        stop();
      });
      // Sent at once, so the client knows the stream is open (and proxies flush their headers).
      await stream.write(`: connected\nretry: ${RECONNECT_MS}\n\n`);
      const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n').catch(stop), HEARTBEAT_MS);
      heartbeat.unref();
      const lifetime = setTimeout(stop, options.streamSeconds * 1000);
      lifetime.unref();
      try {
        await ended;
      } finally {
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        sub.close();
      }
    }) as never;
  });

  app.openapi(resultsRoute, async (c) => {
    const { period } = c.req.valid('query');
    return c.json(await liveResults(db, hub, period, await visibleTo(db, c)), 200);
  });

  app.openapi(totalsRoute, async (c) => {
    const { period } = c.req.valid('query');
    return c.json(await liveTotalsOf(db, hub, period, await visibleTo(db, c)), 200);
  });

  app.openapi(boardsRoute, async (c) => {
    const { period, top } = c.req.valid('query');
    return c.json(await leaderboards(db, hub, period, await visibleTo(db, c), top), 200);
  });
}
