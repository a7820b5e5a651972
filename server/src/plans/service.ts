import { FiscalCalendar, formatDay, parseDay, type PeriodKind } from '@prestasi/engine';
import { appendAudit, type Db, DomainError, exportWorkspace, exportWorkspaceWithoutDeals, latestRun, localToday, lockWorkspace, sql } from '@prestasi/db';
import { hasErrors, type LoadedWorkspace, loadWorkspace, type Problem } from '@prestasi/workspace';
import { formatMinor, moneyDigits, toMinor } from '../money.js';
import type { PayeeResultObject } from '../runs/result-schema.js';
import { type PlanValue, planText } from '@prestasi/workspace';
import { fieldPathOf, planObject, treeOf } from './document.js';
import { loadOrThrow, resultsOf } from './compute.js';

/** What the editor sends: the plan object, or the text of the plan file. */
export type PlanInput = { readonly plan: PlanValue } | { readonly source: string };

/** A loader problem, with the plan field it is about when it is in the plan's file. */
export interface PlanProblem {
  readonly file: string;
  readonly line: number | null;
  readonly path: string | null;
  readonly message: string;
  readonly warning: boolean;
}

export interface PlanSummary {
  readonly id: string;
  readonly name: string;
  readonly period: string | null;
  readonly version: number;
  readonly fileName: string;
  readonly assignedPayees: number;
}

export interface PlanVersionInfo {
  readonly version: number;
  readonly fileName: string;
  readonly createdAt: Date;
  readonly createdBy: string;
}

export interface PlanDetail extends PlanSummary {
  readonly plan: PlanValue | null;
  readonly source: string;
  readonly versions: readonly PlanVersionInfo[];
}

const encoder = new TextEncoder();

function latestVersions(db: Db) {
  return db
    .selectFrom('plan_versions as v')
    .innerJoin('plans as p', 'p.id', 'v.plan_id')
    .select(['v.plan_id', 'p.name', 'v.version', 'v.file_name', 'v.source'])
    .where(({ eb, selectFrom }) => eb('v.version', '=', selectFrom('plan_versions as w').select(({ fn }) => fn.max('w.version').as('max')).whereRef('w.plan_id', '=', 'v.plan_id')))
    .orderBy('v.plan_id');
}

/** The `period` a plan file says, or null when it says none the editor could show. */
function periodOf(source: string): string | null {
  const root = treeOf(source);
  const node = root?.kind === 'map' ? root.entries.get('period')?.value : undefined;
  return node?.kind === 'scalar' ? node.text : null;
}

/** Payees on each plan today. */
async function assignedToday(db: Db, today: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('assignments')
    .select(['plan_id', (eb) => eb.fn.count<string>('payee_id').distinct().as('payees')])
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .groupBy('plan_id')
    .execute();
  return new Map(rows.map((r) => [r.plan_id, Number(r.payees)]));
}

export async function listPlans(db: Db, today = localToday()): Promise<PlanSummary[]> {
  const assigned = await assignedToday(db, today);
  return (await latestVersions(db).execute()).map((v) => ({
    id: v.plan_id,
    name: v.name,
    period: periodOf(v.source),
    version: v.version,
    fileName: v.file_name,
    assignedPayees: assigned.get(v.plan_id) ?? 0,
  }));
}

async function currentVersion(db: Db, id: string) {
  const current = await latestVersions(db).where('v.plan_id', '=', id).executeTakeFirst();
  if (!current) throw new DomainError('NOT_FOUND', `no plan ${id}`);
  return current;
}

