import { createHash } from 'node:crypto';
import { compareCodePoints } from '@prestasi/engine';
import { isWorkspacePath, loadWorkspace, type Problem, transactionFilePaths, type WorkspaceFiles } from '@prestasi/workspace';
import { appendAudit } from '../audit.js';
import { DomainError } from '../errors.js';
import { lockWorkspace } from '../workspace-lock.js';
import { readAdjustments, writeAdjustments } from './adjustments.js';
import { readAssignments, writeAssignments } from './assignments.js';
import { exportWorkspace } from './export.js';
import { readFxRates, writeFxRates } from './fx-rates.js';
import { readPayees, writePayees } from './payees.js';
import { readPlans, writePlans } from './plans.js';
import { readQuotas, writeQuotas } from './quotas.js';
import { writeSettings } from './settings.js';
import { attributeColumns, readTransactions, writeTransactions } from './transactions.js';
import type { Db } from './upsert.js';

export interface ImportOptions {
  /** Who imports: recorded on the batch, new plan versions and adjustments. */
  readonly actor: string;
  /** Where the files came from (`upload`, `cli`, …), recorded on the batch. */
  readonly source?: string;
  /**
   * Do everything an import does, conflict check included, then roll it all back: the summary
   * says what the import would change, and nothing is written (no batch, no audit entry).
   */
  readonly dryRun?: boolean;
}

export interface ImportSummary {
  /** The import batch recorded; null for a dry run. */
  readonly batch: number | null;
  readonly dryRun: boolean;
  /** Rows inserted, updated or deleted, per table: all zero when nothing changed. */
  readonly changed: Readonly<Record<string, number>>;
  /** The loader's warnings (unknown settings, …): the import went ahead. */
  readonly warnings: readonly Problem[];
}

/**
 * Writes a workspace into the database, all of it or nothing, in one transaction.
 *
 * Rows are matched by their natural keys (payee id, plan id, transaction id, …) and updated in
 * place; nothing is deleted, so the result is the database's data merged with the workspace's.
 * Rows equal to the file are not touched, so importing the same workspace twice changes nothing.
 *
 * Throws INVALID_WORKSPACE with the loader's `FILE:LINE` problems when the files are invalid,
 * and CONFLICT when they are valid alone but not merged with what the database holds (an
 * assignment overlapping one imported earlier, say); either way nothing is written.
 */
export async function importWorkspace(db: Db, files: WorkspaceFiles, options: ImportOptions): Promise<ImportSummary> {
  const loaded = loadWorkspace(files);
  const nul = nulProblems(files);
  if (!loaded.ok || nul.length > 0) {
    const problems = [...(loaded.ok ? [] : loaded.problems), ...nul];
    throw new DomainError('INVALID_WORKSPACE', `the workspace has ${problems.filter((p) => !p.warning).length} problem(s)`, { problems });
  }
  const { input, planFiles } = loaded.workspace;
  const transactionFiles = transactionFilePaths(files.keys()).map((path) => files.get(path)!);

  if (options.dryRun) {
    // The same writes in the same transaction, undone by throwing once they are all made.
    try {
      await db.transaction().execute(async (trx) => {
        throw new RolledBack(await writeAll(trx));
      });
    } catch (e) {
      if (e instanceof RolledBack) return { batch: null, dryRun: true, changed: e.changed, warnings: loaded.warnings };
      throw e;
    }
  }

  return db.transaction().execute(async (trx) => {
    const changed = await writeAll(trx);
    const batch = await trx
      .insertInto('import_batches')
      .values({ actor: options.actor, source: options.source ?? 'workspace', digest: digest(files), summary: JSON.stringify(changed) })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The rows themselves stay in the tables; the entry records who changed how much, from which files.
    await appendAudit(trx, {
      actor: options.actor,
      action: 'workspace.import',
      entity: 'import_batch',
      entityId: String(batch.id),
      after: { source: options.source ?? 'workspace', digest: digest(files), changed },
    });
    return { batch: batch.id, dryRun: false, changed, warnings: loaded.warnings };
  });

  /** Writes every file under the workspace lock and checks the merged result; what changed per table. */
  async function writeAll(trx: Db): Promise<Record<string, number>> {
    await lockWorkspace(trx);
    const wasEmpty = (await trx.selectFrom('payees').select('id').limit(1).executeTakeFirst()) === undefined;
    const changed: Record<string, number> = {};
    changed['settings'] = await writeSettings(trx, input.settings);
    Object.assign(changed, await writePayees(trx, readPayees(files.get('payees.csv'))));
    Object.assign(changed, await writePlans(trx, readPlans(files, input.plans, planFiles), options.actor));
    changed['assignments'] = await writeAssignments(trx, readAssignments(files.get('assignments.csv')));
    changed['quotas'] = await writeQuotas(trx, readQuotas(files.get('quotas.csv')));
    changed['fx_rates'] = await writeFxRates(trx, readFxRates(files.get('fx.csv'), input.settings.currency));
    for (const bytes of transactionFiles) addCounts(changed, await writeTransactions(trx, readTransactions(bytes), attributeColumns(bytes)));
    changed['adjustments'] = await writeAdjustments(trx, readAdjustments(files.get('adjustments.csv')), options.actor);

    // Into an empty database the result is the workspace itself, already checked. Merged with
    // earlier data it is checked whole, with the same loader, before anything is committed.
    if (!wasEmpty) {
      const merged = loadWorkspace(await exportWorkspace(trx));
      if (!merged.ok) {
        throw new DomainError('CONFLICT', 'the workspace is valid, but not together with what the database already holds', {
          problems: merged.problems,
        });
      }
    }
    return changed;
  }
}

/** Carries a dry run's summary out of the transaction it rolls back. */
class RolledBack extends Error {
  constructor(readonly changed: Record<string, number>) {
    super('dry run: rolled back');
  }
}

function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [table, n] of Object.entries(counts)) into[table] = (into[table] ?? 0) + n;
}

/** sha256 over the files' paths and bytes, in path order. */
function digest(files: WorkspaceFiles): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort(compareCodePoints)) {
    hash.update(`${path}\u0000${files.get(path)!.length}\u0000`);
    hash.update(files.get(path)!);
  }
  return hash.digest('hex');
}

/** PostgreSQL text cannot hold U+0000, which the file formats themselves allow. */
function nulProblems(files: WorkspaceFiles): Problem[] {
  const problems: Problem[] = [];
  for (const [file, bytes] of files) {
    const at = isWorkspacePath(file) ? bytes.indexOf(0) : -1;
    if (at < 0) continue;
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    problems.push({ file, line, message: 'holds a NUL character, which the database cannot store' });
  }
  return problems;
}
