import { type LoadedWorkspace, loadWorkspace } from '@prestasi/workspace';
import { DomainError } from '../errors.js';
import { exportWorkspace } from './export.js';
import type { DealScope } from './transactions.js';
import type { Db } from './upsert.js';

/**
 * What the engine computes from: the database read back through the workspace loader, so the
 * server and `prestasi calc` on an export cannot disagree. `.input` is the `EngineInput`; the
 * rest points calculation problems at files and lines of that export. With `deals`, the input
 * holds only those deals: right for the payees whose results depend on no others.
 */
export async function loadEngineInput(db: Db, deals?: DealScope): Promise<LoadedWorkspace> {
  const loaded = loadWorkspace(await exportWorkspace(db, deals));
  if (!loaded.ok) {
    throw new DomainError('INVALID_WORKSPACE', 'the database does not hold a complete, valid workspace', { problems: loaded.problems });
  }
  return loaded.workspace;
}
