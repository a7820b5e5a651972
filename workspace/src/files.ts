import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceFiles } from './load.js';

const WORKSPACE_FILES = ['prestasi.yaml', 'payees.csv', 'assignments.csv', 'transactions.csv', 'quotas.csv', 'fx.csv', 'adjustments.csv'];
const WORKSPACE_PATH = /^(?:prestasi\.yaml|(?:payees|assignments|transactions|quotas|fx|adjustments)\.csv|plans\/[^/]+\.(?:ya?ml|json)|transactions\/[^/]+\.csv)$/;

/** A path the workspace format reads (`payees.csv`, `plans/ae.yaml`, `transactions/2026-01.csv`, …). */
export function isWorkspacePath(path: string): boolean {
  return WORKSPACE_PATH.test(path);
}

/**
 * Reads the files of a workspace folder that the format defines. Throws a `WorkspaceFolderError`
 * when the folder itself is missing.
 */
export function readWorkspaceFolder(dir: string): WorkspaceFiles {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new WorkspaceFolderError(`${dir}: not a workspace folder`);
  const files = new Map<string, Uint8Array>();
  for (const name of WORKSPACE_FILES) {
    const bytes = readIfFile(join(dir, name));
    if (bytes) files.set(name, bytes);
  }
  readFolder(dir, 'plans', /\.(ya?ml|json)$/, files);
  readFolder(dir, 'transactions', /\.csv$/, files);
  return files;
}

/** The files of `dir/sub` whose names match, as `sub/name`; none when the folder is missing. */
function readFolder(dir: string, sub: string, names: RegExp, files: Map<string, Uint8Array>): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(join(dir, sub));
  } catch {
    entries = [];
  }
  for (const name of entries.sort()) {
    if (!names.test(name)) continue;
    const bytes = readIfFile(join(dir, sub, name));
    if (bytes) files.set(`${sub}/${name}`, bytes);
  }
}

function readIfFile(path: string): Uint8Array | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

export class WorkspaceFolderError extends Error {
  override readonly name = 'WorkspaceFolderError';
}
