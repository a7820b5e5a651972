import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { AuditPageSchema, AuditQuery } from './schemas.js';
import { auditPage } from './service.js';

const auditRoute = createRoute({
  method: 'get',
  path: '/api/audit',
  summary: 'The audit log, newest first: who changed what, when, the state before and after',
  description: 'Keyset paging: pass a page’s `next` as `before`. `prestasi audit verify` checks the log’s hash chain.',
  request: { query: AuditQuery },
  responses: { 200: { description: 'A page of entries', content: { 'application/json': { schema: AuditPageSchema } } } },
});

export function auditRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(auditRoute, async (c) => {
    const { entries, next } = await auditPage(db, c.req.valid('query'));
    return c.json({ entries: entries.map((e) => ({ ...e, at: e.at.toISOString(), before: e.before ?? null, after: e.after ?? null })), next }, 200);
  });
}
