import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { sees, visibleTo } from '../auth/visibility.js';
import { readCsvUpload } from '../crm/upload.js';
import { errorResponseSpec } from '../errors.js';
import { QuotaCellsSchema, QuotaGridSchema, QuotaQuery, QuotaReportSchema, QuotaUploadQuery } from './schemas.js';
import { quotaGrid, saveQuotaCells, uploadQuotas } from './service.js';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const refused = errorResponseSpec('Problems as quotas.csv would have them (INVALID_WORKSPACE); `details` is the report with every error, nothing written');

const gridRoute = createRoute({
  method: 'get',
  path: '/api/quotas',
  summary: 'The quota grid: payee, period, measure, amount, and the plans each quota serves',
  description: 'Finance sees every payee; a rep their own goals, a manager those of everyone below them.',
  request: { query: QuotaQuery },
  responses: { 200: json(QuotaGridSchema, 'Quotas by payee, period and measure') },
});

const putRoute = createRoute({
  method: 'put',
  path: '/api/quotas',
  summary: 'Save a batch of grid cells, all or none',
  description: 'Checked by the workspace loader as quotas.csv would be (each problem with its cell, column and value); the changed cells are written and audited before → after. A null amount removes a quota.',
  request: { body: { required: true, content: { 'application/json': { schema: QuotaCellsSchema } } } },
  responses: { 200: json(QuotaReportSchema, 'What changed'), 400: errorResponseSpec('Not a batch of cells (INVALID_INPUT)'), 422: refused },
});

const uploadRoute = createRoute({
  method: 'post',
  path: '/api/quotas/csv',
  summary: 'Upload quotas.csv: merged into the quotas by payee, period and measure',
  description:
    'A dry run (`?dryRun=1`) answers every error (line, column, value and why) and what would change, writing nothing. Otherwise all or nothing: any error and the answer is 422 with the same report. ' +
    'Nothing is removed. At most 16 MiB.',
  request: {
    query: QuotaUploadQuery,
    body: { required: true, content: { 'text/csv': { schema: { type: 'string' } }, 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
  },
  responses: { 200: json(QuotaReportSchema, 'What changed, or would change'), 415: errorResponseSpec('Not CSV (UNSUPPORTED_MEDIA_TYPE)'), 422: refused },
});

export function quotaRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(gridRoute, async (c) => {
    const visible = await visibleTo(db, c);
    const rows = await quotaGrid(db, c.req.valid('query'));
    return c.json({ quotas: rows.filter((row) => sees(visible, row.payee)) }, 200);
  });
  app.openapi(putRoute, async (c) => c.json(await saveQuotaCells(db, c.req.valid('json').cells, actorOf(c)), 200));
  app.openapi(uploadRoute, async (c) => {
    const dryRun = ['1', 'true'].includes(c.req.valid('query').dryRun ?? '0');
    return c.json(await uploadQuotas(db, await readCsvUpload(c.req.raw), { dryRun, actor: actorOf(c) }), 200);
  });
}
