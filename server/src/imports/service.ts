import { type Db, exportWorkspace, importWorkspace, type ImportSummary } from '@prestasi/db';
import type { WorkspaceFiles } from '@prestasi/workspace';
import { zipWorkspace } from './zip.js';

/** Until requests carry a signed-in user, imports through the API are recorded under this name. */
const API_ACTOR = 'api';

export function importUpload(db: Db, files: WorkspaceFiles): Promise<ImportSummary> {
  return importWorkspace(db, files, { actor: API_ACTOR, source: 'upload' });
}

export async function exportZip(db: Db): Promise<Uint8Array> {
  return zipWorkspace(await exportWorkspace(db));
}
