import { sql } from 'kysely';
import type { Db } from './schema.js';

/** Any fixed number: the transaction-level advisory lock of `lockWorkspace`. */
const WORKSPACE_LOCK = 0x696d706f;

/**
 * Makes imports, runs, approvals and adjustments take turns, until the caller's transaction
 * ends. A run then computes from data no import is changing between its statements, and a
 * period cannot be locked while an adjustment is being written into it.
 */
export async function lockWorkspace(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${WORKSPACE_LOCK})`.execute(trx);
}
