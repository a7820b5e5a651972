import { csvFile, csvRows } from './csv.js';
import { chunks, type Db, differs, written } from './upsert.js';

interface FxRow {
  readonly currency: string;
  readonly valid_from: string;
  readonly rate: string;
}

/** The rows of fx.csv, less the base currency's own (always 1, and the loader skips it). */
export function readFxRates(bytes: Uint8Array | undefined, baseCurrency: string): FxRow[] {
  return csvRows(bytes)
    .map((r) => ({ currency: r['currency'] ?? '', valid_from: r['date'] ?? '', rate: r['rate'] ?? '' }))
    .filter((r) => r.currency !== baseCurrency);
}

export async function writeFxRates(db: Db, rows: readonly FxRow[]): Promise<number> {
  let changed = 0;
  for (const chunk of chunks(rows)) {
    const result = await db
      .insertInto('fx_rates')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .columns(['currency', 'valid_from'])
          .doUpdateSet((eb) => ({ rate: eb.ref('excluded.rate') }))
          .where(differs('fx_rates', ['rate'])),
      )
      .executeTakeFirst();
    changed += written(result);
  }
  return changed;
}

export async function fxCsv(db: Db): Promise<Uint8Array> {
  const rows = await db.selectFrom('fx_rates').selectAll().orderBy('currency').orderBy('valid_from').execute();
  return csvFile(['date', 'currency', 'rate'], rows.map((r) => [r.valid_from, r.currency, r.rate]));
}
