import { verifyAuditLog } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';
import { addUser, signIn, TEST_ORIGIN } from '../test-support/auth.js';

forEachDatabase('API tokens', (use) => {
  const setup = async () => {
    const { db } = use();
    await emptyDatabase(db);
    await addUser(db, 'admin@contoh.my', 'admin');
    await addUser(db, 'finance@contoh.my', 'finance');
    const app = createApp({ db });
    const admin = await signIn(app, 'admin@contoh.my');
    const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
      app.request(path, { method, headers: { origin: TEST_ORIGIN, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { db, app, admin, send };
  };

  it('an admin creates a token, shown once and stored hashed; it authenticates until revoked', async () => {
    const { db, admin, send } = await setup();
    const res = await send('POST', '/api/tokens', { cookie: admin }, { name: 'payroll pull', scopes: ['payroll:read', 'payroll:read'] });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; token: string; prefix: string; scopes: string[]; createdBy: string };
    expect(created).toMatchObject({ name: 'payroll pull', scopes: ['payroll:read'], createdBy: 'admin@contoh.my', revokedAt: null });
    expect(created.token).toMatch(/^prst_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    // Stored as a hash only; the list never shows the secret.
    const rows = await db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(created.token.slice(5));
    const list = await (await send('GET', '/api/tokens', { cookie: admin })).json();
    expect(JSON.stringify(list)).not.toContain(created.token.slice(5));
    expect(list).toMatchObject({ tokens: [{ id: created.id, name: 'payroll pull' }] });
    // The token is accepted (it is a token, not an admin: the token routes refuse it with 403, not 401).
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await send('GET', '/api/tokens', bearer)).status).toBe(403);
    const revoked = await send('DELETE', `/api/tokens/${created.id}`, { cookie: admin });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ revokedBy: 'admin@contoh.my', revokedAt: expect.any(String) });
    expect((await send('GET', '/api/tokens', bearer)).status).toBe(401);
    // Revoking again changes nothing; an unknown id is 404.
    expect((await send('DELETE', `/api/tokens/${created.id}`, { cookie: admin })).status).toBe(200);
    expect((await send('DELETE', '/api/tokens/999', { cookie: admin })).status).toBe(404);
    // Both changes are audited, without the secret.
    const audit = await db.selectFrom('audit_log').select(['action', 'actor', 'after']).where('entity', '=', 'api_token').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['token.create', 'token.revoke']);
    expect(JSON.stringify(audit)).not.toContain(created.token.slice(5));
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });

  it.each<[string, Record<string, string>, number]>([
    ['no credentials', {}, 401],
    ['a finance user', { as: 'finance' }, 403],
    ['an unknown token', { authorization: 'Bearer prst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 401],
    ['another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 401],
    ['a bearer with spaces', { authorization: 'Bearer a b' }, 401],
    ['an empty bearer', { authorization: 'Bearer ' }, 401],
  ])('refuses token creation with %s', async (_, headers, status) => {
    const { app, send } = await setup();
    const { as, ...rest } = headers;
    const auth = as ? { cookie: await signIn(app, `${as}@contoh.my`) } : {};
    const res = await send('POST', '/api/tokens', { ...rest, ...auth }, { name: 'x', scopes: ['imports:write'] });
    expect(res.status).toBe(status);
  });

  it.each<[string, unknown]>([
    ['no scopes', { name: 'x', scopes: [] }],
    ['an unknown scope', { name: 'x', scopes: ['admin:all'] }],
    ['no name', { scopes: ['imports:write'] }],
    ['a blank name', { name: '   ', scopes: ['imports:write'] }],
    ['a name with a newline', { name: 'a\nb', scopes: ['imports:write'] }],
    ['a long name', { name: 'x'.repeat(101), scopes: ['imports:write'] }],
    ['an extra field', { name: 'x', scopes: ['imports:write'], createdBy: 'someone' }],
  ])('refuses a token with %s', async (_, body) => {
    const { db, admin, send } = await setup();
    const res = await send('POST', '/api/tokens', { cookie: admin }, body);
    expect(res.status).toBe(400);
    expect(await db.selectFrom('api_tokens').selectAll().execute()).toEqual([]);
  });
});
