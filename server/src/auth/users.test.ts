import { importWorkspace } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';
import { addUser, signIn, TEST_ORIGIN, TEST_PASSWORD } from '../test-support/auth.js';
import { workspaceBytes, WORKSPACE } from '../test-support/workspace.js';

forEachDatabase('users', (use) => {
  it('an admin adds users with roles and payees, changes them (ending their sessions), disables them; all audited without passwords', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(WORKSPACE), { actor: 'test' });
    await addUser(db, 'admin@contoh.my', 'admin');
    const app = createApp({ db });
    const admin = await signIn(app, 'admin@contoh.my');
    const send = async (method: string, path: string, body?: unknown, cookie = admin) => {
      const res = await app.request(path, { method, headers: { cookie, origin: TEST_ORIGIN, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const created = await send('POST', '/api/users', { email: 'Boon@Contoh.my', name: 'Boon', role: 'rep', payeeId: 'b', password: TEST_PASSWORD });
    expect(created).toMatchObject({ status: 201, body: { email: 'boon@contoh.my', role: 'rep', payeeId: 'b', hasPassword: true, disabled: false } });
    expect((await send('POST', '/api/users', { email: 'boon@contoh.my', role: 'finance' })).status).toBe(409);
    expect((await send('POST', '/api/users', { email: 'x@contoh.my', role: 'rep' })).body.error).toMatchObject({ code: 'INVALID_INPUT', details: { problems: [{ field: 'payeeId' }] } });
    expect((await send('POST', '/api/users', { email: 'x@contoh.my', role: 'rep', payeeId: 'nobody' })).status).toBe(400);
    expect((await send('POST', '/api/users', { email: 'not an email', role: 'finance' })).status).toBe(400);
    expect((await send('POST', '/api/users', { email: 'y@contoh.my', role: 'finance', password: 'short' })).status).toBe(400);
    expect((await send('POST', '/api/users', { email: 'y@contoh.my', role: 'root' })).status).toBe(400);
    const boon = await signIn(app, 'boon@contoh.my');
    expect((await send('GET', '/api/me', undefined, boon)).body).toMatchObject({ role: 'rep', payeeId: 'b' });
    expect((await send('POST', '/api/users', { email: 'z@contoh.my', role: 'admin' }, boon)).status).toBe(403);
    // A new role ends the sessions: what the old role could do is not carried over.
    expect((await send('PATCH', `/api/users/${created.body.id}`, { role: 'manager' })).body).toMatchObject({ role: 'manager', payeeId: 'b' });
    expect((await send('GET', '/api/me', undefined, boon)).status).toBe(401);
    expect((await send('PATCH', `/api/users/${created.body.id}`, { disabled: true })).body.disabled).toBe(true);
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: JSON.stringify({ email: 'boon@contoh.my', password: TEST_PASSWORD }) });
    expect(login.status).toBe(401);
    expect((await send('PATCH', '/api/users/999', { disabled: true })).status).toBe(404);
    expect((await send('GET', '/api/users')).body.users.map((u: { email: string }) => u.email)).toEqual(['admin@contoh.my', 'boon@contoh.my']);
    const audit = await db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'user').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.update', 'user.update']);
    expect(JSON.stringify(audit)).not.toContain(TEST_PASSWORD);
    expect(JSON.stringify(audit)).not.toContain('scrypt$');
  });
});
