import { createDemoUsers, DEMO_DOMAIN, findUserByEmail, updateUser } from '@prestasi/db';
import { describe, expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';
import { addUser, signIn, TEST_ORIGIN, TEST_PASSWORD } from '../test-support/auth.js';

const PAYEES = ['m', 'r1', 'r2', 'r3', 'r4', 'r5'];

function loginRequest(email: string, password: string, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, ...headers }, body: JSON.stringify({ email, password }) };
}

forEachDatabase('sign-in', (use) => {
  const fresh = async () => {
    const { db } = use();
    await emptyDatabase(db);
    await db.insertInto('payees').values(PAYEES.map((id) => ({ id, name: id.toUpperCase(), email: null, team: null }))).execute();
    await addUser(db, 'finance@contoh.my', 'finance');
    await addUser(db, 'rep@contoh.my', 'rep', 'r1');
    return db;
  };

  it('sets an HttpOnly, SameSite=Lax session cookie, and /api/me answers who is signed in', async () => {
    const db = await fresh();
    const app = createApp({ db });
    const res = await app.request('/api/auth/login', loginRequest('  Rep@Contoh.MY ', TEST_PASSWORD));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: 'rep@contoh.my' }, role: 'rep', payeeId: 'r1', fiscalYearStart: 1 });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^prestasi_session=[A-Za-z0-9_-]{43}; Max-Age=43\d{3}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    const session = cookie.split(';')[0]!;
    const me = await app.request('/api/me', { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: { id: expect.any(Number), email: 'rep@contoh.my', name: '' }, role: 'rep', payeeId: 'r1', fiscalYearStart: 1 });
    // The organisation's fiscal year, for naming quarters: as the settings say.
    await db.updateTable('settings').set({ fiscal_year_start: 4 }).execute();
    expect(await (await app.request('/api/me', { headers: { cookie: session } })).json()).toMatchObject({ fiscalYearStart: 4 });
    // Only a hash of the token is stored.
    const stored = await db.selectFrom('sessions').select('token_hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(session.split('=')[1]);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an https URL', 'https://prestasi.example/api/auth/login', {}],
    ['X-Forwarded-Proto: https', '/api/auth/login', { 'x-forwarded-proto': 'https' }],
  ])('marks the cookie Secure over %s', async (_, url, headers) => {
    const db = await fresh();
    const origin = url.startsWith('https') ? 'https://prestasi.example' : TEST_ORIGIN;
    const res = await createApp({ db }).request(url, loginRequest('rep@contoh.my', TEST_PASSWORD, { ...headers, origin }));
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('answers an unknown email exactly as a wrong password, in about the same time', async () => {
    const db = await fresh();
    const app = createApp({ db, auth: { throttle: { perAccount: 1000, perIp: 1000 } } });
    await addUser(db, 'gone@contoh.my', 'finance');
    await updateUser(db, (await findUserByEmail(db, 'gone@contoh.my'))!.id, { disabled: true });
    const answers: { text: string; status: number; ms: number }[][] = [];
    for (const email of ['rep@contoh.my', 'nobody@contoh.my', 'gone@contoh.my']) {
      const times: { text: string; status: number; ms: number }[] = [];
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        const res = await app.request('/api/auth/login', loginRequest(email, email === 'gone@contoh.my' ? TEST_PASSWORD : 'wrong password!'));
        times.push({ text: await res.text(), status: res.status, ms: performance.now() - started });
      }
      answers.push(times);
    }
    const texts = new Set(answers.flat().map((a) => `${a.status} ${a.text}`));
    expect([...texts]).toEqual(['401 {"error":{"code":"UNAUTHENTICATED","message":"wrong email or password","details":null}}']);
    expect(answers.flat().every((a) => a.text === answers[0]![0]!.text)).toBe(true);
    // The fastest of several tries is the work itself; a busy machine only ever adds to it.
    const [wrong, unknown, disabled] = answers.map((a) => Math.min(...a.map((x) => x.ms)));
    // Both paths run one scrypt check: the unknown email is not answered early. An early answer
    // takes a few milliseconds against scrypt's tens, so wide bounds still catch it on a busy machine.
    expect(unknown! / wrong!).toBeGreaterThan(0.25);
    expect(unknown! / wrong!).toBeLessThan(4);
    expect(disabled! / wrong!).toBeGreaterThan(0.25);
    console.info(`sign-in timing (fastest of 7): wrong password ${wrong!.toFixed(1)} ms, unknown email ${unknown!.toFixed(1)} ms, disabled user ${disabled!.toFixed(1)} ms`);
  });

  it('logout ends the session on the server: the old cookie no longer works', async () => {
    const db = await fresh();
    const app = createApp({ db });
    const cookie = await signIn(app, 'finance@contoh.my');
    const out = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie, origin: TEST_ORIGIN } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^prestasi_session=; Max-Age=0; Path=\//);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(401);
  });

  it.each<[string, number, number | undefined, number]>([
    ['used 29 minutes ago: alive, and marked used now', 29, undefined, 200],
    ['unused for 31 minutes: ended', 31, undefined, 401],
    ['unused for 31 minutes under a 60-minute limit: alive', 31, 3600, 200],
  ])('idle sessions: %s', async (_, minutesAgo, idleSeconds, status) => {
    const db = await fresh();
    const app = createApp({ db, ...(idleSeconds === undefined ? {} : { auth: { sessionIdleSeconds: idleSeconds } }) });
    const cookie = await signIn(app, 'finance@contoh.my');
    const seen = new Date(Date.now() - minutesAgo * 60_000);
    await db.updateTable('sessions').set({ last_seen_at: seen }).execute();
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(status);
    const after = await db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow();
    if (status === 200) expect(new Date(after.last_seen_at).getTime()).toBeGreaterThan(Date.now() - 10_000);
    else expect(new Date(after.last_seen_at).getTime()).toBe(seen.getTime());
  });

  it('an expired session, or one of a disabled user, is no session', async () => {
    const db = await fresh();
    const app = createApp({ db });
    const cookie = await signIn(app, 'finance@contoh.my');
    await db.updateTable('sessions').set({ created_at: new Date(Date.now() - 7200_000), expires_at: new Date(Date.now() - 1000) }).execute();
    expect((await app.request('/api/me', { headers: { cookie } })).status).toBe(401);
    const again = await signIn(app, 'finance@contoh.my');
    expect((await app.request('/api/me', { headers: { cookie: again } })).status).toBe(200);
    await updateUser(db, (await findUserByEmail(db, 'finance@contoh.my'))!.id, { disabled: true });
    expect((await app.request('/api/me', { headers: { cookie: again } })).status).toBe(401);
  });

  it('signing in again replaces the session the browser carried', async () => {
    const db = await fresh();
    const app = createApp({ db });
    const first = await signIn(app, 'finance@contoh.my');
    const res = await app.request('/api/auth/login', loginRequest('finance@contoh.my', TEST_PASSWORD, { cookie: first }));
    expect(res.status).toBe(200);
    expect((await app.request('/api/me', { headers: { cookie: first } })).status).toBe(401);
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
  });

  describe('rate limiting', () => {
    it('refuses an account after too many failures, even with the right password, whether or not it exists', async () => {
      const db = await fresh();
      const app = createApp({ db, auth: { throttle: { perAccount: 3, perIp: 100 }, trustProxy: true } });
      for (const email of ['rep@contoh.my', 'nobody@contoh.my']) {
        for (let i = 0; i < 3; i++) expect((await app.request('/api/auth/login', loginRequest(email, 'wrong password!', { 'x-forwarded-for': `10.0.0.${i}` }))).status).toBe(401);
        const locked = await app.request('/api/auth/login', loginRequest(email, TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.9' }));
        expect(locked.status).toBe(429);
        const body = (await locked.json()) as { error: { details: { retryAfterSeconds: number } } };
        expect(body).toMatchObject({ error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } } });
        expect(locked.headers.get('retry-after')).toBe(String(body.error.details.retryAfterSeconds));
      }
      // Another account is not held up.
      expect((await app.request('/api/auth/login', loginRequest('finance@contoh.my', TEST_PASSWORD))).status).toBe(200);
    });

    it('refuses an address after too many failures across accounts; other addresses go on; a second app on the same database counts the same', async () => {
      const db = await fresh();
      const options = { db, auth: { throttle: { perAccount: 100, perIp: 4 }, trustProxy: true } };
      const [one, two] = [createApp(options), createApp(options)];
      for (let i = 0; i < 4; i++) {
        const app = i % 2 === 0 ? one : two;
        expect((await app.request('/api/auth/login', loginRequest(`guess${i}@contoh.my`, 'wrong password!', { 'x-forwarded-for': '192.0.2.7' }))).status).toBe(401);
      }
      expect((await two.request('/api/auth/login', loginRequest('rep@contoh.my', TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.7' }))).status).toBe(429);
      expect((await one.request('/api/auth/login', loginRequest('rep@contoh.my', TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.8' }))).status).toBe(200);
    });

    it('a success clears the account’s failures', async () => {
      const db = await fresh();
      const app = createApp({ db, auth: { throttle: { perAccount: 3, perIp: 100 } } });
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 2; i++) expect((await app.request('/api/auth/login', loginRequest('rep@contoh.my', 'wrong password!'))).status).toBe(401);
        expect((await app.request('/api/auth/login', loginRequest('rep@contoh.my', TEST_PASSWORD))).status).toBe(200);
      }
    });
  });

  it.each<[string, RequestInit, number]>([
    ['no body', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN } }, 400],
    ['no password', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: '{"email":"rep@contoh.my"}' }, 400],
    ['an unknown field', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: `{"email":"rep@contoh.my","password":"${TEST_PASSWORD}","role":"admin"}` }, 400],
    ['a password as a number', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: '{"email":"rep@contoh.my","password":12}' }, 400],
    ['an email of 300 characters', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: JSON.stringify({ email: `${'a'.repeat(290)}@contoh.my`, password: 'x' }) }, 400],
    ['a password of 2000 characters', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: JSON.stringify({ email: 'rep@contoh.my', password: 'x'.repeat(2000) }) }, 400],
    ['broken JSON', { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: '{"email":' }, 400],
    ["SQL in the email", { method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, body: JSON.stringify({ email: "' or 1=1 --", password: "' or ''='" }) }, 401],
  ])('refuses %s', async (_, init, status) => {
    const db = await fresh();
    const res = await createApp({ db }).request('/api/auth/login', init);
    expect(res.status).toBe(status);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('creates the demo users once, linked to the demo manager and rep, signing in with the demo password', async () => {
    const db = await fresh();
    const password = 'demo password 1234';
    expect(await createDemoUsers(db, { managerPayeeId: 'm', repPayeeId: 'r1', password })).toEqual(
      ['admin', 'finance', 'manager', 'rep'].map((u) => `${u}@${DEMO_DOMAIN}`),
    );
    expect(await createDemoUsers(db, { managerPayeeId: 'm', repPayeeId: 'r1', password: 'another password' })).toEqual([]);
    const app = createApp({ db });
    for (const [local, role, payeeId] of [['admin', 'admin', null], ['finance', 'finance', null], ['manager', 'manager', 'm'], ['rep', 'rep', 'r1']] as const) {
      const res = await app.request('/api/auth/login', loginRequest(`${local}@${DEMO_DOMAIN}`, password));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ role, payeeId });
    }
  });
});
