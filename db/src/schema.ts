import type { ColumnType, Generated, GeneratedAlways, Kysely } from 'kysely';

/**
 * The tables of migrations/, as Kysely sees them. NUMERIC, DATE and BIGINT columns are text
 * (see connect.ts); timestamps are `Date`s (an instant, so a time zone is right there).
 */
export interface Database {
  settings: SettingsTable;
  payees: PayeesTable;
  payee_managers: PayeeManagersTable;
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  assignments: AssignmentsTable;
  quotas: QuotasTable;
  fx_rates: FxRatesTable;
  transaction_attributes: TransactionAttributesTable;
  transactions: TransactionsTable;
  transaction_splits: TransactionSplitsTable;
  adjustments: AdjustmentsTable;
  runs: RunsTable;
  run_results: RunResultsTable;
  run_lines: RunLinesTable;
  locked_periods: LockedPeriodsTable;
  disputes: DisputesTable;
  dispute_comments: DisputeCommentsTable;
  audit_log: AuditLogTable;
  import_batches: ImportBatchesTable;
  crm_mappings: CrmMappingsTable;
  schema_migrations: SchemaMigrationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  oidc_flows: OidcFlowsTable;
  adjustment_requests: AdjustmentRequestsTable;
  live_years: LiveYearsTable;
  live_results: LiveResultsTable;
  live_events: LiveEventsTable;
  live_dirty: LiveDirtyTable;
  live_inputs: LiveInputsTable;
}

/** The handle every repository and service takes: a connection's `db`, or a transaction on it. */
export type Db = Kysely<Database>;

/** A decimal as text: read back exactly as PostgreSQL prints the numeric. */
export type Numeric = string;
/** A calendar day `YYYY-MM-DD`. */
export type DateText = string;
/** A period in the workspace syntax: `2026-03`, `2026-Q1`, `2026`. */
export type PeriodText = string;
/** A timestamp the database fills in unless told otherwise. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** JSON read back as a value, written as its JSON text. */
export type Json<T> = ColumnType<T, string, string>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface SettingsTable {
  singleton: Generated<boolean>;
  currency: Generated<string>;
  fiscal_year_start: Generated<number>;
  rounding: Generated<'half_up' | 'half_even'>;
  updated_at: CreatedAt;
  /** Whoever created a run or last changed its inputs cannot approve it (0003). */
  segregation_of_duties: Generated<boolean>;
  /** The default language of the web app and statements (0006). */
  language: Generated<'en' | 'ms'>;
}

