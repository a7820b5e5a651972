import {
  type AdjustmentSource,
  appendAudit,
  type Db,
  DomainError,
  exportWorkspace,
  findRun,
  insertRun,
  insertRunResults,
  latestRun,
  listAdjustments,
  listRuns,
  lockedPeriods,
  lockWorkspace,
  readRunResults,
  runResultPayees,
  type RunLine,
  type RunRecord,
  type RunResult,
  runInputs,
  runTotals,
  type RunTotal,
  workspaceDigest,
} from '@prestasi/db';
import { inBatches, payeeResultObject, unappliedObjects } from '@prestasi/engine';
import { type LoadedWorkspace, loadWorkspace, streamLoaded, type WorkspaceFiles } from '@prestasi/workspace';
import { sees, type Visible } from '../auth/visibility.js';
import { money } from '../money.js';
import { assertOpen, fiscalCalendar, parsePeriod } from '../periods.js';
import { type PriorPeriodOutcome, settlePriorPeriods } from './prior-period.js';
import type { PayeeResultObject } from './result-schema.js';

export interface CreatedRun {
  readonly run: RunRecord;
  readonly totals: readonly RunTotal[];
  readonly priorPeriod: PriorPeriodOutcome;
}

/**
 * Computes a period with the engine and keeps the outcome as a new draft run, numbered after
 * the period's last: the results exactly as `prestasi calc --explain` prints them on the
 * exported workspace, and each of their lines. First, what later data changed in paid periods
 * becomes prior-period adjustments of this one (prior-period.ts), so the run pays them.
 *
 * One transaction under the workspace lock: no import changes the data while it is read, and
 * the run, its results, the adjustments and the audit entries are written all or not at all.
 */
export async function createRun(db: Db, request: { readonly period: string; readonly actor: string }): Promise<CreatedRun> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const calendar = await fiscalCalendar(trx);
    const period = parsePeriod(calendar, request.period);
    const locked = await lockedPeriods(trx);
    assertOpen(calendar, period, locked);

    let files = await exportWorkspace(trx);
    let workspace = load(files);
    const priorPeriod = await settlePriorPeriods(trx, { workspace, calendar, period, locked, actor: request.actor });
    if (priorPeriod.changed) {
      files = await exportWorkspace(trx);
      workspace = load(files);
    }

    const outcome = streamLoaded(workspace, { period: period.label, explain: true });
    if (!outcome.ok) {
      throw new DomainError('INVALID_WORKSPACE', `${period.label} cannot be computed: ${outcome.problems.length} problem(s)`, { problems: outcome.problems });
    }
    const run = await insertRun(trx, {
      period: period.label,
      inputDigest: workspaceDigest(files),
      createdBy: request.actor,
      inputs: { ...(await runInputs(trx, files)) },
      unapplied: unappliedObjects(outcome.result),
    });
    const sources = await adjustmentSources(trx, workspace);
    // Written a batch at a time as the engine computes them: a run's lines and their words (a
    // million deals' worth) are never all in memory.
    for (const batch of inBatches(outcome.result.results, RESULTS_PER_WRITE)) {
      const results = batch.map((r) => {
        const result = payeeResultObject(r, outcome.outputOptions) as PayeeResultObject;
        const from = sources.get(resultKey(result.payee, result.plan, result.period)) ?? [];
        if (from.length !== result.adjustments.length) {
          throw new Error(`result ${result.payee}/${result.plan}/${result.period} has ${result.adjustments.length} adjustments, the table ${from.length}`);
        }
        return {
          payee: result.payee,
          plan: result.plan,
          period: result.period,
          currency: result.currency,
          payout: result.payout,
          result,
          adjustments: from,
          lines: linesOf(result),
        };
      });
      await insertRunResults(trx, run.id, results);
    }
    const totals = (await runTotals(trx, run.id)).map(normalTotal);
    await appendAudit(trx, {
      actor: request.actor,
      action: 'run.create',
      entity: 'run',
      entityId: String(run.id),
      after: {
        id: run.id,
        period: run.period,
        number: run.number,
        status: run.status,
        inputDigest: run.inputDigest,
        results: outcome.result.count,
        totals: totals.map((t) => ({ currency: t.currency, payout: t.payout })),
        priorPeriodAdjustments: priorPeriod.adjustments.map((a) => a.id),
      },
    });
    return { run, totals, priorPeriod };
  });
}

const RESULTS_PER_WRITE = 500;

function load(files: WorkspaceFiles): LoadedWorkspace {
  const loaded = loadWorkspace(files);
  if (!loaded.ok) throw new DomainError('INVALID_WORKSPACE', 'the database does not hold a complete, valid workspace', { problems: loaded.problems });
  return loaded.workspace;
}

