import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { csvDownload } from '../csv.js';
import { errorResponseSpec } from '../errors.js';
import { Money } from '../runs/result-schema.js';
import { RunIdParam } from '../runs/schemas.js';
import { payrollCsv, payrollOf } from './service.js';

const PayrollSchema = z
  .object({
    run: z.number().int(),
    period: z.string(),
    rows: z.array(z.object({ employeeId: z.string(), name: z.string(), period: z.string(), amount: Money, currency: z.string() })),
  })
  .openapi('Payroll');

const errors = {
  404: errorResponseSpec('No such run (NOT_FOUND)'),
  409: errorResponseSpec('The run is not paid (CONFLICT)'),
};

const csvRoute = createRoute({
  method: 'get',
  path: '/api/runs/{id}/payroll.csv',
  summary: 'Payroll export of a paid run, as CSV',
  description:
    'Header `employee_id,name,period,amount,currency`, one row per payee and currency (the sum of their payouts). ' +
    'Text cells starting with = + - @, a tab or a carriage return are prefixed with a single quote, so no spreadsheet runs them; amounts are plain decimals.',
  request: { params: z.object({ id: RunIdParam('id') }) },
  responses: { 200: { description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors },
});

const jsonRoute = createRoute({
  method: 'get',
  path: '/api/runs/{id}/payroll.json',
  summary: 'Payroll export of a paid run, as JSON',
  request: { params: z.object({ id: RunIdParam('id') }) },
  responses: { 200: { description: 'The rows of the CSV file, as written (JSON needs no formula escaping)', content: { 'application/json': { schema: PayrollSchema } } }, ...errors },
});

export function payrollRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(csvRoute, async (c) => {
    const id = c.req.valid('param').id;
    const { period, number, rows } = await payrollOf(db, id);
    return c.body(payrollCsv(rows), 200, csvDownload(`payroll-${period}-run-${number}.csv`));
  });
  app.openapi(jsonRoute, async (c) => {
    const id = c.req.valid('param').id;
    const { period, rows } = await payrollOf(db, id);
    return c.json({ run: id, period, rows }, 200);
  });
}
