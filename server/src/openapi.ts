import type { OpenAPIHono } from '@hono/zod-openapi';

export const API_VERSION = '0.1.0';

/** Serves the OpenAPI 3.1 document, generated from the zod schemas the routes validate with. */
export function openApiRoutes(app: OpenAPIHono): void {
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Prestasi',
      version: API_VERSION,
      description: 'Sales compensation: the system of record. Errors are `{ "error": { "code", "message", "details" } }`.',
    },
  });
}
