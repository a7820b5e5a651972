import { OpenAPIHono } from '@hono/zod-openapi';
import { type Db, DEFAULT_THROTTLE, DomainError, type ThrottleLimits } from '@prestasi/db';
import { assertEveryRouteHasAPolicy, enforcePolicies } from './auth/enforce.js';
import { authRoutes } from './auth/routes.js';
import { tokenRoutes } from './auth/token-routes.js';
import { type OidcOptions, oidcRoutes } from './auth/oidc.js';
import { adminRoutes } from './auth/admin-routes.js';
import { adjustmentRequestRoutes } from './adjustment-requests/routes.js';
import { errorResponse } from './errors.js';
import { csrfProtection } from './auth/csrf.js';
import { jsonBodyLimit } from './body-limit.js';
import { securityHeaders } from './security-headers.js';
import { healthRoutes } from './health/routes.js';
import { crmRoutes } from './crm/routes.js';
import { importRoutes } from './imports/routes.js';
import { openApiRoutes } from './openapi.js';
import { runRoutes } from './runs/routes.js';
import { adjustmentRoutes } from './adjustments/routes.js';
import { statementRoutes } from './statements/routes.js';
import { payrollRoutes } from './payroll/routes.js';
import { disputeRoutes } from './disputes/routes.js';
import { LiveHub } from './live/hub.js';
import { DEFAULT_LIVE_STREAM_SECONDS, liveRoutes } from './live/routes.js';
import { transactionRoutes } from './transactions/routes.js';
import { type WebhookSecrets, webhookRoutes } from './webhooks/routes.js';
import { planRoutes } from './plans/routes.js';
import { estimateRoutes } from './estimate/routes.js';
import { payeeRoutes } from './payees/routes.js';
import { teamRoutes } from './team/routes.js';
import { quotaRoutes } from './quotas/routes.js';
import { auditRoutes } from './audit/routes.js';
import { settingsRoutes } from './settings/routes.js';
import { webApp } from './web.js';

export interface AppOptions {
  readonly db: Db;
  /** Largest import, sent or inflated from a zip; default 256 MiB (a million transactions is ~60 MB). */
  readonly maxImportBytes?: number;
  /** Where unexpected errors are reported; they reach the client only as INTERNAL. Default: stderr. */
  readonly onInternalError?: (error: unknown) => void;
  /** Sign-in and sessions; every field has a default. */
  readonly auth?: AuthOptions;
  /** Real time: the process's hub (started by the caller, see live/hub.ts); default one without LISTEN. */
  readonly live?: LiveHub;
  /**
   * How long one `GET /api/live` stream lasts before the server ends it (default 600 s); the
   * browser reconnects with Last-Event-ID, signed in and filtered afresh (see live/routes.ts).
   */
  readonly liveStreamSeconds?: number;
  /** CRM webhook secrets; a CRM without one has no webhook (404). */
  readonly webhooks?: WebhookSecrets;
  /** The browser app's build, served at / for what no API route answers (default: web/dist of the repository). */
  readonly webRoot?: string;
}

export interface AuthOptions {
  /** How long a session lasts from sign-in, seconds (default 12 hours). */
  readonly sessionTtlSeconds?: number;
  /** How long a session lasts without a request, seconds (default 30 minutes). */
  readonly sessionIdleSeconds?: number;
  /** Failed sign-ins allowed per email and per address within a window. */
  readonly throttle?: Partial<ThrottleLimits>;
  /** One reverse proxy in front sets X-Forwarded-For, -Proto and -Host (default false: the socket's address counts). */
  readonly trustProxy?: boolean;
  /** Origins the browser app is served from, besides the server's own, for the CSRF check. */
  readonly origins?: readonly string[];
  /** Single sign-on over OpenID Connect; without it /api/auth/oidc/* answer 404. */
  readonly oidc?: Omit<OidcOptions, 'sessionTtlSeconds'>;
}

export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;

/** OWASP ASVS 3.3.2 (level 2): re-authentication after 12 hours, or 30 minutes unused. */
export const DEFAULT_SESSION_IDLE_SECONDS = 30 * 60;

export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export function createApp(options: AppOptions): OpenAPIHono {
  const reportInternal = options.onInternalError ?? ((error: unknown) => console.error(error));
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw new DomainError('INVALID_INPUT', 'the request does not match the API', { issues: result.error.issues });
    },
  });
  app.onError((error, c) => {
    const { status, body, headers } = errorResponse(error);
    if (!(error instanceof DomainError) && status === 500) reportInternal(error);
    return c.json(body, status, headers);
  });
  const web = webApp(options.webRoot);
  // Last: the browser app answers only what no API route did.
  app.notFound(async (c) => {
    const page = await web(c);
    if (page) return page;
    const { status, body } = errorResponse(new DomainError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`));
    return c.json(body, status);
  });
  const auth = options.auth ?? {};
  // Outermost: headers on every answer, errors included. Then writes from other sites are
  // refused, bodies are bounded, and the route's policy (auth/policies.ts) decides who gets in.
  app.use('*', securityHeaders());
  app.use('*', csrfProtection({ origins: auth.origins ?? [], trustProxy: auth.trustProxy ?? false }));
  app.use('*', jsonBodyLimit());
  app.use('*', enforcePolicies(options.db, { idleSeconds: auth.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS }));
  authRoutes(app, options.db, {
    sessionTtlSeconds: auth.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS,
    throttle: { ...DEFAULT_THROTTLE, ...auth.throttle },
    trustProxy: auth.trustProxy ?? false,
  });
  tokenRoutes(app, options.db);
  oidcRoutes(app, options.db, auth.oidc && { ...auth.oidc, sessionTtlSeconds: auth.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS });
  adminRoutes(app, options.db);
  healthRoutes(app, options.db);
  importRoutes(app, options.db, { maxImportBytes: options.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES });
  runRoutes(app, options.db);
  adjustmentRoutes(app, options.db);
  adjustmentRequestRoutes(app, options.db);
  statementRoutes(app, options.db);
  payrollRoutes(app, options.db);
  disputeRoutes(app, options.db);
  const live = options.live ?? new LiveHub(options.db, { onError: reportInternal });
  transactionRoutes(app, options.db, live);
  liveRoutes(app, options.db, live, { streamSeconds: options.liveStreamSeconds ?? DEFAULT_LIVE_STREAM_SECONDS });
  webhookRoutes(app, options.db, live, options.webhooks ?? {});
  planRoutes(app, options.db);
  estimateRoutes(app, options.db);
  payeeRoutes(app, options.db);
  teamRoutes(app, options.db);
  quotaRoutes(app, options.db);
  auditRoutes(app, options.db);
  settingsRoutes(app, options.db);
  crmRoutes(app, options.db, { maxImportBytes: options.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES });
  openApiRoutes(app);
  assertEveryRouteHasAPolicy(app);
  return app;
}
