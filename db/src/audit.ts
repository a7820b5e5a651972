import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** One change to anything that moves money: who, what, and the state before and after. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | undefined;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Serialises appends across processes, so each entry's `prev_hash` is the entry before it. */
const AUDIT_LOCK = 0x50524553; // "PRES"

/**
 * Appends to the audit log inside the caller's transaction: the entry exists exactly when the
 * change it describes does. Its hash covers the previous entry's hash, so editing or deleting
 * any entry breaks every hash after it (`verifyAuditLog`).
 */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const last = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? null;
  const at = new Date().toISOString();
  const before = entry.before === undefined ? null : canonical(entry.before);
  const after = entry.after === undefined ? null : canonical(entry.after);
  const entityId = entry.entityId ?? null;
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entityId,
      before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
      prev_hash: prevHash,
      hash: entryHash({ prevHash, at, actor: entry.actor, action: entry.action, entity: entry.entity, entityId, before, after }),
    })
    .execute();
}

interface HashedFields {
  readonly prevHash: string | null;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

function entryHash(f: HashedFields): string {
  const text = JSON.stringify(canonical([f.prevHash, f.at, f.actor, f.action, f.entity, f.entityId, f.before, f.after]));
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so the same value always hashes the same (jsonb reorders keys). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value instanceof Date ? value.toISOString() : value;
}

export type AuditVerification = { readonly ok: true; readonly entries: number } | { readonly ok: false; readonly entries: number; readonly firstBad: number; readonly reason: string };

/** Walks the log in order and reports the first entry that was altered, or whose predecessor is gone. */
export async function verifyAuditLog(db: Kysely<Database>): Promise<AuditVerification> {
  let prev: string | null = null;
  let entries = 0;
  let lastId = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', String(lastId)).orderBy('id').limit(1000).execute();
    if (rows.length === 0) return { ok: true, entries };
    for (const row of rows) {
      entries++;
      lastId = Number(row.id);
      if (row.prev_hash !== prev) {
        return { ok: false, entries, firstBad: lastId, reason: prev === null ? 'the first entry has a predecessor' : 'the entry before it was removed or altered' };
      }
      const expected = entryHash({
        prevHash: row.prev_hash,
        at: new Date(row.at).toISOString(),
        actor: row.actor,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before === null ? null : canonical(parseJson(row.before)),
        after: row.after === null ? null : canonical(parseJson(row.after)),
      });
      if (expected !== row.hash) return { ok: false, entries, firstBad: lastId, reason: 'its content does not match its hash' };
      prev = row.hash;
    }
  }
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}
