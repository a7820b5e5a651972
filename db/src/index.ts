/** The Prestasi system of record: connections, migrations, repositories. */
export { connect, type Connection, type ConnectOptions } from './connect.js';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration } from './migrate.js';
export { DomainError, type ErrorCode } from './errors.js';
export type * from './schema.js';
// Rooms above use the query builder through this room, so there is one Kysely in the process.
export { sql } from 'kysely';
export type { Kysely, Transaction, Selectable, Insertable, Updateable } from 'kysely';
export { importWorkspace, type ImportOptions, type ImportSummary } from './workspace/import.js';
export { exportWorkspace } from './workspace/export.js';
export { loadEngineInput } from './workspace/engine-input.js';
export { appendAudit, verifyAuditLog, type AuditEntry, type AuditVerification } from './audit.js';
