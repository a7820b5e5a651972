import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Db, DomainError } from '@prestasi/db';
import type { Problem } from '@prestasi/workspace';
import { bodyLimit } from 'hono/body-limit';
import { actorOf } from '../actor.js';
import { errorResponseSpec } from '../errors.js';
import { exportZip, importUpload } from './service.js';
import { readUpload } from './upload.js';

const ProblemSchema = z
  .object({
    file: z.string().openapi({ example: 'transactions.csv' }),
    line: z.number().int().optional().openapi({ description: '1-based physical line; absent for the file as a whole' }),
    message: z.string(),
    warning: z.boolean().optional(),
  })
  .openapi('Problem');

function problemJson(p: Problem): z.infer<typeof ProblemSchema> {
  return { file: p.file, message: p.message, ...(p.line === undefined ? {} : { line: p.line }), ...(p.warning ? { warning: true } : {}) };
}

const ImportResultSchema = z
  .object({
    batch: z.number().int().nullable().openapi({ description: 'The import batch recorded for this import; null for a dry run' }),
    dryRun: z.boolean(),
    changed: z.record(z.string(), z.number().int()).openapi({ description: 'Rows inserted, updated or deleted per table; all 0 when the database already held the workspace' }),
    warnings: z.array(ProblemSchema),
  })
  .openapi('ImportResult');

const binary = { type: 'string', format: 'binary' } as const;

const ImportWorkspaceQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Check the workspace against the database and report what would change; write nothing (default false)' }),
});

// The body schemas are plain OpenAPI objects, not zod: the upload is read by readUpload (size,
// names, zip), and zod-openapi only validates bodies it has a zod schema for.
const importRoute = (maxBytes: number) =>
  createRoute({
    method: 'post',
    path: '/api/import',
    summary: 'Import a workspace',
    description:
      'Merges a workspace into the database in one transaction: rows are matched by their ids and updated, none are deleted. ' +
      'Send either a multipart form whose field names are workspace paths (`payees.csv`, `plans/ae.yaml`) or a zip of the workspace folder. ' +
      'With `dryRun=true` the import is made and rolled back: the answer (or the refusal) is what the import would give, and nothing is written. ' +
      `At most ${maxBytes} bytes, sent or inflated.`,
    middleware: [
      bodyLimit({
        maxSize: maxBytes,
        onError: () => {
          throw new DomainError('PAYLOAD_TOO_LARGE', `the body is larger than ${maxBytes} bytes`, { maxBytes });
        },
      }),
    ] as const,
    request: {
      query: ImportWorkspaceQuery,
      body: {
        required: true,
        content: {
          'multipart/form-data': { schema: { type: 'object', additionalProperties: binary } },
          'application/zip': { schema: binary },
        },
      },
    },
    responses: {
      200: { description: 'Imported', content: { 'application/json': { schema: ImportResultSchema } } },
      400: errorResponseSpec('Unreadable body, unsafe or unknown file name (INVALID_INPUT)'),
      409: errorResponseSpec('Valid alone, but not merged with the data already held (CONFLICT); `details.problems` says where'),
      413: errorResponseSpec('Body or inflated zip over the limit (PAYLOAD_TOO_LARGE)'),
      415: errorResponseSpec('Neither multipart/form-data nor application/zip (UNSUPPORTED_MEDIA_TYPE)'),
      422: errorResponseSpec('Invalid workspace (INVALID_WORKSPACE); `details.problems` lists every FILE:LINE problem'),
    },
  });

const exportRoute = createRoute({
  method: 'get',
  path: '/api/export',
  summary: 'Export the database as a workspace zip',
  responses: {
    200: { description: 'The workspace folder, zipped', content: { 'application/zip': { schema: binary } } },
  },
});

export interface ImportLimits {
  /** Largest body, and largest total of the workspace files inflated from a zip. */
  readonly maxImportBytes: number;
}

export function importRoutes(app: OpenAPIHono, db: Db, limits: ImportLimits): void {
  app.openapi(importRoute(limits.maxImportBytes), async (c) => {
    const { dryRun } = c.req.valid('query');
    const files = await readUpload(c.req.raw, limits.maxImportBytes);
    const summary = await importUpload(db, files, actorOf(c), dryRun === 'true');
    return c.json({ batch: summary.batch, dryRun: summary.dryRun, changed: summary.changed, warnings: summary.warnings.map(problemJson) }, 200);
  });
  app.openapi(exportRoute, async (c) => {
    // fflate allocates plain ArrayBuffers, never shared ones.
    const zip = (await exportZip(db)) as Uint8Array<ArrayBuffer>;
    return c.body(zip, 200, {
      'content-type': 'application/zip',
      'content-disposition': 'attachment; filename="prestasi-workspace.zip"',
    });
  });
}
