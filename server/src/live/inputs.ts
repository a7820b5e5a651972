import { type Db, DomainError, exportWorkspace, liveInputsVersion } from '@prestasi/db';
import { type LoadedWorkspace, loadWorkspace } from '@prestasi/workspace';

/** No deal is dated on this day: the export of the inputs without any deal. */
const NO_DEALS = { from: '0001-01-01', to: '0001-01-01', payees: [] } as const;

/**
 * Everything the engine reads but the deals (settings, people, plans, assignments, quotas, rates,
 * adjustments), read and checked once per version of them (migration 0005 bumps the version on
 * every change), so that a deal's update reads only the deals it needs. One per process.
 */
export class InputsCache {
  private cached: { readonly version: string; readonly workspace: LoadedWorkspace } | undefined;

  async get(db: Db): Promise<LoadedWorkspace> {
    const version = await liveInputsVersion(db);
    if (this.cached?.version === version) return this.cached.workspace;
    const loaded = loadWorkspace(await exportWorkspace(db, NO_DEALS));
    if (!loaded.ok) {
      throw new DomainError('INVALID_WORKSPACE', 'the database does not hold a complete, valid workspace', { problems: loaded.problems });
    }
    this.cached = { version, workspace: loaded.workspace };
    return loaded.workspace;
  }
}
