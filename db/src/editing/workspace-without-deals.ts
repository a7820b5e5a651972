import type { WorkspaceFiles } from '@prestasi/workspace';
import { adjustmentsCsv } from '../workspace/adjustments.js';
import { assignmentsCsv } from '../workspace/assignments.js';
import { csvLine } from '../workspace/csv.js';
import { fxCsv } from '../workspace/fx-rates.js';
import { payeesCsv } from '../workspace/payees.js';
import { planFiles } from '../workspace/plans.js';
import { quotasCsv } from '../workspace/quotas.js';
import { settingsYaml } from '../workspace/settings.js';
import { TRANSACTION_COLUMNS } from '../workspace/transactions.js';
import type { Db } from '../workspace/upsert.js';

const encoder = new TextEncoder();

/**
 * The exported workspace minus the deals: transactions.csv is its header alone. The loader then
 * checks everything a plan or quota edit can break except the deals' cells (a plan summing a
 * column whose cells are not numbers), in milliseconds instead of reading every deal: what
 * inline validation needs on each keystroke. Saving checks the whole export.
 */
export async function exportWorkspaceWithoutDeals(db: Db): Promise<Map<string, Uint8Array>> {
  const attributes = (await db.selectFrom('transaction_attributes').select('name').orderBy('name').execute()).map((r) => r.name);
  const files = new Map<string, Uint8Array>([
    ['prestasi.yaml', encoder.encode(await settingsYaml(db))],
    ['payees.csv', await payeesCsv(db)],
  ]);
  for (const [path, bytes] of await planFiles(db)) files.set(path, bytes);
  files.set('assignments.csv', await assignmentsCsv(db));
  files.set('quotas.csv', await quotasCsv(db));
  files.set('fx.csv', await fxCsv(db));
  files.set('transactions.csv', encoder.encode(csvLine([...TRANSACTION_COLUMNS, ...attributes])));
  files.set('adjustments.csv', await adjustmentsCsv(db));
  return files satisfies WorkspaceFiles;
}
