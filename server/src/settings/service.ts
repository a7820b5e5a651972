import { appendAudit, type Db, DomainError, exportWorkspaceWithoutDeals, lockWorkspace } from '@prestasi/db';
import { loadWorkspace } from '@prestasi/workspace';

export interface Settings {
  readonly currency: string;
  readonly fiscalYearStart: number;
  readonly rounding: 'half_up' | 'half_even';
  readonly language: 'en' | 'ms';
}

export type SettingsChange = { readonly [K in keyof Settings]?: Settings[K] | undefined };

export async function readSettings(db: Db): Promise<Settings> {
  const s = await db.selectFrom('settings').select(['currency', 'fiscal_year_start', 'rounding', 'language']).executeTakeFirstOrThrow();
  return { currency: s.currency, fiscalYearStart: s.fiscal_year_start, rounding: s.rounding, language: s.language };
}

/**
 * Changes the organisation's settings, audited. What is safe when:
 * - language: any time (it changes no figure);
 * - currency and fiscal year start: only while no run exists. Every stored result is in the
 *   base currency and every period label (2026-Q1) means months under the fiscal year; a run
 *   computed under other settings could not be compared, corrected or paid consistently;
 * - rounding: only while no run is paid. Draft and approved runs stay as computed (a new run
 *   shows the change); a paid period would be recomputed by every later run under the new
 *   rounding and each cent of difference paid as a prior-period adjustment.
 * A new currency or fiscal year must leave the data a valid workspace (checked as an import).
 */
export async function changeSettings(db: Db, change: SettingsChange, actor: string): Promise<Settings> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const before = await readSettings(trx);
    const after: Settings = { ...before, ...(Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<Settings>) };
    const changed = (Object.keys(after) as (keyof Settings)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return before;
    if (changed.includes('currency') || changed.includes('fiscalYearStart')) {
      const runs = await trx.selectFrom('runs').select(['period', 'number']).orderBy('id').execute();
      if (runs.length > 0) {
        throw new DomainError(
          'CONFLICT',
          `the currency and the fiscal year start can only change before the first run: ${runs.length} run(s) exist, the first of ${runs[0]!.period}`,
          { runs: runs.length },
        );
      }
      const files = await exportWorkspaceWithoutDeals(trx);
      files.set('prestasi.yaml', new TextEncoder().encode(`currency: ${after.currency}\nfiscal_year_start: ${after.fiscalYearStart}\nrounding: ${after.rounding}\n`));
      const loaded = loadWorkspace(files);
      if (!loaded.ok) throw new DomainError('INVALID_WORKSPACE', 'the data is not a valid workspace under these settings', { problems: loaded.problems });
    }
    if (changed.includes('rounding')) {
      const paid = await trx.selectFrom('runs').select('period').where('status', '=', 'paid').orderBy('id').execute();
      if (paid.length > 0) {
        throw new DomainError('CONFLICT', `rounding can only change while no run is paid: ${paid.map((r) => r.period).join(', ')} ${paid.length === 1 ? 'is' : 'are'} paid`, {
          paid: paid.map((r) => r.period),
        });
      }
    }
    await trx
      .updateTable('settings')
      .set({ currency: after.currency, fiscal_year_start: after.fiscalYearStart, rounding: after.rounding, language: after.language, updated_at: new Date() })
      .execute();
    const pick = (s: Settings) => Object.fromEntries(changed.map((k) => [k, s[k]]));
    await appendAudit(trx, { actor, action: 'settings.update', entity: 'settings', before: pick(before), after: pick(after) });
    return after;
  });
}
