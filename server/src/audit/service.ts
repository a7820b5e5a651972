import type { Db } from '@prestasi/db';

export interface AuditFilter {
  /** Entries older than this id (the `next` of the page before). */
  readonly before?: number | undefined;
  readonly limit: number;
  readonly entity?: string | undefined;
  readonly entityId?: string | undefined;
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
}

export interface AuditRow {
  readonly id: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

/** A page of the audit log, newest first, by id (the order of the hash chain); `next` reads on from the last. */
export async function auditPage(db: Db, filter: AuditFilter): Promise<{ entries: AuditRow[]; next: number | null }> {
  let query = db.selectFrom('audit_log').select(['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'before', 'after']).orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.before !== undefined) query = query.where('id', '<', String(filter.before));
  if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  const rows = await query.execute();
  const entries = rows.slice(0, filter.limit).map((r) => ({
    id: Number(r.id),
    at: new Date(r.at),
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: parse(r.before),
    after: parse(r.after),
  }));
  return { entries, next: rows.length > filter.limit ? entries.at(-1)!.id : null };
}

/** jsonb comes back parsed from PostgreSQL and as text from some drivers. */
function parse(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}
