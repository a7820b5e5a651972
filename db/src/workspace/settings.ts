import type { Settings } from '@prestasi/engine';
import type { Db } from './upsert.js';

/** Makes the settings row say `settings`; 1 when that changed it. */
export async function writeSettings(db: Db, settings: Settings): Promise<number> {
  const now = await db.selectFrom('settings').select(['currency', 'fiscal_year_start', 'rounding']).executeTakeFirstOrThrow();
  if (now.currency === settings.currency && now.fiscal_year_start === settings.fiscalYearStart && now.rounding === settings.rounding) {
    return 0;
  }
  await db
    .updateTable('settings')
    .set({ currency: settings.currency, fiscal_year_start: settings.fiscalYearStart, rounding: settings.rounding, updated_at: new Date() })
    .execute();
  return 1;
}

/** prestasi.yaml for the settings row. */
export async function settingsYaml(db: Db): Promise<string> {
  const s = await db.selectFrom('settings').select(['currency', 'fiscal_year_start', 'rounding']).executeTakeFirstOrThrow();
  return `currency: ${s.currency}\nfiscal_year_start: ${s.fiscal_year_start}\nrounding: ${s.rounding}\n`;
}
