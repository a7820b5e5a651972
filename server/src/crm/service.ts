import { type CrmImportReport, type CrmMapping, crmMapping, type Db, importCrmDeals, listCrmMappings, PRESETS, type SavedMapping, saveCrmMapping } from '@prestasi/db';

export async function importDeals(db: Db, csv: Uint8Array, source: string, dryRun: boolean, listLimit: number | undefined, actor: string): Promise<CrmImportReport> {
  const mapping = await crmMapping(db, source);
  return importCrmDeals(db, csv, { source, mapping, dryRun, actor, ...(listLimit === undefined ? {} : { listLimit }) });
}

export function saveMapping(db: Db, name: string, mapping: CrmMapping, actor: string): Promise<SavedMapping & { readonly created: boolean }> {
  return saveCrmMapping(db, name, mapping, actor);
}

export async function mappings(db: Db): Promise<{ presets: { name: string; mapping: CrmMapping }[]; saved: SavedMapping[] }> {
  return { presets: [...PRESETS].map(([name, mapping]) => ({ name, mapping })), saved: await listCrmMappings(db) };
}
