import type { Settings } from '@prestasi/engine';
import { DomainError } from '../errors.js';
import type { Db } from './upsert.js';

/** Makes the settings row say `settings`; 1 when that changed it. */
export async function writeSettings(db: Db, settings: Settings): Promise<number> {
  const now = await db.selectFrom('settings').select(['currency', 'fiscal_year_start', 'rounding']).executeTakeFirstOrThrow();
  if (now.currency === settings.currency && now.fiscal_year_start === settings.fiscalYearStart && now.rounding === settings.rounding) {
    return 0;
  }
  await assertSettingsMayChange(db, { currency: now.currency, fiscalYearStart: now.fiscal_year_start, rounding: now.rounding }, settings);
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

/**
 * What the settings that shape every figure may change to, given the runs already made:
 * - currency and fiscal year start: only while no run exists. Every stored result is in the
 *   base currency and every period label (2026-Q1) means months under the fiscal year; a run
 *   computed under other settings could not be compared, corrected or paid consistently;
 * - rounding: only while no run is paid. Draft and approved runs stay as computed (a new run
 *   shows the change); a paid period would be recomputed by every later run under the new
 *   rounding and each cent of difference paid as a prior-period adjustment.
 * CONFLICT otherwise, from the settings API and from imports alike.
 */
export async function assertSettingsMayChange(db: Db, before: Settings, after: Settings): Promise<void> {
  if (before.currency !== after.currency || before.fiscalYearStart !== after.fiscalYearStart) {
    const runs = await db.selectFrom('runs').select(['period', 'number']).orderBy('id').execute();
    if (runs.length > 0) {
      throw new DomainError(
        'CONFLICT',
        `the currency and the fiscal year start can only change before the first run: ${runs.length} run(s) exist, the first of ${runs[0]!.period}`,
        { runs: runs.length },
      );
    }
  }
  if (before.rounding !== after.rounding) {
    const paid = await db.selectFrom('runs').select('period').where('status', '=', 'paid').orderBy('id').execute();
    if (paid.length > 0) {
      throw new DomainError('CONFLICT', `rounding can only change while no run is paid: ${paid.map((r) => r.period).join(', ')} ${paid.length === 1 ? 'is' : 'are'} paid`, {
        paid: paid.map((r) => r.period),
      });
    }
  }
}
