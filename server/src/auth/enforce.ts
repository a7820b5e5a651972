import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Db, DomainError } from '@prestasi/db';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { authenticate } from './authenticate.js';
import { type Policy, policyOf } from './policies.js';
import type { Principal } from './principal.js';

/** `/api/runs/:id` as the OpenAPI document writes it: `/api/runs/{id}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/** The route the request matched, as `METHOD /path`; undefined when none did (a 404). */
export function routeOf(c: Context): { method: string; path: string } | undefined {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  const route = matchedRoutes(c).findLast((r) => r.method === method);
  return route && { method, path: openApiPath(route.path) };
}

/**
 * THE enforcement of the policy table, for every request: who is calling (token, session or
 * nobody), then whether the route's policy lets them. No session where one is needed is 401;
 * a role or token the route is not for is 403; a route missing from the table is 403 too
 * (createApp refuses to start with one, so this is the fail-closed backstop). What a role sees
 * of rows is the handlers' part, through visiblePayees.
 */
export function enforcePolicies(db: Db, session: { readonly idleSeconds: number }): MiddlewareHandler {
  return async (c, next) => {
    const route = routeOf(c);
    // No route: the 404 answers, and says nothing more to anyone.
    if (!route) return next();
    const policy = policyOf(route.method, route.path);
    const principal = await authenticate(db, c, session);
    c.set('principal', principal);
    if (!policy) throw new DomainError('FORBIDDEN', `${route.method} ${route.path} declares no policy`);
    allow(policy, principal);
    await next();
  };
}

function allow(policy: Policy, p: Principal | undefined): void {
  if (policy.public) return;
  if (!p) throw new DomainError('UNAUTHENTICATED', 'sign in, or send an API token');
  const ok = p.kind === 'token' ? (policy.scopes ?? []).some((s) => p.scopes.includes(s)) : policy.roles.includes(p.role);
  if (!ok) throw new DomainError('FORBIDDEN', p.kind === 'token' ? 'this API token has no scope for this route' : `a ${p.role} may not do this`);
}

/** Every route the app serves, as `METHOD /path` (middleware excluded). */
export function servedRoutes(app: OpenAPIHono): string[] {
  const keys = new Set<string>();
  for (const r of app.routes) if (r.method !== 'ALL') keys.add(`${r.method} ${openApiPath(r.path)}`);
  return [...keys].sort();
}

/** Throws when a route has no policy: the app does not start, so no test passes either. */
export function assertEveryRouteHasAPolicy(app: OpenAPIHono): void {
  const missing = servedRoutes(app).filter((key) => policyOf(key.split(' ')[0]!, key.slice(key.indexOf(' ') + 1)) === undefined);
  if (missing.length > 0) throw new Error(`routes without a policy in server/src/auth/policies.ts: ${missing.join(', ')}`);
}