export interface PayeesTable {
  id: string;
  name: string;
  email: string | null;
  team: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface PayeeManagersTable {
  id: GeneratedAlways<number>;
  payee_id: string;
  manager_id: string;
  /** `null`: since always. */
  valid_from: DateText | null;
  /** `null`: still in force. */
  valid_to: DateText | null;
}

export interface PlansTable {
  id: string;
  name: string;
  created_at: CreatedAt;
}

export interface PlanVersionsTable {
  plan_id: string;
  version: number;
  valid_from: DateText | null;
  /** `ae.yaml`: the name under plans/ in a workspace. */
  file_name: string;
  /** The plan file as written. */
  source: string;
  created_at: CreatedAt;
  created_by: string;
}

export interface AssignmentsTable {
  id: GeneratedAlways<number>;
  payee_id: string;
  plan_id: string;
  valid_from: DateText;
  valid_to: DateText | null;
}

export interface QuotasTable {
  payee_id: string;
  period: PeriodText;
  measure: string;
  amount: Numeric;
}

export interface FxRatesTable {
  currency: string;
  valid_from: DateText;
  rate: Numeric;
}

export interface TransactionAttributesTable {
  name: string;
}

export interface TransactionsTable {
  id: string;
  date: DateText;
  amount: Numeric;
  /** `null`: the base currency. */
  currency: string | null;
  /** `null`: credited through transaction_splits. */
  owner_id: string | null;
  quantity: Numeric | null;
  margin: Numeric | null;
  type: string | null;
  product: string | null;
  /** `null`: won. */
  status: 'won' | 'cancelled' | null;
  cancel_date: DateText | null;
  /** The other columns of transactions.csv, as trimmed text. */
  attributes: ColumnType<Record<string, string>, string | undefined, string>;
  external_source: string | null;
  updated_at: CreatedAt;
}

export interface TransactionSplitsTable {
  transaction_id: string;
  payee_id: string;
  percent: Numeric;
  position: number;
}

export interface AdjustmentsTable {
  id: GeneratedAlways<number>;
  payee_id: string;
  period: PeriodText;
  /** `null`: the payee's only plan in the period. */
  plan_id: string | null;
  amount: Numeric;
  reason: Generated<string>;
  kind: Generated<'manual' | 'prior_period' | 'dispute'>;
  corrects_transaction: string | null;
  corrects_period: PeriodText | null;
  /** Prior-period adjustments: the plan of the corrected result (0002). */
  corrects_plan: Generated<string | null>;
  /** Prior-period adjustments: the corrected component, for a line or a clawback (0002). */
  corrects_component: Generated<string | null>;
  /** Prior-period adjustments: what of the result is corrected (0002). */
  corrects_kind: Generated<'line' | 'clawback' | 'adjustment' | 'draw' | null>;
  created_by: string;
  created_at: CreatedAt;
}

export interface RunsTable {
  id: GeneratedAlways<number>;
  period: PeriodText;
  number: number;
  status: Generated<'draft' | 'approved' | 'paid'>;
  input_digest: string;
  created_by: string;
  created_at: CreatedAt;
  approved_by: string | null;
  approved_at: Date | null;
  paid_by: string | null;
  paid_at: Date | null;
  /** Digests of what the run was computed from, to tell two runs' inputs apart (0002). */
  inputs: ColumnType<JsonValue, string | undefined, never>;
  /** The clawbacks with no result to land in, as `prestasi calc` lists them (0002). */
  unapplied: ColumnType<JsonValue, string | undefined, never>;
}

export interface RunResultsTable {
  run_id: number;
  payee_id: string;
  plan_id: string;
  period: PeriodText;
  currency: string;
  payout: Numeric;
  result: Json<JsonValue>;
  /** Where each of `result.adjustments` came from, in its order (0002). */
  adjustments: ColumnType<JsonValue, string | undefined, never>;
}

export interface RunLinesTable {
  /** BIGINT, so text. */
  id: GeneratedAlways<string>;
  run_id: number;
  payee_id: string;
  plan_id: string;
  period: PeriodText;
  component: string;
  transaction_id: string | null;
  amount: Numeric;
  explanation: ColumnType<JsonValue | null, string | null, string | null>;
  /** A component's line, or a clawback (0002). */
  kind: Generated<'line' | 'clawback'>;
}

export interface LockedPeriodsTable {
  period: PeriodText;
  run_id: number;
  locked_at: CreatedAt;
}

export interface DisputesTable {
  id: GeneratedAlways<number>;
  payee_id: string;
  run_id: number | null;
  period: PeriodText;
  transaction_id: string | null;
  status: Generated<'open' | 'accepted' | 'rejected'>;
  subject: string;
  raised_by: string;
  raised_at: CreatedAt;
  resolved_by: string | null;
  resolved_at: Date | null;
  adjustment_id: number | null;
  /** The plan of the disputed result (0004). */
  plan_id: string | null;
  /** The disputed component of the result; with `transaction_id`, one line of it. */
  component: string | null;
  assignee: string | null;
  assigned_at: Date | null;
  /** Why it was accepted or rejected; `null` while open. */
  resolution: string | null;
}

export interface DisputeCommentsTable {
  id: GeneratedAlways<number>;
  dispute_id: number;
  author: string;
  body: string;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  /** BIGINT, so text. */
  id: GeneratedAlways<string>;
  at: CreatedAt;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: ColumnType<JsonValue | null, string | null, never>;
  after: ColumnType<JsonValue | null, string | null, never>;
  prev_hash: string | null;
  hash: string;
}

export interface ImportBatchesTable {
  id: GeneratedAlways<number>;
  actor: string;
  source: string;
  digest: string;
  summary: Json<JsonValue>;
  created_at: CreatedAt;
}

export interface CrmMappingsTable {
  id: GeneratedAlways<number>;
  source: string;
  mapping: Json<JsonValue>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  /** sha256 of the file as applied: a shipped migration must never change. */
  checksum: string;
  applied_at: CreatedAt;
}

export type Role = 'rep' | 'manager' | 'finance' | 'admin';

export interface UsersTable {
  id: GeneratedAlways<number>;
  /** Lower-case. */
  email: string;
  name: Generated<string>;
  role: Role;
  /** Required for reps and managers. */
  payee_id: string | null;
  /** `scrypt$ln$r$p$salt$key`; `null`: single sign-on only. */
  password_hash: string | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SessionsTable {
  id: GeneratedAlways<number>;
  /** sha256 (hex) of the cookie's token. */
  token_hash: string;
  user_id: number;
  via: 'password' | 'oidc';
  created_at: CreatedAt;
  expires_at: Date | string;
  /** The last request of the session, to within SEEN_PRECISION_SECONDS (sessions.ts). */
  last_seen_at: Generated<Date | string>;
}

export interface ApiTokensTable {
  id: GeneratedAlways<number>;
  name: string;
  /** sha256 (hex) of the token. */
  token_hash: string;
  /** The token's first characters, to recognise it. */
  prefix: string;
  /** Space-separated. */
  scopes: string;
  created_by: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export interface LoginFailuresTable {
  /** BIGINT, so text. */
  id: GeneratedAlways<string>;
  email: string;
  ip: string;
  at: CreatedAt;
}

export interface OidcFlowsTable {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  created_at: CreatedAt;
}

export interface AdjustmentRequestsTable {
  id: GeneratedAlways<number>;
  payee_id: string;
  period: PeriodText;
  plan_id: string | null;
  amount: Numeric;
  reason: string;
  status: Generated<'open' | 'approved' | 'rejected'>;
  requested_by: string;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  adjustment_id: number | null;
}

// Real time (0005): live results, their events and the updater's queue.

export interface LiveYearsTable {
  year: string;
  problems: ColumnType<JsonValue[], string | undefined, string>;
  computed_at: CreatedAt;
}

export interface LiveResultsTable {
  payee_id: string;
  plan_id: string;
  period: PeriodText;
  year: string;
  currency: string;
  earned: Numeric;
  payout: Numeric;
  attainment: Numeric | null;
  result: Json<JsonValue>;
  updated_at: CreatedAt;
}

export interface LiveEventsTable {
  id: GeneratedAlways<string>;
  at: CreatedAt;
  kind: 'result' | 'leaderboard';
  payee_id: string | null;
  plan_id: string;
  period: PeriodText;
  data: Json<{ [key: string]: JsonValue }>;
}

export interface LiveDirtyTable {
  id: GeneratedAlways<string>;
  payee_id: string | null;
  month: DateText | null;
}

export interface LiveInputsTable {
  singleton: Generated<boolean>;
  version: string;
}
