import { DomainError } from '@prestasi/db';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Largest body of the JSON routes: a sign-in, an adjustment, a token request are a few hundred bytes. */
export const MAX_JSON_BYTES = 64 * 1024;

/**
 * Routes that take batches, and their larger limits: a CRM pushing 10,000 deals in one call
 * (about 2 MB of JSON), a quota grid or quotas.csv of a whole sales force, a webhook delivery
 * of 100 events.
 */
export const BATCH_BYTES: ReadonlyMap<string, number> = new Map([
  ['/api/transactions', 16 * 1024 * 1024],
  ['/api/quotas', 16 * 1024 * 1024],
  ['/api/quotas/csv', 16 * 1024 * 1024],
  ['/api/webhooks/hubspot', 1024 * 1024],
  ['/api/webhooks/salesforce', 1024 * 1024],
]);

/** The uploads: they have their own, larger, limit (maxImportBytes). */
const UPLOADS = new Set(['/api/import', '/api/crm/imports']);

/** PAYLOAD_TOO_LARGE for a body over its route's limit, counted as it streams (a missing or false Content-Length does not help). */
export function jsonBodyLimit(maxBytes = MAX_JSON_BYTES): MiddlewareHandler {
  const limiter = (size: number) =>
    bodyLimit({
      maxSize: size,
      onError: () => {
        throw new DomainError('PAYLOAD_TOO_LARGE', `the body is larger than ${size} bytes`, { maxBytes: size });
      },
    });
  const standard = limiter(maxBytes);
  const batches = new Map([...BATCH_BYTES].map(([path, size]) => [path, limiter(size)]));
  return (c, next) => (UPLOADS.has(c.req.path) ? next() : (batches.get(c.req.path) ?? standard)(c, next));
}
