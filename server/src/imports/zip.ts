import { DomainError } from '@prestasi/db';
import type { WorkspaceFiles } from '@prestasi/workspace';
import { type UnzipFileInfo, unzipSync, zipSync } from 'fflate';
import { isWorkspacePath } from '@prestasi/workspace';
import { assertSafePath } from './paths.js';

/** More entries than any workspace has; past it the archive is junk or an attack. */
const MAX_ENTRIES = 10_000;

/**
 * The workspace files of a zip. The workspace may sit at the top of the archive or in one folder
 * (as zipping a folder gives): its root is where the shallowest payees.csv is. Other files are
 * ignored. Sizes are checked against `maxBytes` before anything is inflated, and fflate inflates
 * each entry into a buffer of its declared size, so an entry lying about its size cannot grow.
 */
export function unzipWorkspace(zip: Uint8Array, maxBytes: number): WorkspaceFiles {
  const entries: UnzipFileInfo[] = [];
  try {
    unzipSync(zip, {
      filter: (entry) => {
        entries.push(entry);
        return false;
      },
    });
  } catch {
    throw new DomainError('INVALID_INPUT', 'the body is not a readable zip archive');
  }
  if (entries.length > MAX_ENTRIES) throw new DomainError('PAYLOAD_TOO_LARGE', `the zip holds more than ${MAX_ENTRIES} entries`);
  const files = entries.filter((e) => !e.name.endsWith('/'));
  for (const e of files) assertSafePath(e.name);
  const root = rootOf(files.map((e) => e.name));
  const wanted = new Set(files.filter((e) => e.name.startsWith(root) && isWorkspacePath(e.name.slice(root.length))).map((e) => e.name));
  const total = files.filter((e) => wanted.has(e.name)).reduce((n, e) => n + e.originalSize, 0);
  if (total > maxBytes) throw new DomainError('PAYLOAD_TOO_LARGE', `the workspace inflates to more than ${maxBytes} bytes`, { maxBytes });
  let inflated: Record<string, Uint8Array>;
  try {
    inflated = unzipSync(zip, { filter: (entry) => wanted.has(entry.name) });
  } catch {
    throw new DomainError('INVALID_INPUT', 'the body is not a readable zip archive');
  }
  return new Map(Object.entries(inflated).map(([name, bytes]) => [name.slice(root.length), bytes]));
}

/** `dir/` holding the shallowest payees.csv, or "" for the top of the archive. */
function rootOf(names: readonly string[]): string {
  const candidates = names.filter((n) => n === 'payees.csv' || n.endsWith('/payees.csv'));
  candidates.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  const first = candidates[0];
  return first === undefined ? '' : first.slice(0, first.length - 'payees.csv'.length);
}

/** A workspace as a zip, files at the top. */
export function zipWorkspace(files: WorkspaceFiles): Uint8Array {
  return zipSync(Object.fromEntries(files));
}
