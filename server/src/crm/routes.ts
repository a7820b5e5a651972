import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type CrmImportReport, type CrmMapping, type Db, DomainError } from '@prestasi/db';
import { bodyLimit } from 'hono/body-limit';
import { dataQualityRoutes } from '../data-quality/routes.js';
import { actorOf } from '../actor.js';
import { errorResponseSpec } from '../errors.js';
import { CrmMappingSchema, ImportQuery, ImportReportSchema, MappingListSchema, MappingNameParam, SavedMappingSchema } from './schemas.js';
import { importDeals, mappings, saveMapping } from './service.js';
import { readCsvUpload } from './upload.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const putMappingRoute = createRoute({
  method: 'put',
  path: '/api/crm/mappings/{name}',
  summary: 'Save a CRM column mapping under a name',
  description: 'Creates or replaces the mapping; imports then name it as `source`. The names salesforce and hubspot are the built-in presets.',
  request: { params: MappingNameParam, body: { required: true, content: { 'application/json': { schema: CrmMappingSchema } } } },
  responses: {
    200: json(SavedMappingSchema, 'Replaced'),
    201: json(SavedMappingSchema, 'Created'),
    400: errorResponseSpec('Not a mapping, or one that cannot work (INVALID_INPUT); `details.problems` says why'),
    409: errorResponseSpec('The name of a built-in preset (CONFLICT)'),
  },
});

const listMappingsRoute = createRoute({
  method: 'get',
  path: '/api/crm/mappings',
  summary: 'The built-in presets and the saved CRM mappings',
  responses: { 200: json(MappingListSchema, 'Presets and saved mappings') },
});

const binary = { type: 'string', format: 'binary' } as const;

const importRoute = (maxBytes: number) =>
  createRoute({
    method: 'post',
    path: '/api/crm/imports',
    summary: 'Import deals exported from a CRM',
    description:
      'Reads a Salesforce Opportunities report, a HubSpot deals export or any CSV with a saved mapping, and upserts the deals as transactions ' +
      'by external id (`sf:…`, `hs:…`, or the mapping’s prefix): the same file twice changes nothing. A dry run answers what would be inserted, ' +
      'updated (each changed field before → after), left unchanged and skipped, and every row error, writing nothing. A real import is all or ' +
      `nothing: any row error and the answer is 422 with the same error list. At most ${maxBytes} bytes.`,
    middleware: [
      bodyLimit({
        maxSize: maxBytes,
        onError: () => {
          throw new DomainError('PAYLOAD_TOO_LARGE', `the body is larger than ${maxBytes} bytes`, { maxBytes });
        },
      }),
    ] as const,
    request: {
      query: ImportQuery,
      body: {
        required: true,
        content: {
          'text/csv': { schema: { type: 'string' } },
          'multipart/form-data': { schema: { type: 'object', properties: { file: binary } } },
        },
      },
    },
    responses: {
      200: json(ImportReportSchema, 'Imported, or (dry run) what an import would do'),
      400: errorResponseSpec('Bad query or unreadable form (INVALID_INPUT)'),
      404: errorResponseSpec('No preset or saved mapping of that name (NOT_FOUND)'),
      413: errorResponseSpec('Body over the limit (PAYLOAD_TOO_LARGE)'),
      415: errorResponseSpec('Neither CSV nor multipart/form-data (UNSUPPORTED_MEDIA_TYPE)'),
      422: errorResponseSpec('Row errors: nothing was imported (INVALID_WORKSPACE); `details.errors` lists each {row, column, value, message}'),
    },
  });

export interface CrmLimits {
  readonly maxImportBytes: number;
}

/** CRM mappings and imports, and the data-quality report that checks what they bring in. */
export function crmRoutes(app: OpenAPIHono, db: Db, limits: CrmLimits): void {
  app.openapi(putMappingRoute, async (c) => {
    const saved = await saveMapping(db, c.req.valid('param').name, c.req.valid('json') as CrmMapping, actorOf(c));
    const body = { name: saved.name, mapping: saved.mapping as z.infer<typeof CrmMappingSchema>, createdAt: saved.createdAt.toISOString(), updatedAt: saved.updatedAt.toISOString() };
    return saved.created ? c.json(body, 201) : c.json(body, 200);
  });
  app.openapi(listMappingsRoute, async (c) => {
    const { presets, saved } = await mappings(db);
    return c.json(
      {
        presets: presets.map((p) => ({ name: p.name, mapping: p.mapping as z.infer<typeof CrmMappingSchema> })),
        saved: saved.map((s) => ({ name: s.name, mapping: s.mapping as z.infer<typeof CrmMappingSchema>, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() })),
      },
      200,
    );
  });
  app.openapi(importRoute(limits.maxImportBytes), async (c) => {
    const { source, dryRun, limit } = c.req.valid('query');
    const csv = await readCsvUpload(c.req.raw);
    return c.json(reportJson(await importDeals(db, csv, source, dryRun === 'true', limit, actorOf(c))), 200);
  });
  dataQualityRoutes(app, db);
}

function reportJson(r: CrmImportReport): z.infer<typeof ImportReportSchema> {
  return {
    ...r,
    errors: [...r.errors],
    changes: {
      inserted: [...r.changes.inserted],
      updated: r.changes.updated.map((u) => ({ row: u.row, id: u.id, changes: [...u.changes] })),
      skipped: [...r.changes.skipped],
    },
  };
}