/** A plan at its current version, or at `version` (an older one, for the history). */
export async function planDetail(db: Db, id: string, options: { readonly version?: number | undefined; readonly today?: string } = {}): Promise<PlanDetail> {
  const current = await currentVersion(db, id);
  const versions = await db
    .selectFrom('plan_versions')
    .select(['version', 'file_name', 'source', 'created_at', 'created_by'])
    .where('plan_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  const shown = options.version === undefined ? versions[0]! : versions.find((v) => v.version === options.version);
  if (!shown) throw new DomainError('NOT_FOUND', `plan ${id} has no version ${options.version}`);
  const root = treeOf(shown.source);
  const name = root?.kind === 'map' ? root.entries.get('name')?.value : undefined;
  return {
    id,
    name: shown.version === current.version ? current.name : name?.kind === 'scalar' ? name.text : id,
    period: periodOf(shown.source),
    version: shown.version,
    fileName: shown.file_name,
    assignedPayees: (await assignedToday(db, options.today ?? localToday())).get(id) ?? 0,
    plan: root ? planObject(root) : null,
    source: shown.source,
    versions: versions.map((v) => ({ version: v.version, fileName: v.file_name, createdAt: v.created_at, createdBy: v.created_by })),
  };
}

const isJsonFile = (fileName: string) => fileName.endsWith('.json');

/** The file text a request stands for, in the format of the file it goes into. */
function textOf(input: PlanInput, fileName: string): string {
  if ('plan' in input) return planText(input.plan, isJsonFile(fileName) ? 'json' : 'yaml');
  if (isJsonFile(fileName)) {
    try {
      JSON.parse(input.source);
    } catch {
      throw new DomainError('INVALID_INPUT', `plans/${fileName} is a JSON file: send JSON text, or the plan object`);
    }
  }
  return input.source;
}

/** The id the plan text says, to find the file it replaces. */
function idOf(text: string): string | undefined {
  const root = treeOf(text);
  const node = root?.kind === 'map' ? root.entries.get('id')?.value : undefined;
  return node?.kind === 'scalar' && typeof node.text === 'string' && node.text !== '' ? node.text : undefined;
}

interface Checked {
  readonly problems: PlanProblem[];
  /** The workspace with the edit, when it loaded. */
  readonly workspace: LoadedWorkspace | undefined;
}

/**
 * Loads `files` with plans/`fileName` holding `text`, as `prestasi check` would, and says each
 * problem with the plan field it is about. `id`: the plan the file must keep holding.
 */
function check(files: ReadonlyMap<string, Uint8Array>, fileName: string, text: string, id: string | undefined): Checked {
  const path = `plans/${fileName}`;
  const edited = new Map(files);
  edited.set(path, encoder.encode(text));
  const loaded = loadWorkspace(edited);
  const root = treeOf(text);
  const problems: PlanProblem[] = (loaded.ok ? loaded.warnings : loaded.problems).map((p: Problem) => ({
    file: p.file,
    line: p.line ?? null,
    path: p.file === path ? fieldPathOf(root, p) : null,
    message: p.message,
    warning: p.warning === true,
  }));
  const said = idOf(text);
  if (id !== undefined && said !== undefined && said !== id) {
    const line = root?.kind === 'map' ? (root.entries.get('id')?.keyLine ?? null) : null;
    problems.unshift({ file: path, line, path: 'id', message: `plan id "${said}" must stay "${id}": a plan cannot be renamed`, warning: false });
  }
  return { problems, workspace: loaded.ok ? loaded.workspace : undefined };
}

const failed = (problems: readonly PlanProblem[]) => hasErrors(problems.map((p) => ({ ...p, line: p.line ?? undefined })));

/** The workspace with the edit, or INVALID_WORKSPACE with every problem and its field. */
function checkedOrThrow({ problems, workspace }: Checked): LoadedWorkspace {
  if (!workspace || failed(problems)) throw new DomainError('INVALID_WORKSPACE', `the plan has ${problems.filter((p) => !p.warning).length} problem(s)`, { problems });
  return workspace;
}

/**
 * Inline validation: the plan checked with everything it meets in a workspace (settings,
 * payees, the other plans, assignments, quotas, adjustments and the columns of the deals), but
 * not the deals' cells, so it answers in milliseconds. Nothing is saved. A plan whose id is not
 * in the database yet is checked as a new file.
 */
export async function validatePlan(db: Db, input: PlanInput): Promise<{ ok: boolean; problems: PlanProblem[] }> {
  const id = 'plan' in input ? idOf(planText(input.plan, 'yaml')) : idOf(input.source);
  const existing = id === undefined ? undefined : await latestVersions(db).where('v.plan_id', '=', id).executeTakeFirst();
  const fileName = existing?.file_name ?? `${id !== undefined && /^[a-z0-9_-]+$/.test(id) ? id : 'new-plan'}.yaml`;
  const { problems } = check(await exportWorkspaceWithoutDeals(db), fileName, textOf(input, fileName), undefined);
  return { ok: !failed(problems), problems };
}

export interface SaveRequest {
  readonly input: PlanInput;
  /** The version the edit started from: CONFLICT when someone saved another since. */
  readonly baseVersion?: number | undefined;
  readonly actor: string;
}

/**
 * Saves an edited plan as its next version, in its own file name and format, after checking
 * the whole workspace with it (deals included), as an import would. The same text as the
 * current version saves nothing. Audited with the sources before and after.
 */
export async function savePlan(db: Db, id: string, request: SaveRequest): Promise<{ detail: PlanDetail; saved: boolean }> {
  const outcome = await db.transaction().execute(async (trx) => {
    await lockWorkspace(trx);
    const current = await currentVersion(trx, id);
    if (request.baseVersion !== undefined && request.baseVersion !== current.version) {
      throw new DomainError('CONFLICT', `plan ${id} is at version ${current.version} now, not ${request.baseVersion}: reload it and edit again`, { version: current.version });
    }
    const text = textOf(request.input, current.file_name);
    if (text === current.source) return false;
    const plan = checkedOrThrow(check(await exportWorkspace(trx), current.file_name, text, id)).input.plans.find((p) => p.id === id)!;
    await trx.insertInto('plan_versions').values({ plan_id: id, version: current.version + 1, file_name: current.file_name, source: text, created_by: request.actor }).execute();
    if (plan.name !== current.name) await trx.updateTable('plans').set({ name: plan.name }).where('id', '=', id).execute();
    await appendAudit(trx, {
      actor: request.actor,
      action: 'plan.update',
      entity: 'plan',
      entityId: id,
      before: { version: current.version, name: current.name, source: current.source },
      after: { version: current.version + 1, name: plan.name, source: text },
    });
    return true;
  });
  return { detail: await planDetail(db, id), saved: outcome };
}

export interface PreviewRow {
  readonly payee: string;
  readonly name: string;
  readonly period: string;
  readonly currency: string;
  readonly current: string | null;
  readonly edited: string | null;
  readonly difference: string;
  readonly components: { readonly id: string; readonly current: string | null; readonly edited: string | null }[];
}

export interface Preview {
  readonly plan: string;
  readonly period: string;
  /** Where the current plan's figures come from: the latest run of the period, or computed now. */
  readonly current: { readonly source: 'run'; readonly runId: number; readonly runNumber: number; readonly status: string } | { readonly source: 'computed' };
  readonly payees: PreviewRow[];
  readonly totals: { readonly currency: string; readonly current: string; readonly edited: string; readonly difference: string }[];
}

/**
 * What the edited plan would pay for a period, per payee, beside what the current plan pays:
 * the engine on the database's data with the plan file replaced; nothing is saved. The current
 * figures are the latest run's for the period when there is one (what was, or will be, paid),
 * else computed from the same data.
 */
export async function previewPlan(db: Db, id: string, request: { readonly input: PlanInput; readonly period?: string | undefined }, today = localToday()): Promise<Preview> {
  const current = await currentVersion(db, id);
  const files = await exportWorkspace(db);
  const edited = checkedOrThrow(check(files, current.file_name, textOf(request.input, current.file_name), id));
  const plan = edited.input.plans.find((p) => p.id === id)!;
  const calendar = new FiscalCalendar(edited.input.settings.fiscalYearStart);
  const period = request.period ?? (await defaultPeriod(db, calendar, plan.period, today));
  const ofPlan = (results: PayeeResultObject[]) => results.filter((r) => r.plan === id);
  const after = ofPlan(resultsOf(edited, { period }));
  const run = await latestRun(db, period);
  let before: PayeeResultObject[];
  let source: Preview['current'];
  if (run) {
    const rows = await db.selectFrom('run_results').select('result').where('run_id', '=', run.id).where('plan_id', '=', id).execute();
    before = rows.map((r) => r.result as PayeeResultObject);
    source = { source: 'run', runId: run.id, runNumber: run.number, status: run.status };
  } else {
    before = ofPlan(resultsOf(loadOrThrow(files), { period }));
    source = { source: 'computed' };
  }
  const names = new Map(edited.input.payees.map((p) => [p.id, p.name]));
  return { plan: id, period, current: source, ...compareResults(before, after, names) };
}

/**
 * The plan's last full period before today that has deals: the period of the latest deal
 * dated before the current period began, or the last full period when there is none.
 */
async function defaultPeriod(db: Db, calendar: FiscalCalendar, kind: PeriodKind, today: string): Promise<string> {
  const now = calendar.containing(kind, parseDay(today)!);
  const lastFull = calendar.byKey(kind, now.key - 1);
  const latest = await db
    .selectFrom('transactions')
    .select(sql<string | null>`max(date)::text`.as('date'))
    .where('date', '<=', formatDay(lastFull.end))
    .executeTakeFirst();
  return latest?.date ? calendar.containing(kind, parseDay(latest.date)!).label : lastFull.label;
}

const resultKey = (r: { payee: string; period: string }) => `${r.payee}\u0000${r.period}`;

function compareResults(before: readonly PayeeResultObject[], after: readonly PayeeResultObject[], names: ReadonlyMap<string, string>): Pick<Preview, 'payees' | 'totals'> {
  const was = new Map(before.map((r) => [resultKey(r), r]));
  const now = new Map(after.map((r) => [resultKey(r), r]));
  const keys = [...new Set([...was.keys(), ...now.keys()])].sort();
  const totals = new Map<string, { current: bigint; edited: bigint }>();
  const payees = keys.map((key): PreviewRow => {
    const a = was.get(key);
    const b = now.get(key);
    const any = (b ?? a)!;
    const digits = moneyDigits(any.currency);
    const minor = (r: PayeeResultObject | undefined) => (r ? toMinor(r.payout, digits) : 0n);
    const total = totals.get(any.currency) ?? { current: 0n, edited: 0n };
    totals.set(any.currency, { current: total.current + minor(a), edited: total.edited + minor(b) });
    const componentIds = [...new Set([...(a?.components ?? []), ...(b?.components ?? [])].map((c) => c.id))];
    const earned = (r: PayeeResultObject | undefined, c: string) => r?.components.find((x) => x.id === c)?.earned ?? null;
    return {
      payee: any.payee,
      name: names.get(any.payee) ?? any.payee,
      period: any.period,
      currency: any.currency,
      current: a?.payout ?? null,
      edited: b?.payout ?? null,
      difference: formatMinor(minor(b) - minor(a), digits),
      components: componentIds.map((c) => ({ id: c, current: earned(a, c), edited: earned(b, c) })),
    };
  });
  return {
    payees,
    totals: [...totals].sort(([x], [y]) => (x < y ? -1 : 1)).map(([currency, t]) => {
      const digits = moneyDigits(currency);
      return { currency, current: formatMinor(t.current, digits), edited: formatMinor(t.edited, digits), difference: formatMinor(t.edited - t.current, digits) };
    }),
  };
}
