import { DomainError } from '@prestasi/db';
import type { Context, MiddlewareHandler } from 'hono';
import { SESSION_COOKIE } from './cookies.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfOptions {
  /** Origins the browser app is served from (`https://prestasi.example`), besides the request's own. */
  readonly origins: readonly string[];
  /** Behind one reverse proxy: the request's own origin is X-Forwarded-Proto :// X-Forwarded-Host. */
  readonly trustProxy: boolean;
}

/** The origin the request was sent to, as the browser saw it. */
function ownOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto && host) return `${proto}://${host}`;
  }
  return url.origin;
}

/**
 * CSRF protection for cookie-authenticated writes, by checking where the request comes from
 * (OWASP's "verifying origin with standard headers", the approach of Go's net/http
 * CrossOriginProtection): a POST, PUT, PATCH or DELETE is refused unless
 * - it carries an `Authorization` header (an API token: no browser attaches one by itself, so
 *   a cross-site page cannot forge it), or
 * - the browser says `Sec-Fetch-Site: same-origin` (every current browser sends it), or, from a
 *   browser without Fetch Metadata, `Origin` is our own origin (or a configured one), or
 * - it carries neither header and no session cookie (curl signing in; nothing to ride on).
 * A cross-site form or fetch is refused before anything runs, sign-in included (login CSRF).
 * SameSite=Lax on the cookie is a second fence; no token to plumb through every form or fetch.
 */
export function csrfProtection(options: CsrfOptions): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method) || c.req.header('authorization') !== undefined) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site !== undefined) {
      if (site !== 'same-origin') throw refused(`Sec-Fetch-Site: ${site.slice(0, 20)}`);
    } else if (origin !== undefined) {
      if (origin !== ownOrigin(c, options.trustProxy) && !options.origins.includes(origin)) throw refused(`Origin ${origin.slice(0, 100)}`);
    } else if ((c.req.header('cookie') ?? '').includes(`${SESSION_COOKIE}=`)) {
      throw refused('no Origin or Sec-Fetch-Site with a session cookie');
    }
    await next();
  };
}

function refused(why: string): DomainError {
  return new DomainError('FORBIDDEN', `cross-site request refused (${why}): writes with a session cookie must come from the app's own origin`);
}
