import { createHash } from 'node:crypto';
import { compareCodePoints } from '@prestasi/engine';
import type { WorkspaceFiles } from '@prestasi/workspace';
import type { Db, JsonValue } from '../schema.js';
import { csvRows } from '../workspace/csv.js';
import { latestVersions } from '../workspace/plans.js';

/**
 * What a run was computed from, small enough to keep with every run, so that two runs can say
 * why their results differ without keeping copies of the data: a digest of every file of the
 * exported workspace, the version of every plan, and per payee a digest of their row in
 * payees.csv and of their quotas, assignments and adjustments.
 */
export interface RunInputs {
  readonly files: Readonly<Record<string, string>>;
  readonly plans: Readonly<Record<string, number>>;
  readonly payees: Readonly<Record<string, string>>;
  readonly quotas: Readonly<Record<string, string>>;
  readonly assignments: Readonly<Record<string, string>>;
  readonly adjustments: Readonly<Record<string, string>>;
}

/** The digest of the whole workspace: sha256 over each file's path, length and bytes, in path order. */
export function workspaceDigest(files: WorkspaceFiles): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort(compareCodePoints)) {
    hash.update(`${path}\u0000${files.get(path)!.length}\u0000`);
    hash.update(files.get(path)!);
  }
  return hash.digest('hex');
}

/** `files` is the export the run computed from, read inside the run's transaction. */
export async function runInputs(db: Db, files: WorkspaceFiles): Promise<RunInputs> {
  const digests: Record<string, string> = {};
  for (const path of [...files.keys()].sort(compareCodePoints)) digests[path] = createHash('sha256').update(files.get(path)!).digest('hex');
  const plans: Record<string, number> = {};
  for (const v of await latestVersions(db)) plans[v.plan_id] = v.version;
  return {
    files: digests,
    plans,
    payees: byPayee(files.get('payees.csv'), 'id'),
    quotas: byPayee(files.get('quotas.csv'), 'payee'),
    assignments: byPayee(files.get('assignments.csv'), 'payee'),
    adjustments: byPayee(files.get('adjustments.csv'), 'payee'),
  };
}

/** A short digest of each payee's rows of a CSV file, in file order. */
function byPayee(bytes: Uint8Array | undefined, column: string): Record<string, string> {
  const rows = new Map<string, string[]>();
  for (const row of csvRows(bytes)) {
    const payee = row[column] ?? '';
    const list = rows.get(payee) ?? [];
    list.push(JSON.stringify(row));
    rows.set(payee, list);
  }
  const out: Record<string, string> = {};
  for (const payee of [...rows.keys()].sort(compareCodePoints)) {
    // 16 hex digits tell a change apart as well as 64 here, at a quarter of the size per run.
    out[payee] = createHash('sha256').update(rows.get(payee)!.join('\n')).digest('hex').slice(0, 16);
  }
  return out;
}

/** Reads back what `runInputs` stored; a run from before 0002 has none of it. */
export function parseRunInputs(value: JsonValue | undefined): RunInputs {
  const o = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
  const map = <T>(key: string): Record<string, T> => {
    const v = o[key];
    return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, T>) : {};
  };
  return {
    files: map<string>('files'),
    plans: map<number>('plans'),
    payees: map<string>('payees'),
    quotas: map<string>('quotas'),
    assignments: map<string>('assignments'),
    adjustments: map<string>('adjustments'),
  };
}
