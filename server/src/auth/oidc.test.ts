import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { insertUser } from '@prestasi/db';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';

const REDIRECT = 'http://localhost/api/auth/oidc/callback';
const CLIENT = { client_id: 'prestasi', client_secret: 'a-client-secret-for-tests' };

/** The identity provider's people: who they are there, and what it says about their email. */
const ACCOUNTS: Record<string, { email: string; email_verified: boolean }> = {
  siti: { email: 'Siti@Contoh.my', email_verified: true },
  stranger: { email: 'stranger@contoh.my', email_verified: true },
  unverified: { email: 'unverified@contoh.my', email_verified: false },
  gone: { email: 'gone@contoh.my', email_verified: true },
  // Payees (see payeeAccounts below): a rep, their manager, two payees sharing one address, one already with a user.
  nadia: { email: 'Nadia@Contoh.my', email_verified: true },
  lim: { email: 'lim@contoh.my', email_verified: true },
  twin: { email: 'twin@contoh.my', email_verified: true },
  linked: { email: 'linked-new@contoh.my', email_verified: true },
};

let server: Server;
let issuer: string;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ ...CLIENT, redirect_uris: [REDIRECT], response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_post' }],
    pkce: { required: () => true },
    cookies: { keys: ['a-cookie-key-for-tests'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx: unknown, sub: string) => (ACCOUNTS[sub] ? { accountId: sub, claims: async () => ({ sub, ...ACCOUNTS[sub] }) } : undefined),
  });
  server.on('request', provider.callback());
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A browser at the provider: follows its redirects, keeps its cookies, signs in as `account` and consents. */
async function atProvider(start: string, account: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  let url = start;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(REDIRECT)) return url;
    const target = new URL(url, issuer);
    let res = await fetch(target, { redirect: 'manual', headers: { cookie: cookie() } });
    keep(res);
    if (target.pathname.startsWith('/interaction/') && res.status === 200) {
      const prompt = /name="prompt" value="(\w+)"/.exec(await res.text())?.[1];
      const body = new URLSearchParams(prompt === 'login' ? { prompt, login: account, password: 'anything' } : { prompt: prompt ?? 'consent' });
      res = await fetch(target, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body });
      keep(res);
    }
    const next = res.headers.get('location');
    if (!next) throw new Error(`the provider stopped at ${target.pathname} with ${res.status}: ${(await res.text()).slice(0, 300)}`);
    url = new URL(next, target).href;
  }
  throw new Error('too many redirects');
}

