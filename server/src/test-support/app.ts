import type { OpenAPIHono } from '@hono/zod-openapi';
import { createSession, type Db, DomainError, insertUser, type Role, sessionUser } from '@prestasi/db';
import { type AppOptions, createApp as createRealApp, DEFAULT_SESSION_IDLE_SECONDS } from '../app.js';
import { TEST_ORIGIN } from './auth.js';

export interface TestAppOptions extends AppOptions {
  /** The role of the signed-in test users (default finance). */
  readonly role?: Role;
  readonly payeeId?: string | null;
  /** Left as the database says when true; feature tests approve their own runs, so off by default. */
  readonly segregationOfDuties?: boolean;
}

/** The user requests come from unless they name one: `tester@test`. */
export const DEFAULT_TEST_USER = 'tester@test';

/**
 * The app, for feature tests, with every request signed in: as `tester@test` (a finance user
 * by default), or as `NAME@test` when the request says `X-Prestasi-Actor: NAME` (the header the
 * API took before sign-in; here it only picks the test user). A request with its own Cookie or
 * Authorization header is sent as it is. Writes carry the app's own Origin, as a browser's do.
 * The policy table, row scoping and everything else apply as in production: the user is real,
 * in the database, with a real session.
 */
export function createApp(options: TestAppOptions): OpenAPIHono {
  const app = createRealApp(options);
  const original = app.request.bind(app);
  const tokens = new Map<string, string>();
  const cookieFor = async (email: string): Promise<string> => {
    const known = tokens.get(email);
    if (known !== undefined && (await sessionUser(options.db, known, { idleSeconds: DEFAULT_SESSION_IDLE_SECONDS }))) return known;
    const id = await ensureUser(options.db, email, options.role ?? 'finance', options.payeeId ?? null);
    if (options.segregationOfDuties !== true) await options.db.updateTable('settings').set({ segregation_of_duties: false }).execute();
    const { token } = await createSession(options.db, id, { ttlSeconds: 3600, via: 'password' });
    tokens.set(email, token);
    return token;
  };
  app.request = (async (input: string | Request | URL, init?: RequestInit, env?: unknown, ctx?: unknown) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('cookie') && !headers.has('authorization')) {
      const actor = headers.get('x-prestasi-actor');
      headers.delete('x-prestasi-actor');
      const email = actor === null ? DEFAULT_TEST_USER : actor.includes('@') ? actor : `${actor}@test`;
      headers.set('cookie', `prestasi_session=${await cookieFor(email)}`);
    }
    if (!headers.has('origin')) headers.set('origin', TEST_ORIGIN);
    return original(input as string, { ...init, headers }, env as never, ctx as never);
  }) as typeof app.request;
  return app;
}

async function ensureUser(db: Db, email: string, role: Role, payeeId: string | null): Promise<number> {
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) return existing.id;
  try {
    return (await insertUser(db, { email, role, payeeId })).id;
  } catch (e) {
    if (!(e instanceof DomainError && e.code === 'CONFLICT')) throw e;
    return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  }
}