const resultKey = (payee: string, plan: string, period: string) => JSON.stringify([payee, plan, period]);

/**
 * The adjustments rows behind each result's adjustments. The export writes adjustments.csv in
 * id order, one line per row, and the loader keeps every line (the workspace is valid), so the
 * rows and the engine's input adjustments pair up one to one; the input names the plan the
 * row left to the payee's only one, and the engine lists a result's adjustments in that order.
 */
async function adjustmentSources(trx: Db, workspace: LoadedWorkspace): Promise<Map<string, AdjustmentSource[]>> {
  const rows = await listAdjustments(trx);
  const { input } = workspace;
  if (rows.length !== input.adjustments.length) throw new Error(`${rows.length} adjustments in the table, ${input.adjustments.length} read back`);
  const out = new Map<string, AdjustmentSource[]>();
  rows.forEach((row, i) => {
    const a = input.adjustments[i]!;
    const key = resultKey(input.payees[a.payee]!.id, a.plan, a.period);
    const list = out.get(key) ?? [];
    list.push({
      id: row.id,
      kind: row.kind,
      correctsTransaction: row.correctsTransaction,
      correctsPeriod: row.correctsPeriod,
      correctsPlan: row.correctsPlan,
      correctsComponent: row.correctsComponent,
      correctsKind: row.correctsKind,
    });
    out.set(key, list);
  });
  return out;
}

/** The lines a run keeps for a result: each component's lines, then the clawbacks. */
function linesOf(result: PayeeResultObject): RunLine[] {
  const lines: RunLine[] = [];
  for (const c of result.components) {
    for (const l of c.lines ?? []) {
      lines.push({ component: c.id, kind: 'line', transaction: l.transaction ?? null, amount: l.amount, explanation: l.explanation ?? null });
    }
  }
  for (const c of result.clawbacks) {
    lines.push({ component: c.component, kind: 'clawback', transaction: c.transaction, amount: c.amount, explanation: c.explanation ?? null });
  }
  return lines;
}

export interface RunView extends RunRecord {
  /** Whether no later run of the period exists: only the latest can be approved and paid. */
  readonly latest: boolean;
}

export async function listRunViews(db: Db, filter: { readonly period?: string | undefined }): Promise<RunView[]> {
  const runs = await listRuns(db, filter);
  const last = new Map<string, number>();
  for (const r of runs) last.set(r.period, Math.max(last.get(r.period) ?? 0, r.number));
  return runs.map((r) => ({ ...r, latest: last.get(r.period) === r.number }));
}

/** A run, NOT_FOUND when there is none with that id. */
export async function runOrNotFound(db: Db, id: number): Promise<RunRecord> {
  const run = await findRun(db, id);
  if (!run) throw new DomainError('NOT_FOUND', `no run ${id}`);
  return run;
}

export async function runView(db: Db, id: number): Promise<RunView> {
  const run = await runOrNotFound(db, id);
  return { ...run, latest: (await latestRun(db, run.period))?.id === run.id };
}

export async function runWithTotals(db: Db, id: number): Promise<{ run: RunView; totals: RunTotal[] }> {
  const run = await runView(db, id);
  return { run, totals: (await runTotals(db, id)).map(normalTotal) };
}

/** Sums put in their currency's form (a sum of nothing is `0` to PostgreSQL). */
export function normalTotal(t: RunTotal): RunTotal {
  const m = (text: string) => money(text, t.currency);
  return { ...t, earned: m(t.earned), clawbacks: m(t.clawbacks), adjustments: m(t.adjustments), drawPaid: m(t.drawPaid), drawRecovered: m(t.drawRecovered), payout: m(t.payout) };
}

/**
 * A run's results that `visible` lets through, all of them or a page of `limit` payees after
 * `after`; `next` is the cursor of the following page, null after the last.
 */
export async function runResults(
  db: Db,
  id: number,
  filter: { readonly payee?: string | undefined; readonly visible: Visible; readonly after?: string | undefined; readonly limit?: number | undefined },
): Promise<{ run: RunView; results: RunResult[]; next: string | null }> {
  const run = await runView(db, id);
  const { payee, visible } = filter;
  const among = payee !== undefined ? new Set(sees(visible, payee) ? [payee] : []) : visible === 'all' ? undefined : visible;
  if (filter.limit === undefined) return { run, results: await readRunResults(db, id, { payees: among, after: filter.after }), next: null };
  const page = await runResultPayees(db, id, { limit: filter.limit, after: filter.after, payees: among });
  const results = page.payees.length === 0 ? [] : await readRunResults(db, id, { payees: new Set(page.payees) });
  return { run, results, next: page.more ? page.payees[page.payees.length - 1]! : null };
}
