import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { assertSees } from '../auth/visibility.js';
import { csvDownload } from '../csv.js';
import { errorResponseSpec } from '../errors.js';
import { PeriodText } from '../periods.js';
import { Money, PayeeResultSchema } from '../runs/result-schema.js';
import { RunIdParam, runJson, RunSchema } from '../runs/schemas.js';
import { STATEMENT_CSV_HEADER, statementCsv, statementsCsv } from './csv.js';
import { runStatements, statementOf } from './service.js';

const LabelledAdjustmentSchema = z
  .object({
    amount: Money,
    reason: z.string(),
    adjustment: z.number().int().openapi({ description: 'The adjustments row (it may have been replaced since, if the run is not paid)' }),
    kind: z.enum(['manual', 'prior_period', 'dispute']),
    priorPeriod: z.boolean().openapi({ description: 'A prior-period adjustment: a correction of a paid period' }),
    correctsTransaction: z.string().nullable(),
    correctsPeriod: z.string().nullable(),
    correctsPlan: z.string().nullable(),
    correctsComponent: z.string().nullable(),
    correctsKind: z.enum(['line', 'clawback', 'adjustment', 'draw']).nullable(),
  })
  .openapi('StatementAdjustment');

const CurrencyTotal = z.object({ currency: z.string(), payout: Money });

const StatementSchema = z
  .object({
    payee: z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), team: z.string().nullable() }),
    period: z.string(),
    run: RunSchema.openapi({ description: "The period's latest run; its status says whether the statement is final" }),
    results: z.array(PayeeResultSchema.extend({ adjustments: z.array(LabelledAdjustmentSchema) })),
    totals: z.array(CurrencyTotal),
    paidBefore: z.object({
      fiscalYear: z.string(),
      periods: z.array(
        z.object({ period: z.string(), run: z.number().int(), number: z.number().int(), paidAt: z.string().openapi({ format: 'date-time' }), currency: z.string(), payout: Money }),
      ),
      totals: z.array(CurrencyTotal),
    }),
  })
  .openapi('Statement');

const statementRoute = createRoute({
  method: 'get',
  path: '/api/statements/{payee}',
  summary: "A payee's statement for a period, from the period's latest run",
  request: {
    params: z.object({ payee: z.string().min(1).regex(/^[^\u0000]*$/, 'no NUL characters').openapi({ param: { name: 'payee', in: 'path' }, example: 'aisyah' }) }),
    query: z.object({ period: PeriodText }),
  },
  responses: {
    200: { description: 'The statement', content: { 'application/json': { schema: StatementSchema } } },
    404: errorResponseSpec('No such payee, or no run of the period (NOT_FOUND)'),
  },
});

const statementCsvRoute = createRoute({
  method: 'get',
  path: '/api/statements/{payee}/statement.csv',
  summary: "A payee's statement for a period as CSV: every line, clawback, adjustment and draw, then the payout",
  description:
    `Header \`${STATEMENT_CSV_HEADER.join(',')}\`. Per result, the rows other than its \`payout\` row add up to that payout exactly. ` +
    'Text cells starting with = + - @, a tab or a carriage return are prefixed with a single quote; amounts are plain decimals.',
  request: statementRoute.request,
  responses: {
    200: { description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
    404: errorResponseSpec('No such payee, or no run of the period (NOT_FOUND)'),
  },
});

const runStatementsCsvRoute = createRoute({
  method: 'get',
  path: '/api/runs/{id}/statements.csv',
  summary: "Every payee's statement in a run, as one CSV file",
  description: 'The rows of each payee\'s `statement.csv` for this run, payee after payee in code point order of their ids, under one header.',
  request: { params: z.object({ id: RunIdParam('id') }) },
  responses: {
    200: { description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
    404: errorResponseSpec('No such run (NOT_FOUND)'),
  },
});

export function statementRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(runStatementsCsvRoute, async (c) => {
    const { run, payees } = await runStatements(db, c.req.valid('param').id);
    return c.body(statementsCsv(run, payees), 200, csvDownload(`statements-${run.period}-run-${run.number}.csv`));
  });
  app.openapi(statementCsvRoute, async (c) => {
    const payee = c.req.valid('param').payee;
    await assertSees(db, c, payee, `no payee ${payee}`);
    const s = await statementOf(db, payee, c.req.valid('query').period);
    return c.body(statementCsv(s), 200, csvDownload(`statement-${s.payee.id}-${s.period}-run-${s.run.number}.csv`));
  });
  app.openapi(statementRoute, async (c) => {
    const payee = c.req.valid('param').payee;
    // Another payee's statement is as absent as an unknown payee's (auth/policies.ts: reps their own, managers their subtree).
    await assertSees(db, c, payee, `no payee ${payee}`);
    const s = await statementOf(db, payee, c.req.valid('query').period);
    return c.json(
      {
        ...s,
        payee: { ...s.payee },
        run: runJson(s.run),
        results: s.results.map((r) => ({ ...r, adjustments: [...r.adjustments] })),
        totals: [...s.totals],
        paidBefore: { ...s.paidBefore, periods: s.paidBefore.periods.map((p) => ({ ...p, paidAt: p.paidAt.toISOString() })), totals: [...s.paidBefore.totals] },
      },
      200,
    );
  });
}
