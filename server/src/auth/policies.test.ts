import { createApiToken, createSession, type Db, importWorkspace, insertUser, type Role } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';
import { TEST_ORIGIN } from '../test-support/auth.js';
import { workspaceBytes, WORKSPACE } from '../test-support/workspace.js';
import { assertEveryRouteHasAPolicy, servedRoutes } from './enforce.js';
import { POLICIES, type Policy } from './policies.js';
import { SCOPE_NAMES, type Scope } from './scopes.js';

type Caller = { kind: 'none' } | { kind: 'role'; role: Role } | { kind: 'token'; scope: Scope };

const ROLES: readonly Role[] = ['rep', 'manager', 'finance', 'admin'];
const CALLERS: readonly Caller[] = [{ kind: 'none' }, ...ROLES.map((role) => ({ kind: 'role', role }) as const), ...SCOPE_NAMES.map((scope) => ({ kind: 'token', scope }) as const)];

const name = (c: Caller) => (c.kind === 'none' ? 'no session' : c.kind === 'role' ? c.role : `token ${c.scope}`);

/** What the policy table says a caller gets: in, or refused with 401 or 403. */
function expected(policy: Policy, caller: Caller): 'in' | 401 | 403 {
  if (policy.public) return 'in';
  if (caller.kind === 'none') return 401;
  if (caller.kind === 'token') return (policy.scopes ?? []).includes(caller.scope) ? 'in' : 403;
  return policy.roles.includes(caller.role) ? 'in' : 403;
}

/** Path parameters filled with values that exist nowhere: an allowed caller gets 400 or 404, never a change. */
const fill = (path: string) => path.replace(/\{[^}]+\}/g, '999999');

async function setUp(db: Db) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(WORKSPACE), { actor: 'test' });
  const ids = new Map<Role, number>();
  for (const role of ROLES) {
    const payeeId = role === 'rep' ? 'b' : role === 'manager' ? 'a' : null;
    ids.set(role, (await insertUser(db, { email: `${role}@walk.test`, role, payeeId })).id);
  }
  const tokens = new Map<Scope, string>();
  for (const scope of SCOPE_NAMES) tokens.set(scope, (await createApiToken(db, { name: `walk ${scope}`, scopes: [scope], createdBy: 'test' })).token);
  return { ids, tokens };
}

forEachDatabase('the policy table', (use) => {
  it('declares a policy for every route the app serves and every route of the OpenAPI document, and nothing else', async () => {
    const { db } = use();
    const app = createApp({ db });
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const served = servedRoutes(app);
    // Every served route is documented, except the document itself.
    expect(served.filter((r) => !documented.includes(r))).toEqual(['GET /api/openapi.json']);
    expect(Object.keys(POLICIES).filter((key) => !served.includes(key))).toEqual([]);
    expect(served.filter((key) => !(key in POLICIES))).toEqual([]);
    // A route without a policy stops the app from being created at all.
    const other = createApp({ db });
    other.get('/api/undeclared', (c) => c.text('x'));
    expect(() => assertEveryRouteHasAPolicy(other)).toThrow('routes without a policy in server/src/auth/policies.ts: GET /api/undeclared');
    // And the middleware refuses it (fail closed) if it were served anyway.
    const res = await other.request('/api/undeclared', { headers: { authorization: `Bearer ${(await createApiToken(db, { name: 'x', scopes: ['payroll:read'], createdBy: 't' })).token}` } });
    expect(res.status).toBe(403);
  });

  it('answers every route of the OpenAPI document, for every role, no session and a token of each scope, as the table says', async () => {
    const { db } = use();
    const { ids, tokens } = await setUp(db);
    const app = createApp({ db });
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = [['get', '/api/openapi.json'] as const, ...Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => [m, path] as const))];
    expect(routes.length).toBeGreaterThan(35);
    const mismatches: string[] = [];
    let calls = 0;
    for (const [method, path] of routes) {
      const policy = POLICIES[`${method.toUpperCase()} ${path}`]!;
      for (const caller of CALLERS) {
        const headers: Record<string, string> = { origin: TEST_ORIGIN };
        // A fresh session per call: logging out must not end the next call's.
        if (caller.kind === 'role') headers['cookie'] = `prestasi_session=${(await createSession(db, ids.get(caller.role)!, { ttlSeconds: 600, via: 'password' })).token}`;
        if (caller.kind === 'token') headers['authorization'] = `Bearer ${tokens.get(caller.scope)}`;
        const write = method !== 'get';
        if (write) headers['content-type'] = 'application/json';
        const res = await app.request(fill(path), { method: method.toUpperCase(), headers, ...(write ? { body: '{}' } : {}) });
        calls++;
        const want = expected(policy, caller);
        const got = res.status;
        const ok = want === 'in' ? got !== 401 && got !== 403 && got < 500 : got === want;
        if (!ok) mismatches.push(`${method.toUpperCase()} ${path} as ${name(caller)}: ${got}, expected ${want === 'in' ? 'to get in' : want} (${(await res.text()).slice(0, 200)})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(routes.length * CALLERS.length);
  });
});
