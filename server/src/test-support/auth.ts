import { type Db, insertUser, type Role } from '@prestasi/db';

/** What tests call requests on: an app, or anything with its `request`. */
export interface Requester {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export const TEST_PASSWORD = 'correct horse battery staple';
/** The origin `app.request()` uses: same-origin writes name it. */
export const TEST_ORIGIN = 'http://localhost';

/** Adds a user with the test password. */
export async function addUser(db: Db, email: string, role: Role, payeeId: string | null = null): Promise<void> {
  await insertUser(db, { email, role, payeeId, password: TEST_PASSWORD });
}

/** Signs in and gives the `Cookie` header value of the session. */
export async function signIn(app: Requester, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  const value = /prestasi_session=([^;]*)/.exec(cookie)?.[1];
  if (!value) throw new Error(`no session cookie in ${cookie}`);
  return `prestasi_session=${value}`;
}
