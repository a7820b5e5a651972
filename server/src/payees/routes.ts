import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { principalOf } from '../auth/principal.js';
import { visibleTo } from '../auth/visibility.js';
import { PayeeListSchema } from './schemas.js';
import { payeesSeen } from './service.js';

const listRoute = createRoute({
  method: 'get',
  path: '/api/payees',
  summary: 'The payees the caller sees: a rep themselves, a manager their subtree, finance and admins everyone',
  description: 'Directory rows only, no pay: admins see them all to link users to payees.',
  responses: { 200: { description: 'Payees by id', content: { 'application/json': { schema: PayeeListSchema } } } },
});

export function payeeRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(listRoute, async (c) => {
    const principal = principalOf(c);
    const visible = principal?.kind === 'user' && principal.role === 'admin' ? 'all' : await visibleTo(db, c);
    return c.json({ payees: await payeesSeen(db, visible) }, 200);
  });
}
