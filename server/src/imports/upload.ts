import { DomainError } from '@prestasi/db';
import type { WorkspaceFiles } from '@prestasi/workspace';
import { isWorkspacePath } from '@prestasi/workspace';
import { assertSafePath } from './paths.js';
import { unzipWorkspace } from './zip.js';

const ZIP_TYPES: ReadonlySet<string> = new Set(['application/zip', 'application/x-zip-compressed']);
const encoder = new TextEncoder();

/**
 * The workspace in an upload: a multipart form whose field names are workspace paths
 * (`payees.csv`, `plans/ae.yaml`), or a zip of the workspace folder.
 */
export async function readUpload(request: Request, maxBytes: number): Promise<WorkspaceFiles> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') return readForm(request);
  if (ZIP_TYPES.has(type)) return unzipWorkspace(new Uint8Array(await request.arrayBuffer()), maxBytes);
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `send multipart/form-data or application/zip, not "${type.slice(0, 100)}"`);
}

async function readForm(request: Request): Promise<WorkspaceFiles> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new DomainError('INVALID_INPUT', 'the body is not a readable multipart form');
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, value] of form) {
    assertSafePath(name);
    if (!isWorkspacePath(name)) throw new DomainError('INVALID_INPUT', `"${name.slice(0, 200)}" is not a workspace file`, { name: name.slice(0, 200) });
    if (files.has(name)) throw new DomainError('INVALID_INPUT', `"${name}" is sent twice`, { name });
    files.set(name, typeof value === 'string' ? encoder.encode(value) : new Uint8Array(await value.arrayBuffer()));
  }
  return files;
}
