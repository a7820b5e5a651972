import { FiscalCalendar, Rational } from '@prestasi/engine';
import { appendAudit, csvLine, type Db, DomainError, exportWorkspaceWithoutDeals, lockWorkspace } from '@prestasi/db';
import { CsvCursor, loadWorkspace } from '@prestasi/workspace';
import { loadOrThrow } from '../plans/compute.js';

export interface QuotaKey {
  readonly payee: string;
  readonly period: string;
  readonly measure: string;
}

export interface QuotaRow extends QuotaKey {
  readonly name: string;
  /** Decimal text as stored; null: a cell of the grid with no quota yet. */
  readonly amount: string | null;
  /** The plans the payee is on in the period that have this measure. */
  readonly plans: string[];
}

/** A cell of a batch: an amount, or null to remove the quota. */
export interface QuotaCell extends QuotaKey {
  readonly amount: string | null;
}

/** A problem in quotas.csv, or in a batch cell, as the workspace loader words it. */
export interface QuotaError {
  readonly line: number | null;
  /** The cell of a batch it is about. */
  readonly cell?: number;
  readonly column: 'payee' | 'period' | 'measure' | 'amount' | null;
  readonly value: string | null;
  readonly message: string;
}

export interface QuotaChange extends QuotaKey {
  /** quotas.csv line, for an upload. */
  readonly line?: number;
  readonly before: string | null;
  readonly after: string | null;
}

export interface QuotaReport {
  readonly dryRun: boolean;
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
  readonly changes: QuotaChange[];
  readonly errors: QuotaError[];
}

const keyOf = (q: QuotaKey) => JSON.stringify([q.payee, q.period, q.measure]);
const encoder = new TextEncoder();

/**
 * The quota grid: each quota with the plans it serves (the payee's plans in the period that
 * have the measure). With a plan and a period, also the empty cells to fill: each payee on the
 * plan then, for each measure a component of the plan reads attainment of.
 */
export async function quotaGrid(db: Db, filter: { readonly period?: string | undefined; readonly plan?: string | undefined; readonly payee?: string | undefined }): Promise<QuotaRow[]> {
  const workspace = loadOrThrow(await exportWorkspaceWithoutDeals(db));
  const { payees, plans, assignments, settings } = workspace.input;
  const calendar = new FiscalCalendar(settings.fiscalYearStart);
  const plansOf = (payeeIndex: number, period: string, measure: string) => {
    const p = calendar.parse(period)!;
    return [...new Set(assignments.filter((a) => a.payee === payeeIndex && a.from <= p.end && (a.to === undefined || a.to >= p.start)).map((a) => a.plan))]
      .filter((id) => plans.find((x) => x.id === id)!.measures.some((m) => m.name === measure))
      .sort();
  };
  const index = new Map(payees.map((p, i) => [p.id, i]));
  const rows = new Map<string, QuotaRow>();
  // The amounts as stored (`2000.00` stays so); the loader's copy only says which plans read them.
  for (const q of await db.selectFrom('quotas').select(['payee_id', 'period', 'measure', 'amount']).execute()) {
    const i = index.get(q.payee_id)!;
    const row = { payee: q.payee_id, name: payees[i]!.name, period: calendar.parse(q.period)!.label, measure: q.measure, amount: q.amount, plans: plansOf(i, q.period, q.measure) };
    rows.set(keyOf(row), row);
  }
  if (filter.plan !== undefined && filter.period !== undefined) {
    const plan = plans.find((p) => p.id === filter.plan);
    const period = calendar.parse(filter.period);
    const attainment = new Set(plan?.components.flatMap((c) => ((c.type === 'commission' || c.type === 'bonus') && c.basis === 'attainment' ? [c.measure] : [])));
    for (const a of assignments) {
      if (!plan || !period || a.plan !== plan.id || a.from > period.end || (a.to !== undefined && a.to < period.start)) continue;
      for (const measure of attainment) {
        const row = { payee: payees[a.payee]!.id, name: payees[a.payee]!.name, period: period.label, measure, amount: null, plans: plansOf(a.payee, period.label, measure) };
        if (!rows.has(keyOf(row))) rows.set(keyOf(row), row);
      }
    }
  }
  return [...rows.values()]
    .filter((r) => (filter.period === undefined || r.period === filter.period) && (filter.plan === undefined || r.plans.includes(filter.plan)) && (filter.payee === undefined || r.payee === filter.payee))
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
}

