import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceFiles } from './load.js';

const WORKSPACE_FILES = ['prestasi.yaml', 'payees.csv', 'assignments.csv', 'transactions.csv', 'quotas.csv', 'fx.csv', 'adjustments.csv'];

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
  const plansDir = join(dir, 'plans');
  let entries: string[] = [];
  try {
    entries = readdirSync(plansDir);
  } catch {
    entries = [];
  }
  for (const name of entries.sort()) {
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    const bytes = readIfFile(join(plansDir, name));
    if (bytes) files.set(`plans/${name}`, bytes);
  }
  return files;
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
