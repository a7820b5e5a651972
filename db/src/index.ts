/** The Prestasi system of record: connections, migrations, repositories. */
export { connect, type Connection, type ConnectOptions, type Unlisten } from './connect.js';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration } from './migrate.js';
export { DomainError, type ErrorCode } from './errors.js';
export type * from './schema.js';
// Rooms above use the query builder through this room, so there is one Kysely in the process.
export { sql } from 'kysely';
export type { Kysely, Transaction, Selectable, Insertable, Updateable } from 'kysely';
export { importWorkspace, type ImportOptions, type ImportSummary } from './workspace/import.js';
export { exportWorkspace } from './workspace/export.js';
export { assertSettingsMayChange } from './workspace/settings.js';
export { exportWorkspaceWithoutDeals } from './editing/workspace-without-deals.js';
export { csvLine } from './workspace/csv.js';
export { loadEngineInput } from './workspace/engine-input.js';
export { type DealScope, transactionsCsv } from './workspace/transactions.js';
export { appendAudit, verifyAuditLog, type AuditEntry, type AuditVerification } from './audit.js';
export { lockWorkspace } from './workspace-lock.js';
export { type RunRecord, type RunStatus, type NewRun, insertRun, findRun, listRuns, latestRun, paidRuns, runInputsOf, advanceRun } from './ledger/runs.js';
export {
  type AdjustmentSource,
  type RunLine,
  type RunResult,
  type PayoutSum,
  type RunTotal,
  insertRunResults,
  readRunResults,
  type RunResultsFilter,
  runResultPayees,
  readRunLines,
  payoutsByPayee,
  runTotals,
} from './ledger/run-results.js';
export { type RunInputs, runInputs, parseRunInputs, workspaceDigest } from './ledger/run-inputs.js';
export { type LockedPeriod, lockedPeriods, lockPeriod } from './ledger/locked-periods.js';
export {
  type AdjustmentRecord,
  type AdjustmentKind,
  type CorrectedPart,
  type NewAdjustment,
  insertAdjustments,
  listAdjustments,
  deleteAdjustments,
} from './ledger/adjustments.js';
export { type AdjustmentRow, type AdjustmentCheck, checkAdjustment } from './ledger/adjustment-check.js';
export { type PayeeRecord, findPayee, payeeNamesOfRun } from './ledger/payees.js';
export { importCrmDeals, type CrmImportOptions, type CrmImportReport, DEFAULT_LIST_LIMIT, ERROR_LIMIT } from './crm/import.js';
export { type CrmMapping, type ColumnField, type ValueField, COLUMN_FIELDS, VALUE_FIELDS, MAPPING_NAME, mappingProblems } from './crm/mapping.js';
export { DATE_FORMATS, type DateFormat } from './crm/dates.js';
export { parseAmount } from './crm/amounts.js';
export { type RowError, type SkippedRow } from './crm/deals.js';
export { type FieldChange } from './crm/changes.js';
export { PRESETS } from './crm/presets.js';
export { saveCrmMapping, listCrmMappings, crmMapping, type SavedMapping } from './crm/mappings.js';
export { dataQualityReport, type DataQualityReport, type Findings, DEFAULT_FINDINGS_LIMIT } from './quality/report.js';
export {
  generateDemo,
  loadDemo,
  holdsPayees,
  localToday,
  DEMO_SOURCE,
  DEMO_USERS,
  DEMO_MANAGER,
  DEMO_REP,
  DEMO_EMAIL_DOMAIN,
  type DemoOptions,
  type DemoOrganisation,
  type DemoLoad,
  type LoadDemoOptions,
} from './demo/index.js';
export { hashPassword, verifyPassword, dummyPasswordHash, randomPassword, SCRYPT_COST, MAX_PASSWORD_LENGTH } from './accounts/passwords.js';
export { newSecret, secretHash } from './accounts/tokens-hash.js';
export {
  type UserRecord,
  type NewUser,
  type UserChange,
  ROLES,
  MIN_PASSWORD_LENGTH,
  normalEmail,
  emailProblem,
  passwordProblem,
  findUser,
  findUserByEmail,
  listUsers,
  insertUser,
  updateUser,
  auditedUser,
} from './accounts/users.js';
export { createPayeeUser } from './accounts/payee-users.js';
export { type SessionUser, createSession, sessionUser, endSession } from './accounts/sessions.js';
export { type ThrottleLimits, DEFAULT_THROTTLE, loginRetryAfter, recordLoginFailure, clearLoginFailures } from './accounts/login-throttle.js';
export { type DemoUsers, DEMO_DOMAIN, createDemoUsers } from './accounts/demo-users.js';
export { type ApiTokenRecord, TOKEN_PREFIX, createApiToken, listApiTokens, revokeApiToken, apiTokenBySecret } from './accounts/api-tokens.js';
export {
  type DisputeRecord,
  type DisputeStatus,
  type NewDispute,
  type DisputeFilter,
  type Resolution,
  insertDispute,
  findDispute,
  listDisputes,
  assignDispute,
  resolveDispute,
  type DisputeAdjustment,
  disputeAdjustment,
} from './disputes/disputes.js';
export { type DisputeComment, insertDisputeComment, disputeComments } from './disputes/comments.js';
export { copyInto, copyCsvLine } from './copy.js';
export {
  LIVE_CHANNEL,
  DIRTY_CHANNEL,
  type DirtyMark,
  type LiveResult,
  type LiveTotal,
  type LiveEvent,
  type NewLiveEvent,
  lockLiveUpdater,
  takeDirtyMarks,
  liveYears,
  saveLiveYear,
  liveResultsOfYear,
  readLiveResults,
  liveTotals,
  livePlansOf,
  writeLiveResults,
  appendLiveEvents,
  liveEventsAfter,
  lastLiveEventId,
  liveInputsVersion,
  pruneLiveEvents,
  firstLiveEventId,
} from './live/store.js';
export { type DealRow, dealsCsv, upsertDeals, deleteDeals } from './live/deals.js';
