/**
 * Shapes of the API answers the app reads, as the schemas.ts files of server/src declare them
 * (GET /api/openapi.json has them all). Money is decimal text, never a number.
 */
export type Role = 'rep' | 'manager' | 'finance' | 'admin';
export const ROLES: readonly Role[] = ['rep', 'manager', 'finance', 'admin'];

export interface Me {
  user: { id: number; email: string; name: string | null };
  role: Role;
  payeeId: string | null;
  /** The month the fiscal year starts in (1-12): how quarters are named. */
  fiscalYearStart: number;
}

export interface Run {
  id: number;
  period: string;
  number: number;
  status: 'draft' | 'approved' | 'paid';
  latest: boolean;
  inputDigest: string;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  paidBy: string | null;
  paidAt: string | null;
}

export interface Line {
  transaction?: string;
  amount: string;
  explanation?: string;
}

export interface Component {
  id: string;
  earned: string;
  uncapped: string;
  explanation?: string;
  lines?: Line[];
}

export interface PayeeResult {
  payee: string;
  plan: string;
  period: string;
  currency: string;
  measures: Record<string, string>;
  quotas: Record<string, string>;
  attainment: Record<string, string>;
  components: Component[];
  clawbacks: { transaction: string; component: string; amount: string; explanation?: string }[];
  adjustments: { amount: string; reason: string }[];
  draw: { paid: string; recovered: string; balance: string };
  payout: string;
}

export interface StatementAdjustment {
  amount: string;
  reason: string;
  adjustment: number;
  kind: 'manual' | 'prior_period' | 'dispute';
  priorPeriod: boolean;
}

export interface CurrencyTotal {
  currency: string;
  payout: string;
}

export interface Statement {
  payee: { id: string; name: string; email: string | null; team: string | null };
  period: string;
  run: Run;
  results: (Omit<PayeeResult, 'adjustments'> & { adjustments: StatementAdjustment[] })[];
  totals: CurrencyTotal[];
  paidBefore: {
    fiscalYear: string;
    periods: { period: string; run: number; number: number; paidAt: string; currency: string; payout: string }[];
    totals: CurrencyTotal[];
  };
}

export type DisputeStatus = 'open' | 'accepted' | 'rejected';

export interface DisputeSummary {
  id: number;
  payee: string;
  plan: string | null;
  period: string;
  runId: number | null;
  transaction: string | null;
  component: string | null;
  subject: string;
  status: DisputeStatus;
  assignee: string | null;
  raisedBy: string;
  raisedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface Dispute extends DisputeSummary {
  adjustment: { id: number; period: string; plan: string | null; amount: string; reason: string } | null;
  comments: { id: number; author: string; body: string; createdAt: string }[];
}

export interface NewDispute {
  payee: string;
  period: string;
  plan?: string;
  runId?: number;
  transaction?: string;
  component?: string;
  subject: string;
  comment: string;
}

/** GET /api/live/results?period=: the current (not yet run) results the caller may see. */
export interface LiveResult {
  payee: string;
  name: string;
  plan: string;
  period: string;
  currency: string;
  earned: string;
  payout: string;
  /** The plan's first attainment, 1.05 for 105% */
  attainment: string | null;
  measures: Record<string, string>;
  quotas: Record<string, string>;
  attainments: Record<string, string>;
}

/** GET /api/live/totals: what the live results the caller may see add up to. */
export interface LiveTotals {
  period: string;
  lastEventId: string;
  results: number;
  withQuota: number;
  /** Results whose attainment is 1 (100%) or more. */
  atQuota: number;
  payouts: { currency: string; amount: string }[];
  problems: unknown[];
}

export interface LiveResults {
  period: string;
  lastEventId: string;
  results: LiveResult[];
  problems: unknown[];
}

/** GET /api/leaderboards?period= */
export interface Leaderboards {
  period: string;
  boards: {
    plan: string;
    period: string;
    currency: string;
    /** How many payees the board ranks; `entries` lists fewer when asked for the top N only. */
    size: number;
    entries: { payee: string; name: string; rank: number; rankByEarned: number; attainment: string | null; earned: string | null }[];
  }[];
}

/** POST /api/estimate: what a deal would add. */
export interface Estimate {
  payee: string;
  date: string;
  deal: string;
  /** Columns the plans filter on that the request left out, and the value each was given. */
  assumed: Record<string, string>;
  results: {
    plan: string;
    period: string;
    currency: string;
    now: string;
    withDeal: string;
    difference: string;
    lines: { component: string; amount: string; explanation: string | null }[];
    components: { id: string; now: string; withDeal: string; difference: string; explanation: string | null }[];
  }[];
}

/** GET /api/team/attainment?period=[&payee=]: attainment of the payees the caller sees. */
export interface TeamAttainment {
  today: string;
  periods: { period: string; start: string; end: string; elapsed: string }[];
  payees: {
    payee: string;
    name: string;
    manager: string | null;
    plan: string;
    period: string;
    currency: string;
    earned: string;
    payout: string;
    measures: { measure: string; value: string; quota: string; attainment: string; behindPace: boolean }[];
    behindPace: boolean;
  }[];
}

export interface User {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  payeeId: string | null;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export const TOKEN_SCOPES = ['transactions:write', 'imports:write', 'export:read', 'payroll:read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedBy: string | null;
  revokedAt: string | null;
}

/** GET /api/payees: the directory as the caller may see it. */
export interface Payee {
  id: string;
  name: string;
  email: string | null;
  manager: string | null;
  team: string | null;
}

/** GET /api/settings: the organisation's settings (admin). */
export interface Settings {
  currency: string;
  fiscalYearStart: number;
  rounding: 'half_up' | 'half_even';
  language: 'en' | 'ms';
}