/** Which column of quotas.csv a loader message is about (the loader words them by column). */
const COLUMNS: readonly [RegExp, QuotaError['column']][] = [
  [/^payee /, 'payee'],
  [/^period /, 'period'],
  [/^measure /, 'measure'],
  [/^(amount |a quota must be positive)/, 'amount'],
];

/** The loader's problems of quotas.csv holding `bytes`, with the workspace as the database has it otherwise. */
function quotaErrors(files: Map<string, Uint8Array>, bytes: Uint8Array): QuotaError[] {
  const loaded = loadWorkspace(new Map(files).set('quotas.csv', bytes));
  if (loaded.ok) return [];
  const cells = cellsByLine(bytes);
  return loaded.problems
    .filter((p) => !p.warning)
    .map((p) => {
      if (p.file !== 'quotas.csv') return { line: null, column: null, value: null, message: `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}` };
      const column = COLUMNS.find(([pattern]) => pattern.test(p.message))?.[1] ?? null;
      const row = p.line === undefined ? undefined : cells.get(p.line);
      return { line: p.line ?? null, column, value: column === null ? null : (row?.[column] ?? null), message: p.message };
    });
}

function cellsByLine(bytes: Uint8Array): Map<number, Record<string, string>> {
  const cursor = new CsvCursor(bytes);
  const index = new Map(cursor.header.map((name, i) => [name, i] as const).reverse());
  const rows = new Map<number, Record<string, string>>();
  while (cursor.next()) {
    const row: Record<string, string> = {};
    for (const [name, i] of index) row[name] = cursor.trimmed(i);
    rows.set(cursor.line, row);
  }
  return rows;
}

/** What writing `cells` would change, against the table; equal amounts (`1500` and `1500.00`) change nothing. */
async function changesOf(db: Db, cells: readonly (QuotaCell & { line?: number })[]): Promise<{ changes: QuotaChange[]; unchanged: number }> {
  const current = new Map((await db.selectFrom('quotas').select(['payee_id', 'period', 'measure', 'amount']).execute()).map((q) => [keyOf({ payee: q.payee_id, period: q.period, measure: q.measure }), q.amount]));
  const changes: QuotaChange[] = [];
  let unchanged = 0;
  for (const cell of cells) {
    const before = current.get(keyOf(cell)) ?? null;
    const same = before === null || cell.amount === null ? before === cell.amount : Rational.parse(before)!.eq(Rational.parse(cell.amount)!);
    if (same) unchanged++;
    else changes.push({ payee: cell.payee, period: cell.period, measure: cell.measure, ...(cell.line === undefined ? {} : { line: cell.line }), before, after: cell.amount });
  }
  return { changes, unchanged };
}

async function write(trx: Db, changes: readonly QuotaChange[], actor: string, source: 'grid' | 'csv'): Promise<void> {
  for (const c of changes) {
    if (c.after === null) {
      await trx.deleteFrom('quotas').where('payee_id', '=', c.payee).where('period', '=', c.period).where('measure', '=', c.measure).execute();
    } else {
      await trx
        .insertInto('quotas')
        .values({ payee_id: c.payee, period: c.period, measure: c.measure, amount: c.after })
        .onConflict((oc) => oc.columns(['payee_id', 'period', 'measure']).doUpdateSet({ amount: c.after! }))
        .execute();
    }
  }
  if (changes.length === 0) return;
  const cell = ({ payee, period, measure }: QuotaKey, amount: string | null) => ({ payee, period, measure, amount });
  await appendAudit(trx, {
    actor,
    action: 'quotas.update',
    entity: 'quotas',
    after: { source, cells: changes.map((c) => cell(c, c.after)) },
    before: { cells: changes.map((c) => cell(c, c.before)) },
  });
}

