import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type Db, DomainError, endSession } from '@prestasi/db';
import { errorResponseSpec } from '../errors.js';
import { fiscalCalendar } from '../periods.js';
import { clearSessionCookie, setSessionCookie } from './cookies.js';
import { principalOf } from './principal.js';
import { clientIp, type ProxyTrust } from './request-info.js';
import { LoginSchema, MeSchema } from './schemas.js';
import { login, type LoginSettings } from './service.js';

const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  summary: 'Sign in with email and password',
  description:
    'Sets the `prestasi_session` cookie (HttpOnly, SameSite=Lax, Secure over HTTPS). A wrong password and an unknown email get the same answer. ' +
    'Too many failures for one email or from one address within 15 minutes are refused with 429 until the window passes.',
  request: { body: { required: true, content: { 'application/json': { schema: LoginSchema } } } },
  responses: {
    200: json(MeSchema, 'Signed in'),
    400: errorResponseSpec('Not an email and password (INVALID_INPUT)'),
    401: errorResponseSpec('Wrong email or password (UNAUTHENTICATED)'),
    429: errorResponseSpec('Too many failed sign-ins (RATE_LIMITED); `details.retryAfterSeconds` says how long to wait'),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  summary: 'Sign out: ends the session on the server and clears the cookie',
  responses: { 204: { description: 'Signed out (also when there was no session)' } },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/me',
  summary: 'The signed-in user, their role and their payee',
  responses: { 200: json(MeSchema, 'The user'), 401: errorResponseSpec('Not signed in (UNAUTHENTICATED)') },
});

export interface AuthRouteSettings extends LoginSettings, ProxyTrust {}

export function authRoutes(app: OpenAPIHono, db: Db, settings: AuthRouteSettings): void {
  app.openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const { user, token, expiresAt } = await login(db, { email, password, ip: clientIp(c, settings) }, settings);
    // A new session for every sign-in; one the browser still carried ends here.
    const previous = c.get('sessionToken');
    if (previous !== undefined) await endSession(db, previous);
    setSessionCookie(c, token, expiresAt);
    return c.json({ user: { id: user.id, email: user.email, name: user.name }, role: user.role, payeeId: user.payeeId, fiscalYearStart: await fiscalYearStart(db) }, 200);
  });
  app.openapi(logoutRoute, async (c) => {
    const token = c.get('sessionToken');
    if (token !== undefined) await endSession(db, token);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
  app.openapi(meRoute, async (c) => {
    const p = principalOf(c);
    if (p?.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'sign in first');
    return c.json({ user: { id: p.userId, email: p.email, name: p.name }, role: p.role, payeeId: p.payeeId, fiscalYearStart: await fiscalYearStart(db) }, 200);
  });
}

async function fiscalYearStart(db: Db): Promise<number> {
  return (await fiscalCalendar(db)).fiscalYearStart;
}
