import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { createPayeeUser, createSession, type Db, DomainError, findUserByEmail, secretHash, sql } from '@prestasi/db';
import * as client from 'openid-client';
import { errorResponseSpec } from '../errors.js';
import { setSessionCookie } from './cookies.js';

/** Single sign-on over OpenID Connect: authorization code flow with PKCE (S256), state and nonce. */
export interface OidcOptions {
  /** The provider's issuer URL (Okta, Entra ID, Google, Keycloak…): its discovery document is read from it. */
  readonly issuer: string;
  readonly clientId: string;
  /** For confidential clients (client_secret_post); omit for a public client with PKCE only. */
  readonly clientSecret?: string | undefined;
  /** Where the provider sends the browser back: this server's `/api/auth/oidc/callback`, as registered with the provider. */
  readonly redirectUri: string;
  /** Where the browser goes once signed in (default `/`). */
  readonly afterLogin?: string | undefined;
  /** Plain HTTP to the provider: only for a provider on this machine, as the tests start one. */
  readonly allowInsecureHttp?: boolean | undefined;
  /** Session life, seconds. */
  readonly sessionTtlSeconds: number;
  /**
   * A payee signing in for the first time, with the email payees.csv gives them, gets an account
   * (rep, or manager when someone reports to them; see createPayeeUser). Off: only users an admin
   * added may sign in.
   */
  readonly createPayeeUsers?: boolean | undefined;
}

/** How long a sign-in may take at the provider. */
const FLOW_SECONDS = 600;

const loginRoute = createRoute({
  method: 'get',
  path: '/api/auth/oidc/login',
  summary: 'Sign in with the organisation’s identity provider (OpenID Connect)',
  description: 'Redirects to the provider with a PKCE challenge, a state and a nonce; the provider sends the browser back to /api/auth/oidc/callback.',
  responses: { 302: { description: 'To the provider' }, 404: errorResponseSpec('Single sign-on is not configured (NOT_FOUND)') },
});

const callbackRoute = createRoute({
  method: 'get',
  path: '/api/auth/oidc/callback',
  summary: 'Where the identity provider sends the browser back',
  description:
    'Exchanges the code (with the PKCE verifier), checks the ID token (signature, issuer, audience, expiry, nonce), and signs in the user whose email ' +
    'the provider says is verified. Unknown, unverified or disabled emails are refused.',
  request: {
    query: z.object({
      code: z.string().max(4096).optional(),
      state: z.string().max(512).optional(),
      iss: z.string().max(2048).optional(),
      error: z.string().max(200).optional(),
      error_description: z.string().max(2000).optional(),
      session_state: z.string().max(2048).optional(),
    }),
  },
  responses: {
    302: { description: 'Signed in: the session cookie is set, and the browser goes on to the app' },
    400: errorResponseSpec('No sign-in is waiting for this state, or it expired (INVALID_INPUT)'),
    401: errorResponseSpec('The provider refused, or its answer did not check out (UNAUTHENTICATED)'),
    403: errorResponseSpec('No user has this email, it is not verified, or the user is disabled (FORBIDDEN)'),
    404: errorResponseSpec('Single sign-on is not configured (NOT_FOUND)'),
  },
});

export function oidcRoutes(app: OpenAPIHono, db: Db, options: OidcOptions | undefined): void {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = (o: OidcOptions): Promise<client.Configuration> => {
    discovered ??= client
      .discovery(new URL(o.issuer), o.clientId, o.clientSecret, undefined, o.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = undefined;
        throw new DomainError('UNAVAILABLE', 'the identity provider cannot be reached', { cause: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
      });
    return discovered;
  };
  const configured = (): OidcOptions => {
    if (!options) throw new DomainError('NOT_FOUND', 'single sign-on is not configured');
    return options;
  };

  app.openapi(loginRoute, async (c) => {
    const o = configured();
    const config = await configuration(o);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    await db.deleteFrom('oidc_flows').where('created_at', '<', sql<Date>`now() - make_interval(secs => ${FLOW_SECONDS})`).execute();
    await db.insertInto('oidc_flows').values({ state_hash: secretHash(state), code_verifier: verifier, nonce }).execute();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: o.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return c.redirect(url.href, 302);
  });

  app.openapi(callbackRoute, async (c) => {
    const o = configured();
    const query = c.req.valid('query');
    if (query.state === undefined) throw new DomainError('INVALID_INPUT', 'no state: start at /api/auth/oidc/login');
    // The flow is used once: deleted as it is read, whatever happens next.
    const flow = await db
      .deleteFrom('oidc_flows')
      .where('state_hash', '=', secretHash(query.state))
      .where('created_at', '>=', sql<Date>`now() - make_interval(secs => ${FLOW_SECONDS})`)
      .returning(['code_verifier', 'nonce'])
      .executeTakeFirst();
    if (!flow) throw new DomainError('INVALID_INPUT', 'no sign-in is waiting for this state (used already, expired, or never started)');
    if (query.error !== undefined) throw new DomainError('UNAUTHENTICATED', `the identity provider refused: ${query.error}`);
    const config = await configuration(o);
    // The URL the provider sent the browser to: the registered redirect URI with this query.
    const current = new URL(o.redirectUri);
    current.search = new URL(c.req.url).search;
    let claims: { email?: unknown; email_verified?: unknown; sub: string };
    try {
      const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.code_verifier, expectedState: query.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const idClaims = tokens.claims()!;
      claims = idClaims;
      // Providers that keep email out of the ID token (scope claims per OpenID Connect §5.4) give it at userinfo.
      if (idClaims['email'] === undefined) claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)), sub: idClaims.sub };
    } catch (error) {
      throw new DomainError('UNAUTHENTICATED', 'the identity provider’s answer did not check out', { reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown' });
    }
    if (typeof claims.email !== 'string' || claims.email_verified !== true) throw new DomainError('FORBIDDEN', 'the identity provider did not vouch for a verified email');
    const user = (await findUserByEmail(db, claims.email)) ?? (o.createPayeeUsers ? await payeeUser(db, claims.email) : undefined);
    if (!user || user.disabled) throw new DomainError('FORBIDDEN', 'no Prestasi user has this email: ask an administrator to add you');
    const session = await createSession(db, user.id, { ttlSeconds: o.sessionTtlSeconds, via: 'oidc' });
    setSessionCookie(c, session.token, session.expiresAt);
    return c.redirect(o.afterLogin ?? '/', 302);
  });
}

/** A new payee's account, or the one a simultaneous first sign-in made a moment before. */
async function payeeUser(db: Db, email: string): Promise<{ readonly id: number; readonly disabled: boolean } | undefined> {
  try {
    // undefined may also mean that the other sign-in linked the payee first: look again.
    return (await createPayeeUser(db, email)) ?? (await findUserByEmail(db, email));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CONFLICT') return findUserByEmail(db, email);
    throw error;
  }
}
