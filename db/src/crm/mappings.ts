import { sql } from 'kysely';
import { appendAudit } from '../audit.js';
import { DomainError } from '../errors.js';
import type { Db } from '../schema.js';
import { type CrmMapping, MAPPING_NAME, mappingProblems } from './mapping.js';
import { PRESETS } from './presets.js';

export interface SavedMapping {
  readonly name: string;
  readonly mapping: CrmMapping;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * Saves a mapping under a name (crm_mappings.source), creating or replacing it, with an audit
 * entry holding the mapping before and after. Preset names are taken: save a copy of a preset
 * under a name of its own (keeping its `idPrefix` keeps its external ids).
 */
export async function saveCrmMapping(db: Db, name: string, mapping: CrmMapping, actor: string): Promise<SavedMapping & { readonly created: boolean }> {
  if (!MAPPING_NAME.test(name)) {
    throw new DomainError('INVALID_INPUT', 'a mapping name is 1-64 lower-case letters, digits, "_" or "-", starting with a letter or digit', { name: name.slice(0, 100) });
  }
  if (PRESETS.has(name)) throw new DomainError('CONFLICT', `"${name}" is a built-in preset; save your mapping under another name`, { name });
  const problems = mappingProblems(mapping);
  if (problems.length > 0) throw new DomainError('INVALID_INPUT', `the mapping has ${problems.length} problem(s)`, { problems });
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('crm_mappings').select('mapping').where('source', '=', name).forUpdate().executeTakeFirst();
    const row = await trx
      .insertInto('crm_mappings')
      .values({ source: name, mapping: JSON.stringify(mapping) })
      .onConflict((oc) => oc.column('source').doUpdateSet({ mapping: (eb) => eb.ref('excluded.mapping'), updated_at: sql`now()` }))
      .returning(['source', 'mapping', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor,
      action: before === undefined ? 'crm_mapping.create' : 'crm_mapping.update',
      entity: 'crm_mapping',
      entityId: name,
      before: before?.mapping,
      after: mapping,
    });
    return { name: row.source, mapping: row.mapping as unknown as CrmMapping, createdAt: row.created_at, updatedAt: row.updated_at, created: before === undefined };
  });
}

export async function listCrmMappings(db: Db): Promise<SavedMapping[]> {
  const rows = await db.selectFrom('crm_mappings').select(['source', 'mapping', 'created_at', 'updated_at']).orderBy('source').execute();
  return rows.map((r) => ({ name: r.source, mapping: r.mapping as unknown as CrmMapping, createdAt: r.created_at, updatedAt: r.updated_at }));
}

/** The mapping an import names: a preset, or one saved earlier. */
export async function crmMapping(db: Db, source: string): Promise<CrmMapping> {
  const preset = PRESETS.get(source);
  if (preset !== undefined) return preset;
  const row = await db.selectFrom('crm_mappings').select('mapping').where('source', '=', source).executeTakeFirst();
  if (row === undefined) {
    throw new DomainError('NOT_FOUND', `no CRM mapping named "${source.slice(0, 100)}": use salesforce, hubspot or a mapping saved with PUT /api/crm/mappings/{name}`, {
      source: source.slice(0, 100),
    });
  }
  return row.mapping as unknown as CrmMapping;
}
