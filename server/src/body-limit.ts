import { DomainError } from '@prestasi/db';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Largest body of the JSON routes: a sign-in, an adjustment, a token request are a few hundred bytes. */
export const MAX_JSON_BYTES = 64 * 1024;

/** The uploads: they have their own, larger, limit (maxImportBytes). */
const UPLOADS = new Set(['/api/import', '/api/crm/imports']);

/** PAYLOAD_TOO_LARGE for a body over `maxBytes`, counted as it streams (a missing or false Content-Length does not help). */
export function jsonBodyLimit(maxBytes = MAX_JSON_BYTES): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new DomainError('PAYLOAD_TOO_LARGE', `the body is larger than ${maxBytes} bytes`, { maxBytes });
    },
  });
  return (c, next) => (UPLOADS.has(c.req.path) ? next() : limit(c, next));
}
