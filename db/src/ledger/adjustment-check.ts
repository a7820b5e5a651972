import { loadWorkspace, type Problem } from '@prestasi/workspace';
import type { Db } from '../schema.js';
import { csvFile, csvLine } from '../workspace/csv.js';
import { planFiles } from '../workspace/plans.js';
import { settingsYaml } from '../workspace/settings.js';
import { TRANSACTION_COLUMNS } from '../workspace/transactions.js';

export interface AdjustmentRow {
  readonly payee: string;
  readonly period: string;
  readonly plan: string | null;
  readonly amount: string;
  readonly reason: string;
}

export type AdjustmentCheck = { readonly ok: true; readonly plan: string } | { readonly ok: false; readonly problems: readonly Problem[] };

const encoder = new TextEncoder();

/**
 * Checks one adjustment the way the workspace loader checks a row of adjustments.csv, and
 * names the plan it belongs to. The loader reads a small workspace holding only what that row
 * depends on (the settings, the payee, every plan, the payee's assignments, and a header-only
 * transactions.csv so that plans filtering on attribute columns still load), so a single
 * adjustment never costs a read of every transaction, and the rules (and their messages) are
 * the loader's own.
 */
export async function checkAdjustment(db: Db, row: AdjustmentRow): Promise<AdjustmentCheck> {
  const payee = await db.selectFrom('payees').select(['id', 'name']).where('id', '=', row.payee).executeTakeFirst();
  const attributes = (await db.selectFrom('transaction_attributes').select('name').orderBy('name').execute()).map((r) => r.name);
  const files = new Map<string, Uint8Array>([
    ['prestasi.yaml', encoder.encode(await settingsYaml(db))],
    ['payees.csv', csvFile(['id', 'name'], payee ? [[payee.id, payee.name]] : [])],
    ['transactions.csv', encoder.encode(csvLine([...TRANSACTION_COLUMNS, ...attributes]))],
    ['adjustments.csv', csvFile(['payee', 'period', 'plan', 'amount', 'reason'], [[row.payee, row.period, row.plan, row.amount, row.reason]])],
  ]);
  for (const [path, bytes] of await planFiles(db)) files.set(path, bytes);
  const assignments = await db
    .selectFrom('assignments')
    .select(['payee_id', 'plan_id', 'valid_from', 'valid_to'])
    .where('payee_id', '=', row.payee)
    .orderBy('valid_from')
    .execute();
  files.set('assignments.csv', csvFile(['payee', 'plan', 'from', 'to'], assignments.map((a) => [a.payee_id, a.plan_id, a.valid_from, a.valid_to])));
  const loaded = loadWorkspace(files);
  if (!loaded.ok) return { ok: false, problems: loaded.problems.filter((p) => !p.warning) };
  const adjustment = loaded.workspace.input.adjustments[0];
  if (!adjustment) throw new Error('the loader accepted an adjustment and returned none');
  return { ok: true, plan: adjustment.plan };
}
