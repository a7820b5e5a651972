import type { WorkspaceFiles } from '@prestasi/workspace';
import { adjustmentsCsv } from './adjustments.js';
import { assignmentsCsv } from './assignments.js';
import { fxCsv } from './fx-rates.js';
import { payeesCsv } from './payees.js';
import { planFiles } from './plans.js';
import { quotasCsv } from './quotas.js';
import { settingsYaml } from './settings.js';
import { type DealScope, transactionsCsv } from './transactions.js';
import type { Db } from './upsert.js';

const encoder = new TextEncoder();

/**
 * The database as a workspace folder (path → bytes): what `prestasi calc` would compute from
 * it is what the server computes. Plans come back byte for byte under their own file names;
 * the CSV files are written afresh. With `deals`, transactions.csv holds only those deals.
 */
export async function exportWorkspace(db: Db, deals?: DealScope): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>([
    ['prestasi.yaml', encoder.encode(await settingsYaml(db))],
    ['payees.csv', await payeesCsv(db)],
  ]);
  for (const [path, bytes] of await planFiles(db)) files.set(path, bytes);
  files.set('assignments.csv', await assignmentsCsv(db));
  files.set('quotas.csv', await quotasCsv(db));
  files.set('fx.csv', await fxCsv(db));
  files.set('transactions.csv', await transactionsCsv(db, deals));
  files.set('adjustments.csv', await adjustmentsCsv(db));
  return files satisfies WorkspaceFiles;
}
