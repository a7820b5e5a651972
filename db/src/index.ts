/** The Prestasi system of record: connections, migrations, repositories. */
export { connect, type Connection, type ConnectOptions } from './connect.js';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration } from './migrate.js';
export { DomainError, type ErrorCode } from './errors.js';
export type * from './schema.js';
export { importWorkspace, type ImportOptions, type ImportSummary } from './workspace/import.js';
export { exportWorkspace } from './workspace/export.js';
export { loadEngineInput } from './workspace/engine-input.js';
