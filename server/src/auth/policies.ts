import type { Role } from '@prestasi/db';
import type { Scope } from './scopes.js';

/**
 * Who may call a route. `public`: anyone, signed in or not. Otherwise the roles whose sessions
 * may call it and the scopes that let an API token call it (none: sessions only).
 *
 * `rows` says what a role sees of the payees' rows where it is not all of them: `own` (a rep:
 * their own payee), `subtree` (a manager: their payee and everyone below it in the manager
 * hierarchy in force today). The handler filters by `visiblePayees`; another payee's row
 * answers 404 NOT_FOUND, never 403, so ids cannot be probed.
 */
export type Policy =
  | { readonly public: true }
  | {
      readonly public?: false;
      readonly roles: readonly Role[];
      readonly scopes?: readonly Scope[];
      readonly rows?: { readonly rep?: 'own'; readonly manager?: 'subtree' };
      /** What the route is for, as the security doc's table says it. */
      readonly note?: string;
    };

const PUBLIC: Policy = { public: true };
const ADMIN: Policy = { roles: ['admin'] };
const FINANCE: Policy = { roles: ['finance'] };
const PAYEE_ROWS = { rep: 'own', manager: 'subtree' } as const;

/**
 * THE policy of every route, keyed `METHOD /path` as the OpenAPI document writes them. The
 * middleware (enforce.ts) refuses a route that is not here, `createApp` throws when a route of
 * the OpenAPI document is missing, and policies.test.ts calls every route with every role, no
 * session and a token of each scope, comparing the answers with this table.
 */
export const POLICIES: Readonly<Record<string, Policy>> = {
  'GET /api/health': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': PUBLIC,
  'GET /api/auth/oidc/login': PUBLIC,
  'GET /api/auth/oidc/callback': PUBLIC,
  'GET /api/me': { roles: ['rep', 'manager', 'finance', 'admin'] },

  // Administration: accounts, tokens, settings. Admins see no pay.
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/{id}': ADMIN,
  'GET /api/tokens': ADMIN,
  'POST /api/tokens': ADMIN,
  'DELETE /api/tokens/{id}': ADMIN,
  'GET /api/settings/security': ADMIN,
  'PUT /api/settings/security': ADMIN,

  // Data in and out.
  'POST /api/import': { roles: ['finance'], scopes: ['imports:write'] },
  'GET /api/export': { roles: ['finance'], scopes: ['export:read'] },
  'GET /api/crm/mappings': FINANCE,
  'PUT /api/crm/mappings/{name}': FINANCE,
  'POST /api/crm/imports': { roles: ['finance'], scopes: ['transactions:write'] },
  'GET /api/data-quality': FINANCE,

  // Runs, approvals, payroll.
  'POST /api/runs': FINANCE,
  'GET /api/runs': { roles: ['finance'], scopes: ['payroll:read'] },
  'GET /api/runs/{id}': { roles: ['finance'], scopes: ['payroll:read'] },
  'GET /api/runs/{id}/results': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/runs/{a}/diff/{b}': FINANCE,
  'POST /api/runs/{id}/approve': FINANCE,
  'POST /api/runs/{id}/pay': FINANCE,
  'GET /api/runs/{id}/payroll.csv': { roles: ['finance'], scopes: ['payroll:read'] },
  'GET /api/runs/{id}/payroll.json': { roles: ['finance'], scopes: ['payroll:read'] },
  'GET /api/runs/{id}/statements.csv': { roles: ['finance'], scopes: ['payroll:read'] },

  // Statements and adjustments.
  'GET /api/statements/{payee}': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/statements/{payee}/statement.csv': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/adjustments': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'POST /api/adjustments': FINANCE,
  'GET /api/adjustment-requests': { roles: ['manager', 'finance'], rows: { manager: 'subtree' } },
  'POST /api/adjustment-requests': { roles: ['manager'], rows: { manager: 'subtree' } },
  'POST /api/adjustment-requests/{id}/approve': FINANCE,
  'POST /api/adjustment-requests/{id}/reject': FINANCE,

  // Disputes: reps raise, read and discuss their own, managers their subtree's; finance assigns and resolves.
  'POST /api/disputes': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/disputes': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/disputes/{id}': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'POST /api/disputes/{id}/comments': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'POST /api/disputes/{id}/assign': FINANCE,
  'POST /api/disputes/{id}/resolve': FINANCE,

  // Real time: deals pushed in, results and rankings streamed out (rows filtered per caller).
  'POST /api/transactions': { roles: ['finance'], scopes: ['transactions:write'] },
  'DELETE /api/transactions/{id}': { roles: ['finance'], scopes: ['transactions:write'] },
  'GET /api/live': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/live/results': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/live/totals': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  'GET /api/leaderboards': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },
  // CRM webhooks: no session or token; the CRM's signature is checked instead (webhooks/signature.ts).
  'POST /api/webhooks/hubspot': PUBLIC,
  'POST /api/webhooks/salesforce': PUBLIC,

  // Plans: finance reads, edits, checks and previews them.
  'GET /api/plans': FINANCE,
  'GET /api/plans/{id}': FINANCE,
  'PUT /api/plans/{id}': FINANCE,
  'POST /api/plans/validate': FINANCE,
  'POST /api/plans/{id}/preview': FINANCE,

  // What-if: reps for themselves, managers for their subtree, finance for anyone.
  'POST /api/estimate': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS },

  // People: directory rows (no pay) as each role sees payees; admins all, to link users to them. Team attainment for managers.
  'GET /api/payees': { roles: ['rep', 'manager', 'finance', 'admin'], rows: PAYEE_ROWS, note: 'admins see every directory row, no pay' },
  'GET /api/team/attainment': { roles: ['manager', 'finance'], rows: { manager: 'subtree' } },

  // Quotas: finance keeps the grid.
  'GET /api/quotas': { roles: ['rep', 'manager', 'finance'], rows: PAYEE_ROWS, note: 'goals: a rep their own, a manager their subtree' },
  'PUT /api/quotas': FINANCE,
  'POST /api/quotas/csv': FINANCE,

  // The audit log: finance for the money, admins for accounts and settings.
  'GET /api/audit': { roles: ['finance', 'admin'] },

  // Organisation settings (currency, fiscal year, rounding, language): admins.
  'GET /api/settings': ADMIN,
  'PUT /api/settings': ADMIN,
};

export function policyOf(method: string, path: string): Policy | undefined {
  return POLICIES[`${method.toUpperCase()} ${path}`];
}
