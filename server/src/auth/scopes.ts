/**
 * What an API token may be allowed to do. Each route's policy (policies.ts) names the scopes
 * that let a token call it; a token has no role and sees no route outside its scopes.
 */
export const SCOPES = {
  'transactions:write': 'Push deals from a CRM (POST /api/crm/imports, POST /api/transactions, DELETE /api/transactions/{id})',
  'imports:write': 'Import a whole workspace (POST /api/import)',
  'export:read': 'Export the workspace (GET /api/export)',
  'payroll:read': 'Find paid runs and pull their payroll exports (GET /api/runs, /api/runs/{id}, payroll.csv, payroll.json)',
} as const;

export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as [Scope, ...Scope[]];
