import { createApiToken, createSession, type Db, importWorkspace, insertUser } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../db/src/test-support/databases.js';
import { createApp } from './app.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';
import { TEST_ORIGIN, TEST_PASSWORD } from './test-support/auth.js';
import { multipart, WORKSPACE, workspaceBytes } from './test-support/workspace.js';

async function setUp(db: Db, options: { origins?: string[] } = {}) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(WORKSPACE), { actor: 'test' });
  const finance = await insertUser(db, { email: 'finance@hard.test', role: 'finance', password: TEST_PASSWORD });
  const cookie = `prestasi_session=${(await createSession(db, finance.id, { ttlSeconds: 600, via: 'password' })).token}`;
  const token = (await createApiToken(db, { name: 'ci', scopes: ['imports:write', 'transactions:write'], createdBy: 'test' })).token;
  const app = createApp({ db, ...(options.origins ? { auth: { origins: options.origins } } : {}) });
  return { app, cookie, token };
}

const json = (body: unknown, headers: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

forEachDatabase('hardening', (use) => {
  it('puts the security headers on every response: success, errors, 404, downloads', async () => {
    const { app, cookie } = await setUp(use().db);
    const responses = [
      await app.request('/api/health'),
      await app.request('/api/nothing-here'),
      await app.request('/api/runs'),
      await app.request('/api/runs', { headers: { cookie } }),
      await app.request('/api/export', { headers: { cookie } }),
      await app.request('/api/runs/abc', { headers: { cookie } }),
      await app.request('/api/openapi.json'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 401, 200, 200, 400, 200]);
    for (const res of responses) {
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const https = await app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it.each<[string, (a: { cookie: string; token: string }) => Record<string, string>, 'refused' | 'let through']>([
    ['a cookie with Sec-Fetch-Site: cross-site', ({ cookie }) => ({ cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), 'refused'],
    ['a cookie with Sec-Fetch-Site: same-site', ({ cookie }) => ({ cookie, 'sec-fetch-site': 'same-site', origin: 'https://other.localhost' }), 'refused'],
    ['a cookie with Sec-Fetch-Site: none', ({ cookie }) => ({ cookie, 'sec-fetch-site': 'none' }), 'refused'],
    ['a cookie with another Origin', ({ cookie }) => ({ cookie, origin: 'https://evil.example' }), 'refused'],
    ['a cookie with Origin: null', ({ cookie }) => ({ cookie, origin: 'null' }), 'refused'],
    ['a cookie with our origin on another port', ({ cookie }) => ({ cookie, origin: 'http://localhost:8080' }), 'refused'],
    ['a cookie with neither Origin nor Sec-Fetch-Site', ({ cookie }) => ({ cookie }), 'refused'],
    ['a cookie with Sec-Fetch-Site: same-origin', ({ cookie }) => ({ cookie, 'sec-fetch-site': 'same-origin', origin: TEST_ORIGIN }), 'let through'],
    ['a cookie with our Origin (no Fetch Metadata)', ({ cookie }) => ({ cookie, origin: TEST_ORIGIN }), 'let through'],
    ['a cookie with a configured origin', ({ cookie }) => ({ cookie, origin: 'https://prestasi.example' }), 'let through'],
    ['an API token, whatever the Origin', ({ token }) => ({ authorization: `Bearer ${token}`, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), 'let through'],
  ])('CSRF: a write with %s is %s', async (_, headersOf, outcome) => {
    const { app, cookie, token } = await setUp(use().db, { origins: ['https://prestasi.example'] });
    const res = await app.request('/api/crm/imports?source=salesforce&dryRun=true', { method: 'POST', headers: { 'content-type': 'text/csv', ...headersOf({ cookie, token }) }, body: 'Opportunity ID\n' });
    if (outcome === 'refused') {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^cross-site request refused/);
    } else expect(res.status).not.toBe(403);
  });

  it('CSRF: sign-in from another site is refused (login CSRF); from our own pages or curl it works; reads are never refused', async () => {
    const { app } = await setUp(use().db);
    const login = (headers: Record<string, string>) => app.request('/api/auth/login', json({ email: 'finance@hard.test', password: TEST_PASSWORD }, headers));
    expect((await login({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await login({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await login({ origin: TEST_ORIGIN })).status).toBe(200);
    expect((await login({})).status).toBe(200);
    expect((await app.request('/api/health', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });

  it.each<[string, string, RequestInit | undefined, number]>([
    ['SQL in a payee id', `/api/statements/${encodeURIComponent("b' OR '1'='1")}?period=2026-Q1`, undefined, 404],
    ['SQL in a period', `/api/statements/b?period=${encodeURIComponent("2026-Q1' OR '1'='1")}`, undefined, 400],
    ['SQL in a run id', `/api/runs/${encodeURIComponent('1;drop table runs')}`, undefined, 400],
    ['a run id past int4', '/api/runs/99999999999', undefined, 400],
    ['a path climbing out', '/api/runs/..%2F..%2Fetc%2Fpasswd', undefined, 400],
    ['a NUL in a payee id', '/api/statements/b%00?period=2026-Q1', undefined, 400],
    ['a NUL in a payee filter', '/api/runs/1/results?payee=b%00', undefined, 400],
    ['a JSON body that is an array', '/api/adjustments', json([{ payee: 'b' }], {}), 400],
    ['a prototype-polluting body', '/api/adjustments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"admin":true},"payee":"b","period":"2026-Q1","amount":"1","reason":"x"}' }, 400],
    ['a body of the wrong content type', '/api/runs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'period=2026-Q1' }, 415],
    ['a form instead of JSON', '/api/runs', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'period=2026-Q1' }, 415],
    ['an oversized JSON body', '/api/adjustments', json({ payee: 'b', period: '2026-Q1', amount: '1', reason: 'x'.repeat(200_000) }, {}), 413],
    ['an oversized body without a length', '/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new ReadableStream({ start(ctl) { ctl.enqueue(new TextEncoder().encode(`{"period":"${'9'.repeat(100_000)}"}`)); ctl.close(); } }), duplex: 'half' } as RequestInit, 413],
  ])('refuses %s', async (_, path, init, status) => {
    const { db } = use();
    const { app, cookie } = await setUp(db);
    const headers = new Headers(init?.headers);
    headers.set('cookie', cookie);
    headers.set('origin', TEST_ORIGIN);
    const res = await app.request(path, { ...init, headers });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/^(NOT_FOUND|INVALID_INPUT|PAYLOAD_TOO_LARGE|UNSUPPORTED_MEDIA_TYPE)$/);
    // Nothing was dropped or written.
    expect(await db.selectFrom('payees').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await db.selectFrom('adjustments').selectAll().execute()).toEqual([]);
  });

  it('stores injection strings as text, never as SQL', async () => {
    const { db } = use();
    const { app, cookie } = await setUp(db);
    const reason = "'); drop table adjustments; -- \u202e ${7*7} <script>alert(1)</script>";
    const res = await app.request('/api/adjustments', json({ payee: 'b', period: '2026-Q1', amount: '1', reason }, { cookie, origin: TEST_ORIGIN }));
    expect(res.status).toBe(201);
    expect(await db.selectFrom('adjustments').select('reason').execute()).toEqual([{ reason }]);
  });

  it.each([['../payees.csv'], ['plans/../../etc/passwd'], ['/etc/passwd'], ['C:\\\\payees.csv'], ['plans\\\\ae.yaml'], ['a\u0000b.csv'], ['%2e%2e/payees.csv']])(
    'refuses the import file name %j, through an API token',
    async (name) => {
      const { db } = use();
      const { app, token } = await setUp(db);
      const res = await app.request('/api/import', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: multipart({ ...WORKSPACE, [name]: 'id,name\nx,X\n' }) });
      expect(res.status).toBe(400);
      expect(await db.selectFrom('payees').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }, { id: 'b' }]);
    },
  );
});
