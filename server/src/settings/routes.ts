import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '@prestasi/db';
import { actorOf } from '../actor.js';
import { errorResponseSpec } from '../errors.js';
import { SettingsChangeSchema, SettingsSchema } from './schemas.js';
import { changeSettings, readSettings } from './service.js';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const getRoute = createRoute({ method: 'get', path: '/api/settings', summary: 'The organisation’s settings', responses: { 200: json(SettingsSchema, 'The settings') } });

const putRoute = createRoute({
  method: 'put',
  path: '/api/settings',
  summary: 'Change the organisation’s settings',
  description:
    'Language any time. Currency and fiscal year start only before the first run (every stored result and period depends on them), and only when the data stays a valid workspace. ' +
    'Rounding only while no run is paid (a later run would pay every cent of difference in the paid periods as prior-period adjustments). Audited before → after.',
  request: { body: { required: true, content: { 'application/json': { schema: SettingsChangeSchema } } } },
  responses: {
    200: json(SettingsSchema, 'The settings now'),
    400: errorResponseSpec('Invalid (INVALID_INPUT)'),
    409: errorResponseSpec('A run exists (currency, fiscal year start) or is paid (rounding) (CONFLICT)'),
    422: errorResponseSpec('The data would not be a valid workspace under these settings (INVALID_WORKSPACE)'),
  },
});

export function settingsRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(getRoute, async (c) => c.json(await readSettings(db), 200));
  app.openapi(putRoute, async (c) => c.json(await changeSettings(db, c.req.valid('json'), actorOf(c)), 200));
}
