import { appendAudit, assertSettingsMayChange, type Db, DomainError, exportWorkspaceWithoutDeals, lockWorkspace } from '@prestasi/db';
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
 * Changes the organisation's settings, audited. The language any time (it changes no figure);
 * currency, fiscal year start and rounding as `assertSettingsMayChange` allows, imports alike.
 * A new currency or fiscal year must leave the data a valid workspace (checked as an import).
 */
export async function changeSettings(db: Db, change: SettingsChange, actor: string): Promise<Settings> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const before = await readSettings(trx);
    const after: Settings = { ...before, ...(Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<Settings>) };
    const changed = (Object.keys(after) as (keyof Settings)[]).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return before;
    await assertSettingsMayChange(trx, before, after);
    if (changed.includes('currency') || changed.includes('fiscalYearStart')) {
      const files = await exportWorkspaceWithoutDeals(trx);
      files.set('prestasi.yaml', new TextEncoder().encode(`currency: ${after.currency}\nfiscal_year_start: ${after.fiscalYearStart}\nrounding: ${after.rounding}\n`));
      const loaded = loadWorkspace(files);
      if (!loaded.ok) throw new DomainError('INVALID_WORKSPACE', 'the data is not a valid workspace under these settings', { problems: loaded.problems });
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