function report(dryRun: boolean, rows: number, changes: QuotaChange[], unchanged: number, errors: QuotaError[]): QuotaReport {
  return {
    dryRun,
    rows,
    inserted: changes.filter((c) => c.before === null).length,
    updated: changes.filter((c) => c.before !== null && c.after !== null).length,
    removed: changes.filter((c) => c.after === null).length,
    unchanged,
    changes,
    errors,
  };
}

function refuse(r: QuotaReport): never {
  throw new DomainError('INVALID_WORKSPACE', `${r.errors.length} quota problem(s): nothing was written`, r);
}

/**
 * Writes a batch of grid cells, all or none: the quotas as they would be are checked by the
 * workspace loader as quotas.csv (each problem with its cell, column and value), then the
 * changed cells are written and audited with their amounts before and after.
 */
export async function saveQuotaCells(db: Db, cells: readonly QuotaCell[], actor: string): Promise<QuotaReport> {
  return db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const seen = new Map<string, number>();
    const repeated: QuotaError[] = [];
    cells.forEach((c, i) => {
      const first = seen.get(keyOf(c));
      if (first !== undefined) repeated.push({ line: null, cell: i, column: null, value: null, message: `a second cell for ${c.payee}, ${c.measure}, ${c.period} (first is cell ${first})` });
      else seen.set(keyOf(c), i);
    });
    if (repeated.length > 0) refuse(report(false, cells.length, [], 0, repeated));
    const files = await exportWorkspaceWithoutDeals(trx);
    const batch = new Set(cells.map(keyOf));
    // The batch's amounts first, on lines 2…, then every other quota as it is.
    const written = cells.filter((c) => c.amount !== null);
    const others = (await trx.selectFrom('quotas').select(['payee_id', 'period', 'measure', 'amount']).execute()).filter(
      (q) => !batch.has(keyOf({ payee: q.payee_id, period: q.period, measure: q.measure })),
    );
    const csv =
      csvLine(['payee', 'period', 'measure', 'amount']) +
      written.map((c) => csvLine([c.payee, c.period, c.measure, c.amount])).join('') +
      others.map((q) => csvLine([q.payee_id, q.period, q.measure, q.amount])).join('');
    const errors = quotaErrors(files, encoder.encode(csv)).map((e) => {
      if (e.line === null || e.line - 2 >= written.length) return e;
      const { line: _, ...rest } = e;
      return { ...rest, line: null, cell: cells.indexOf(written[e.line - 2]!) };
    });
    if (errors.length > 0) refuse(report(false, cells.length, [], 0, errors));
    const { changes, unchanged } = await changesOf(trx, cells);
    await write(trx, changes, actor, 'grid');
    return report(false, cells.length, changes, unchanged, []);
  });
}

/**
 * A quotas.csv upload, merged into the quotas as an import merges it: rows are upserted by
 * payee, period and measure, nothing is removed. Checked by the workspace loader; a dry run
 * answers the errors (line, column, value, why) and what would change, writing nothing.
 */
export async function uploadQuotas(db: Db, bytes: Uint8Array, options: { readonly dryRun: boolean; readonly actor: string }): Promise<QuotaReport> {
  return db.transaction().execute(async (trx) => {
    if (!options.dryRun) await lockWorkspace(trx);
    const errors = quotaErrors(await exportWorkspaceWithoutDeals(trx), bytes);
    const rows = [...cellsByLine(bytes)].map(([line, r]) => ({ line, payee: r['payee'] ?? '', period: r['period'] ?? '', measure: r['measure'] ?? '', amount: r['amount'] ?? '' }));
    // What the rows without a problem would change; a file-wide problem (a missing column) leaves none.
    const wrong = new Set(errors.map((e) => e.line));
    const { changes, unchanged } = wrong.has(1) || wrong.has(null) ? { changes: [], unchanged: 0 } : await changesOf(trx, rows.filter((r) => !wrong.has(r.line)));
    const r = report(options.dryRun, rows.length, changes, unchanged, errors);
    if (options.dryRun) return r;
    if (errors.length > 0) refuse(r);
    await write(trx, changes, options.actor, 'csv');
    return r;
  });
}
