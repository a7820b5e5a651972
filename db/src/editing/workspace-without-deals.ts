import { exportWorkspace } from '../workspace/export.js';
import type { Db } from '../workspace/upsert.js';

/**
 * The exported workspace minus the deals: transactions.csv is its header alone. The loader then
 * checks everything a plan or quota edit can break except the deals' cells (a plan summing a
 * column whose cells are not numbers), in milliseconds instead of reading every deal: what
 * inline validation needs on each keystroke. Saving checks the whole export.
 */
export function exportWorkspaceWithoutDeals(db: Db): Promise<Map<string, Uint8Array>> {
  return exportWorkspace(db, { from: '0001-01-01', to: '0001-01-01', payees: [] });
}
