import type { MiddlewareHandler } from 'hono';
import { isHttps } from './auth/request-info.js';

/**
 * No inline script or style, no plugins, no framing, nothing from other origins; a future
 * browser app is served from this origin as files.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Headers on every response, errors and 404s included. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('content-security-policy', CONTENT_SECURITY_POLICY);
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'no-referrer');
    h.set('x-frame-options', 'DENY');
    h.set('cross-origin-opener-policy', 'same-origin');
    h.set('cross-origin-resource-policy', 'same-origin');
    // Pay data must not sit in browser or proxy caches.
    if (!h.has('cache-control')) h.set('cache-control', 'no-store');
    if (isHttps(c)) h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  };
}
