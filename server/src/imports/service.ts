import { type Db, exportWorkspace, importWorkspace, type ImportSummary } from '@prestasi/db';
import type { WorkspaceFiles } from '@prestasi/workspace';
import { zipWorkspace } from './zip.js';

/** Imports an uploaded workspace as `actor` (the signed-in user or API token), or with `dryRun` says what that would change. */
export function importUpload(db: Db, files: WorkspaceFiles, actor: string, dryRun: boolean): Promise<ImportSummary> {
  return importWorkspace(db, files, { actor, source: 'upload', dryRun });
}

export async function exportZip(db: Db): Promise<Uint8Array> {
  return zipWorkspace(await exportWorkspace(db));
}