forEachDatabase('single sign-on (OpenID Connect)', (use) => {
  const setUp = async (createPayeeUsers = false) => {
    const { db } = use();
    await emptyDatabase(db);
    await insertUser(db, { email: 'siti@contoh.my', role: 'finance' });
    await insertUser(db, { email: 'unverified@contoh.my', role: 'finance' });
    await db
      .insertInto('payees')
      .values([
        { id: 'nadia', name: 'Nadia Rahman', email: ' nadia@contoh.MY' },
        { id: 'lim', name: 'Lim Wei', email: 'lim@contoh.my' },
        { id: 'twin-a', name: 'Twin A', email: 'twin@contoh.my' },
        { id: 'twin-b', name: 'Twin B', email: 'twin@contoh.my' },
        { id: 'linked', name: 'Linked', email: 'linked-new@contoh.my' },
        { id: 'gone', name: 'Gone', email: 'gone@contoh.my' },
      ])
      .execute();
    await db.insertInto('payee_managers').values({ payee_id: 'nadia', manager_id: 'lim' }).execute();
    await insertUser(db, { email: 'linked-old@contoh.my', role: 'rep', payeeId: 'linked' });
    const gone = await insertUser(db, { email: 'gone@contoh.my', role: 'finance' });
    await db.updateTable('users').set({ disabled: true }).where('id', '=', gone.id).execute();
    const app = createApp({
      db,
      auth: { oidc: { issuer, ...{ clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret }, redirectUri: REDIRECT, allowInsecureHttp: true, createPayeeUsers } },
    });
    const start = async () => {
      const res = await app.request('/api/auth/oidc/login');
      expect(res.status).toBe(302);
      return res.headers.get('location')!;
    };
    return { db, app, start };
  };

  it('signs in the user whose verified email the provider vouches for, with PKCE, state and nonce; the state works once', async () => {
    const { db, app, start } = await setUp();
    const authorize = new URL(await start());
    expect(authorize.origin).toBe(issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: 'prestasi', response_type: 'code', code_challenge_method: 'S256', redirect_uri: REDIRECT, scope: 'openid email profile' });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // Only a hash of the state is kept.
    expect(await db.selectFrom('oidc_flows').select('state_hash').execute()).toEqual([{ state_hash: expect.not.stringContaining(authorize.searchParams.get('state')!) }]);
    const back = new URL(await atProvider(authorize.href, 'siti'));
    const res = await app.request(back.pathname + back.search);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^prestasi_session=[A-Za-z0-9_-]{43}; .*HttpOnly; SameSite=Lax/);
    const me = await app.request('/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toMatchObject({ user: { email: 'siti@contoh.my' }, role: 'finance' });
    expect(await db.selectFrom('sessions').select('via').execute()).toEqual([{ via: 'oidc' }]);
    // The same answer again: the flow is gone.
    const replay = await app.request(back.pathname + back.search);
    expect(replay.status).toBe(400);
  });

  it.each<[string, string, number, string]>([
    ['an email no user has', 'stranger', 403, 'no Prestasi user has this email'],
    ['an email the provider has not verified', 'unverified', 403, 'did not vouch for a verified email'],
    ['a disabled user', 'gone', 403, 'no Prestasi user has this email'],
  ])('refuses %s', async (_, account, status, message) => {
    const { db, app, start } = await setUp();
    const back = new URL(await atProvider(await start(), account));
    const res = await app.request(back.pathname + back.search);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it.each<[string, (back: URL) => string, number]>([
    ['a state it never issued', (back) => `${back.pathname}?code=${back.searchParams.get('code')}&state=forged-state-value-0123456789`, 400],
    ['no state', (back) => `${back.pathname}?code=${back.searchParams.get('code')}`, 400],
    ['the provider’s refusal', (back) => `${back.pathname}?error=access_denied&state=${back.searchParams.get('state')}`, 401],
    ['a forged code', (back) => `${back.pathname}?code=forged&state=${back.searchParams.get('state')}&iss=${encodeURIComponent(issuer)}`, 401],
  ])('refuses a callback with %s', async (_, callback, status) => {
    const { db, app, start } = await setUp();
    const back = new URL(await atProvider(await start(), 'siti'));
    const res = await app.request(callback(back));
    expect(res.status).toBe(status);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  /** Signs `account` in through the provider: the callback's answer, and the user it made, if any. */
  const signInAs = async (setUpDone: Awaited<ReturnType<typeof setUp>>, account: string) => {
    const back = new URL(await atProvider(await setUpDone.start(), account));
    return setUpDone.app.request(back.pathname + back.search);
  };

  it('with createPayeeUsers, makes a payee’s account on their first sign-in: rep, or manager of someone; audited; once', async () => {
    const setup = await setUp(true);
    const { db, app } = setup;
    for (const [account, role] of [
      ['nadia', 'rep'],
      ['lim', 'manager'],
    ] as const) {
      const res = await signInAs(setup, account);
      expect(res.status).toBe(302);
      const me = await app.request('/api/me', { headers: { cookie: res.headers.get('set-cookie')!.split(';')[0]! } });
      expect(await me.json()).toMatchObject({ user: { email: `${account}@contoh.my`, name: account === 'nadia' ? 'Nadia Rahman' : 'Lim Wei' }, role, payeeId: account });
    }
    expect((await signInAs(setup, 'nadia')).status).toBe(302);
    expect(await db.selectFrom('users').select(['email', 'role', 'payee_id', 'password_hash']).where('email', 'in', ['nadia@contoh.my', 'lim@contoh.my']).orderBy('email').execute()).toEqual([
      { email: 'lim@contoh.my', role: 'manager', payee_id: 'lim', password_hash: null },
      { email: 'nadia@contoh.my', role: 'rep', payee_id: 'nadia', password_hash: null },
    ]);
    const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'after']).where('action', '=', 'user.create').orderBy('id').execute();
    expect(audit.map((a) => [a.actor, a.action, (a.after as { role: string; payeeId: string }).role, (a.after as { payeeId: string }).payeeId])).toEqual([
      ['sso:nadia@contoh.my', 'user.create', 'rep', 'nadia'],
      ['sso:lim@contoh.my', 'user.create', 'manager', 'lim'],
    ]);
  });

  it.each<[string, string, boolean]>([
    ['an email no payee has', 'stranger', true],
    ['an email two payees share', 'twin', true],
    ['a payee who has a user under another email', 'linked', true],
    ['a disabled user who is also a payee', 'gone', true],
    ['a payee, when payees’ accounts are off', 'nadia', false],
  ])('makes no account for %s', async (_, account, createPayeeUsers) => {
    const setup = await setUp(createPayeeUsers);
    const users = await setup.db.selectFrom('users').select('email').orderBy('email').execute();
    const res = await signInAs(setup, account);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('no Prestasi user has this email');
    expect(await setup.db.selectFrom('users').select('email').orderBy('email').execute()).toEqual(users);
    expect(await setup.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('is 404 when single sign-on is not configured', async () => {
    const { db } = await setUp();
    expect((await createApp({ db }).request('/api/auth/oidc/login')).status).toBe(404);
  });
});
