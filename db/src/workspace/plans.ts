import { DomainError } from '../errors.js';
import type { Db } from './upsert.js';

interface PlanRow {
  readonly id: string;
  readonly name: string;
  /** The name under plans/, extension included. */
  readonly fileName: string;
  readonly source: string;
}

// The BOM is kept: the source is stored as written, to export the very same bytes.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function readPlans(
  files: ReadonlyMap<string, Uint8Array>,
  plans: readonly { readonly id: string; readonly name: string }[],
  planFiles: ReadonlyMap<string, { readonly file: string }>,
): PlanRow[] {
  return plans.map(({ id, name }) => {
    const path = planFiles.get(id)!.file;
    return { id, name, fileName: path.slice('plans/'.length), source: decoder.decode(files.get(path)!) };
  });
}

/**
 * Upserts the plans; a plan whose source or file name changed gets a new version, so the
 * versions are the plan's history. Returns the rows changed in each table.
 */
export async function writePlans(db: Db, rows: readonly PlanRow[], actor: string): Promise<{ plans: number; plan_versions: number }> {
  const latest = new Map((await latestVersions(db)).map((v) => [v.plan_id, v]));
  let plans = 0;
  let versions = 0;
  for (const row of rows) {
    const current = latest.get(row.id);
    if (!current) {
      await db.insertInto('plans').values({ id: row.id, name: row.name }).execute();
      plans++;
    } else {
      const renamed = await db.updateTable('plans').set({ name: row.name }).where('id', '=', row.id).where('name', '<>', row.name).executeTakeFirst();
      plans += Number(renamed.numUpdatedRows);
    }
    if (current && current.source === row.source && current.file_name === row.fileName) continue;
    await db
      .insertInto('plan_versions')
      .values({ plan_id: row.id, version: (current?.version ?? 0) + 1, file_name: row.fileName, source: row.source, created_by: actor })
      .execute();
    versions++;
  }
  const byFile = new Map<string, string[]>();
  for (const v of await latestVersions(db)) byFile.set(v.file_name, [...(byFile.get(v.file_name) ?? []), v.plan_id]);
  for (const [file, ids] of byFile) {
    if (ids.length > 1) throw new DomainError('CONFLICT', `plans/${file} would hold ${ids.length} plans: ${ids.join(', ')}`, { file: `plans/${file}`, plans: ids });
  }
  return { plans, plan_versions: versions };
}

/** Each plan's newest version. */
export function latestVersions(db: Db) {
  return db
    .selectFrom('plan_versions as v')
    .select(['v.plan_id', 'v.version', 'v.file_name', 'v.source'])
    .where(({ eb, selectFrom }) =>
      eb('v.version', '=', selectFrom('plan_versions as w').select(({ fn }) => fn.max('w.version').as('max')).whereRef('w.plan_id', '=', 'v.plan_id')),
    )
    .orderBy('v.plan_id')
    .execute();
}

const encoder = new TextEncoder();

/** plans/FILE → the newest source of each plan. */
export async function planFiles(db: Db): Promise<Map<string, Uint8Array>> {
  return new Map((await latestVersions(db)).map((v) => [`plans/${v.file_name}`, encoder.encode(v.source)]));
}
