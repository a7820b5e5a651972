import { type Component, FiscalCalendar, formatDay, formulaReferences, parseDay, type Plan } from '@prestasi/engine';
import { loadWorkspace } from '@prestasi/workspace';
import type { Db } from '../schema.js';
import { assignmentsCsv } from '../workspace/assignments.js';
import { csvLine } from '../workspace/csv.js';
import { payeesCsv } from '../workspace/payees.js';
import { planFiles } from '../workspace/plans.js';
import { settingsYaml } from '../workspace/settings.js';
import { TRANSACTION_COLUMNS } from '../workspace/transactions.js';

export interface MissingQuota {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly measure: string;
  /** The components that need it. */
  readonly components: readonly string[];
  readonly why: string;
}

export const QUOTA_RULE =
  'Missing quotas: for every assignment, every period of its plan that overlaps both the assignment and the span of deal ' +
  'dates held (first deal to last), each measure a component needs a quota for (commission with tiers on attainment, bonus ' +
  'on attainment, formulas calling quota() or attainment()) must have a quota row for that period or for the fiscal year ' +
  'containing it. A run of such a period would stop with "missing quota".';

const encoder = new TextEncoder();

/** Which measures of a plan need a quota, and for which components (as the engine decides it). */
function quotaNeeds(plan: Plan): Map<string, string[]> {
  const needs = new Map<string, string[]>();
  const add = (measure: string, component: Component) => needs.set(measure, [...(needs.get(measure) ?? []), component.id]);
  for (const c of plan.components) {
    if (c.type === 'commission' && c.basis === 'attainment' && c.rate === undefined) add(c.measure, c);
    else if (c.type === 'bonus' && c.basis === 'attainment') add(c.measure, c);
    else if (c.type === 'formula') for (const m of formulaReferences(c.formula).quotaMeasures) add(m, c);
  }
  return needs;
}

/**
 * Plans as the engine reads them. The plans are read through the workspace loader with the
 * database's own payees, assignments and attribute columns (a plan may filter on any of
 * them), but not the transactions: a million deals are not needed to know what a plan asks.
 */
async function readPlans(db: Db): Promise<{ plans: readonly Plan[]; problems: readonly string[] }> {
  const attributes = (await db.selectFrom('transaction_attributes').select('name').orderBy('name').execute()).map((r) => r.name);
  const files = new Map<string, Uint8Array>([
    ['prestasi.yaml', encoder.encode(await settingsYaml(db))],
    ['payees.csv', await payeesCsv(db)],
    ['assignments.csv', await assignmentsCsv(db)],
    ['transactions.csv', encoder.encode(csvLine([...TRANSACTION_COLUMNS, ...attributes]))],
  ]);
  for (const [path, bytes] of await planFiles(db)) files.set(path, bytes);
  const loaded = loadWorkspace(files);
  if (!loaded.ok) return { plans: [], problems: loaded.problems.filter((p) => !p.warning).map((p) => `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`) };
  return { plans: loaded.workspace.input.plans, problems: [] };
}

export async function missingQuotas(db: Db, limit: number): Promise<{ total: number; items: MissingQuota[]; problems: readonly string[] }> {
  const span = await db.selectFrom('transactions').select(({ fn }) => [fn.min('date').as('first'), fn.max('date').as('last')]).executeTakeFirst();
  if (span?.first == null || span.last == null) return { total: 0, items: [], problems: [] };
  const { plans, problems } = await readPlans(db);
  if (plans.length === 0) return { total: 0, items: [], problems };
  const { fiscal_year_start } = await db.selectFrom('settings').select('fiscal_year_start').executeTakeFirstOrThrow();
  const calendar = new FiscalCalendar(fiscal_year_start);
  const first = parseDay(String(span.first))!;
  const last = parseDay(String(span.last))!;
  const quotas = new Set((await db.selectFrom('quotas').select(['payee_id', 'period', 'measure']).execute()).map((q) => `${q.payee_id}\u0000${q.period}\u0000${q.measure}`));
  const assignments = await db.selectFrom('assignments').select(['payee_id', 'plan_id', 'valid_from', 'valid_to']).orderBy('payee_id').orderBy('plan_id').orderBy('valid_from').execute();
  const byId = new Map(plans.map((p) => [p.id, { plan: p, needs: quotaNeeds(p) }]));

  const found = new Map<string, MissingQuota>();
  for (const a of assignments) {
    const entry = byId.get(a.plan_id);
    if (entry === undefined || entry.needs.size === 0) continue;
    const from = Math.max(parseDay(a.valid_from)!, first);
    const to = Math.min(a.valid_to === null ? last : parseDay(a.valid_to)!, last);
    if (from > to) continue;
    const kind = entry.plan.period;
    for (let key = calendar.keyOf(kind, from); key <= calendar.keyOf(kind, to); key++) {
      const period = calendar.byKey(kind, key);
      const year = calendar.fiscalYearOf(period.start).label;
      for (const [measure, components] of entry.needs) {
        const has = (p: string) => quotas.has(`${a.payee_id}\u0000${p}\u0000${measure}`);
        const id = `${a.payee_id}\u0000${a.plan_id}\u0000${period.label}\u0000${measure}`;
        if (has(period.label) || has(year) || found.has(id)) continue;
        found.set(id, {
          payee: a.payee_id,
          plan: a.plan_id,
          period: period.label,
          measure,
          components,
          why:
            `${a.payee_id} is on plan ${a.plan_id} in ${period.label} (${formatDay(period.start)}..${formatDay(period.end)}) and ` +
            `${components.join(', ')} need${components.length === 1 ? 's' : ''} a ${measure} quota: add one for ${period.label}` +
            (kind === 'year' ? '' : ` or for fiscal year ${year}`),
        });
      }
    }
  }
  const items = [...found.values()];
  return { total: items.length, items: items.slice(0, limit), problems };
}
