import {
  type Adjustment,
  type Assignment,
  compareCodePoints,
  type EngineInput,
  FiscalCalendar,
  type FxRate,
  isCurrencyCode,
  type Payee,
  type Plan,
  type Quota,
  Rational,
  type RoundingMode,
  type Settings,
  type TransactionTable,
} from '@prestasi/engine';
import { parseDay } from './days.js';
import { readPlan } from './plans.js';
import { hasErrors, type Problem, ProblemSink } from './problems.js';
import { Table } from './table.js';
import { FolderFiles } from './files.js';
import { clip, readTransactions, type TransactionBytes, transactionColumns, type TransactionsContext } from './transactions.js';
import { mergeTransactionFiles, type TransactionFilePart, transactionFilePaths, type TransactionSources } from './transaction-files.js';
import { parseTree, type TreeNode } from './yaml-tree.js';

/** A workspace's files by path relative to its folder (`plans/ae.yaml`). */
export type WorkspaceFiles = ReadonlyMap<string, Uint8Array>;

export interface LoadedWorkspace {
  readonly input: EngineInput;
  /** Where each plan came from, to point calculation problems at the file. */
  readonly planFiles: ReadonlyMap<string, { readonly file: string; readonly formulaLines: ReadonlyMap<string, number> }>;
  /** The file and physical line of each transaction row. */
  readonly transactionSources: TransactionSources;
  /** What the deals were read against, to read other deals the same way (`withTransactions`). */
  readonly transactionContext: TransactionsContext;
}

export type LoadOutcome =
  | { readonly ok: true; readonly workspace: LoadedWorkspace; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** The files of people, plans and targets: read as plain lines where they are plain (see TableOptions). */
const SMALL_FILE = { splitPlain: true } as const;
const PLAN_FILE = /^plans\/[^/]+\.(ya?ml|json)$/;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and validates a whole workspace. Every problem that does not depend on the period is
 * found here, all at once, each with its file and line.
 */
export function loadWorkspace(files: WorkspaceFiles): LoadOutcome {
  const problems: Problem[] = [];
  const sink = (file: string) => new ProblemSink(file, problems);
  const settings = readSettings(files.get('prestasi.yaml'), sink('prestasi.yaml'));
  const calendar = new FiscalCalendar(settings.fiscalYearStart);

  for (const required of ['payees.csv', 'assignments.csv', 'transactions.csv']) {
    if (!files.has(required)) problems.push({ file: required, line: undefined, message: 'required file is missing' });
  }
  const planPaths = [...files.keys()].filter((p) => PLAN_FILE.test(p)).sort(compareCodePoints);
  if (planPaths.length === 0) problems.push({ file: 'plans', line: undefined, message: 'no plan files (plans/*.yaml, *.yml or *.json)' });

  const payees = readPayees(files.get('payees.csv'), sink('payees.csv'));
  const payeeIndex = new Map(payees.map((p, i) => [p.id, i]));

  const txPaths = transactionFilePaths(files.keys());
  const columns = { filtered: new Set<string>(), summed: new Set<string>() };
  const txColumns = columnsOfFiles(files, txPaths);

  const plans: Plan[] = [];
  const planFiles = new Map<string, { file: string; formulaLines: Map<string, number> }>();
  for (const path of planPaths) {
    const s = sink(path);
    const text = decodeText(files.get(path)!, s);
    if (text === undefined) continue;
    const tree = parseTree(text);
    if (!tree.ok) {
      for (const e of tree.errors) s.error(e.line, e.message);
      continue;
    }
    const plan = readPlan(tree.root, s, { baseCurrency: settings.currency, transactionColumns: txColumns, columns });
    if (!plan) continue;
    const existing = planFiles.get(plan.id);
    if (existing) {
      s.error(lineOfKey(tree.root, 'id'), `plan id "${plan.id}" is also used by ${existing.file}`);
      continue;
    }
    planFiles.set(plan.id, { file: path, formulaLines: formulaLines(tree.root) });
    plans.push(plan);
  }
  // Without the people, every row of every other file would refer to an unknown payee: the
  // missing file is the one problem worth reporting.
  if (!files.has('payees.csv')) return { ok: false, problems };
  const planById = new Map(plans.map((p) => [p.id, p]));
  const knownPlanIds = new Set([...planById.keys(), ...planPathsWithErrors(planPaths, problems)]);

  const assignments = readAssignments(files.get('assignments.csv'), sink('assignments.csv'), payeeIndex, knownPlanIds);
  const quotas = readQuotas(files.get('quotas.csv'), sink('quotas.csv'), payeeIndex, calendar);
  const fx = readFx(files.get('fx.csv'), sink('fx.csv'), settings.currency);
  const adjustments = readAdjustments(files.get('adjustments.csv'), sink('adjustments.csv'), {
    payeeIndex,
    planById,
    knownPlanIds,
    assignments,
    calendar,
  });
  const transactionContext: TransactionsContext = {
    baseCurrency: settings.currency,
    payeeIndex,
    filtered: columns.filtered,
    summed: columns.summed,
  };
  const transactions = readTransactionFiles(files, txPaths, sink, transactionContext);

  if (hasErrors(problems) || !transactions) return { ok: false, problems };
  return {
    ok: true,
    warnings: problems,
    workspace: {
      input: { settings, payees, plans, assignments, quotas, fx, adjustments, transactions: transactions.table },
      planFiles,
      transactionSources: transactions.sources,
      transactionContext,
    },
  };
}

/**
 * `base` with the deals of one transactions.csv in place of its own: only that file is read, against
 * the people, plans and currency `base` was loaded with. With a header of the columns base's deals
 * had, this is what loading base's files with this transactions.csv gives, without reading the
 * rest again (the live results read a few payees' deals against a cached workspace).
 */
export function withTransactions(base: LoadedWorkspace, bytes: Uint8Array): LoadOutcome {
  const problems: Problem[] = [];
  const read = readTransactionFiles(new Map([['transactions.csv', bytes]]), ['transactions.csv'], (file) => new ProblemSink(file, problems), base.transactionContext);
  if (hasErrors(problems) || !read) return { ok: false, problems };
  return {
    ok: true,
    warnings: problems,
    workspace: { ...base, input: { ...base.input, transactions: read.table }, transactionSources: read.sources },
  };
}

/** The columns of every transaction file's header together, for checking the plans' columns. */
function columnsOfFiles(files: WorkspaceFiles, paths: readonly string[]): Set<string> | undefined {
  let all: Set<string> | undefined;
  for (const path of paths) {
    const bytes = transactionBytes(files, path);
    const header = bytes && transactionColumns(bytes, new ProblemSink(path, []));
    if (header) all = new Set([...(all ?? []), ...header]);
  }
  return all;
}

function readTransactionFiles(
  files: WorkspaceFiles,
  paths: readonly string[],
  sink: (file: string) => ProblemSink,
  ctx: TransactionsContext,
): { table: TransactionTable; sources: TransactionSources } | undefined {
  const parts: TransactionFilePart[] = [];
  let ok = true;
  for (const file of paths) {
    const bytes = transactionBytes(files, file);
    if (!bytes) continue;
    const s = sink(file);
    const read = readTransactions(bytes, s, ctx);
    if (read) parts.push({ file, read, sink: s });
    else ok = false;
  }
  if (!ok || parts.length === 0) return undefined;
  if (parts.length === 1) {
    const only = parts[0]!;
    return { table: only.read.table, sources: { files: [only.file], firstRows: new Int32Array(1), lines: [only.read.lines] } };
  }
  return mergeTransactionFiles(parts);
}

/** A transaction file: from disk a window at a time when it is there (see FolderFiles), else its bytes. */
function transactionBytes(files: WorkspaceFiles, path: string): TransactionBytes | undefined {
  return (files instanceof FolderFiles ? files.source(path) : undefined) ?? files.get(path);
}

/** Plan ids of files that failed to load, so references to them are not reported twice. */
function planPathsWithErrors(paths: readonly string[], problems: readonly Problem[]): string[] {
  const failed = new Set(problems.filter((p) => !p.warning).map((p) => p.file));
  return paths.filter((p) => failed.has(p)).map((p) => p.replace(/^plans\//, '').replace(/\.(ya?ml|json)$/, ''));
}

function lineOfKey(root: TreeNode | undefined, key: string): number | undefined {
  return root?.kind === 'map' ? (root.entries.get(key)?.keyLine ?? root.line) : undefined;
}

function formulaLines(root: TreeNode | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (root?.kind !== 'map') return out;
  const components = root.entries.get('components')?.value;
  if (components?.kind !== 'seq') return out;
  for (const c of components.items) {
    if (c.kind !== 'map') continue;
    const id = c.entries.get('id')?.value;
    const formula = c.entries.get('formula');
    if (id?.kind === 'scalar') out.set(id.text, formula?.value.line ?? c.line);
  }
  return out;
}

function decodeText(bytes: Uint8Array, sink: ProblemSink): string | undefined {
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    sink.error(undefined, 'is not valid UTF-8 text');
    return undefined;
  }
}

const DEFAULT_SETTINGS: Settings = { currency: 'MYR', fiscalYearStart: 1, rounding: 'half_up' };

function readSettings(bytes: Uint8Array | undefined, sink: ProblemSink): Settings {
  if (!bytes) return DEFAULT_SETTINGS;
  const text = decodeText(bytes, sink);
  if (text === undefined) return DEFAULT_SETTINGS;
  const tree = parseTree(text);
  if (!tree.ok) {
    for (const e of tree.errors) sink.error(e.line, e.message);
    return DEFAULT_SETTINGS;
  }
  const root = tree.root;
  if (!root || (root.kind === 'scalar' && root.value === null)) return DEFAULT_SETTINGS;
  if (root.kind !== 'map') {
    sink.error(root.line, 'settings must be a mapping');
    return DEFAULT_SETTINGS;
  }
  let { currency, fiscalYearStart, rounding } = DEFAULT_SETTINGS;
  for (const [key, { keyLine, value }] of root.entries) {
    const text = value.kind === 'scalar' ? value.text : undefined;
    switch (key) {
      case 'currency':
        if (text !== undefined && isCurrencyCode(text)) currency = text;
        else sink.error(value.line, `currency must be an ISO 4217 code, not "${clip(text ?? '')}"`);
        break;
      case 'fiscal_year_start':
        if (text !== undefined && /^(?:[1-9]|1[0-2])$/.test(text)) fiscalYearStart = Number(text);
        else sink.error(value.line, `fiscal_year_start must be a month number 1-12, not "${clip(text ?? '')}"`);
        break;
      case 'rounding':
        if (text === 'half_up' || text === 'half_even') rounding = text as RoundingMode;
        else sink.error(value.line, `rounding must be half_up or half_even, not "${clip(text ?? '')}"`);
        break;
      default:
        sink.warn(keyLine, `unknown setting "${key}" is ignored`);
    }
  }
  return { currency, fiscalYearStart, rounding };
}

function readPayees(bytes: Uint8Array | undefined, sink: ProblemSink): Payee[] {
  if (!bytes) return [];
  const t = Table.open(bytes, sink, ['id', 'name'], SMALL_FILE);
  if (!t) return [];
  const col = { id: t.index('id'), name: t.index('name'), manager: t.index('manager') };
  const rows: { id: string; name: string; manager: string; line: number }[] = [];
  const seen = new Map<string, number>();
  while (t.next()) {
    if (t.malformed) continue;
    const id = t.text(col.id);
    const name = t.text(col.name);
    if (id === '') sink.error(t.line, 'id is required');
    else if (seen.has(id)) sink.error(t.line, `duplicate payee id "${clip(id)}" (first on line ${seen.get(id)})`);
    else seen.set(id, t.line);
    if (name === '') sink.error(t.line, 'name is required');
    rows.push({ id, name, manager: t.text(col.manager), line: t.line });
  }
  const index = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!index.has(r.id)) index.set(r.id, i);
  });
  const payees: Payee[] = rows.map((r) => {
    let manager = -1;
    if (r.manager !== '') {
      const m = index.get(r.manager);
      if (m === undefined) sink.error(r.line, `manager "${clip(r.manager)}" is not a payee`);
      else manager = m;
    }
    return { id: r.id, name: r.name, manager };
  });
  // A manager cycle: walking up from any payee must end; report each cycle once, at its first line.
  const state = new Uint8Array(payees.length);
  payees.forEach((_, start) => {
    const path: number[] = [];
    let p = start;
    while (p >= 0 && state[p] === 0) {
      state[p] = 1;
      path.push(p);
      p = payees[p]!.manager;
    }
    if (p >= 0 && state[p] === 1) {
      const cycle = path.slice(path.indexOf(p));
      const first = Math.min(...cycle);
      sink.error(rows[first]!.line, `manager cycle: ${cycle.map((i) => payees[i]!.id).join(' → ')} → ${payees[p]!.id}`);
    }
    for (const q of path) state[q] = 2;
  });
  return payees;
}

function readAssignments(
  bytes: Uint8Array | undefined,
  sink: ProblemSink,
  payeeIndex: ReadonlyMap<string, number>,
  plans: ReadonlySet<string>,
): Assignment[] {
  if (!bytes) return [];
  const t = Table.open(bytes, sink, ['payee', 'plan', 'from'], SMALL_FILE);
  if (!t) return [];
  const col = { payee: t.index('payee'), plan: t.index('plan'), from: t.index('from'), to: t.index('to') };
  const out: (Assignment & { line: number })[] = [];
  while (t.next()) {
    if (t.malformed) continue;
    const line = t.line;
    const payeeId = t.text(col.payee);
    const payee = payeeIndex.get(payeeId);
    if (payee === undefined) sink.error(line, `payee "${clip(payeeId)}" is not in payees.csv`);
    const plan = t.text(col.plan);
    if (!plans.has(plan)) sink.error(line, `plan "${clip(plan)}" is not a plan in plans/`);
    const from = parseDay(t.text(col.from));
    if (Number.isNaN(from)) sink.error(line, `from must be a date YYYY-MM-DD, not "${clip(t.text(col.from))}"`);
    const toText = t.text(col.to);
    const to = toText === '' ? undefined : parseDay(toText);
    if (to !== undefined && Number.isNaN(to)) sink.error(line, `to must be a date YYYY-MM-DD, not "${clip(toText)}"`);
    else if (to !== undefined && !Number.isNaN(from) && to < from) sink.error(line, 'to is before from');
    if (payee !== undefined && !Number.isNaN(from) && !(to !== undefined && (Number.isNaN(to) || to < from))) {
      out.push({ payee, plan, from, to, line });
    }
  }
  // Overlaps are possible only for payees with more than one assignment: most have one, and
  // need no list of their own.
  const count = new Int32Array(out.reduce((max, a) => Math.max(max, a.payee + 1), 0));
  for (const a of out) count[a.payee]!++;
  const byPayee = new Map<number, (Assignment & { line: number })[]>();
  for (const a of out) {
    if (count[a.payee]! < 2) continue;
    const list = byPayee.get(a.payee);
    if (list) list.push(a);
    else byPayee.set(a.payee, [a]);
  }
  for (const list of byPayee.values()) {
    list.sort((a, b) => a.from - b.from);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const cur = list[i]!;
      if (prev.to === undefined || prev.to >= cur.from) {
        const [early, late] = prev.line < cur.line ? [prev, cur] : [cur, prev];
        sink.error(late.line, `overlaps the assignment on line ${early.line} of the same payee`);
      }
    }
  }
  return out.map((a): Assignment => ({ payee: a.payee, plan: a.plan, from: a.from, to: a.to }));
}

function readQuotas(
  bytes: Uint8Array | undefined,
  sink: ProblemSink,
  payeeIndex: ReadonlyMap<string, number>,
  calendar: FiscalCalendar,
): Quota[] {
  if (!bytes) return [];
  const t = Table.open(bytes, sink, ['payee', 'period', 'measure', 'amount'], SMALL_FILE);
  if (!t) return [];
  const col = { payee: t.index('payee'), period: t.index('period'), measure: t.index('measure'), amount: t.index('amount') };
  const out: Quota[] = [];
  // Period, then measure, then payee → line: no key string made per row.
  const seen = new Map<string, Map<string, Map<number, number>>>();
  // A file names a few measures, each on thousands of rows: every quota of one shares one name
  // (each quota is kept for the whole run). The calendar shares each period's label the same way.
  const measures = new Map<string, string>();
  while (t.next()) {
    if (t.malformed) continue;
    const line = t.line;
    const payeeId = t.text(col.payee);
    const payee = payeeIndex.get(payeeId);
    if (payee === undefined) sink.error(line, `payee "${clip(payeeId)}" is not in payees.csv`);
    const periodText = t.text(col.period);
    const period = calendar.parse(periodText);
    if (!period) sink.error(line, `period must be YYYY-MM, YYYY-Qn or YYYY, not "${clip(periodText)}"`);
    const text = t.text(col.measure);
    let measure = measures.get(text);
    if (measure === undefined) measures.set(text, (measure = text));
    if (measure === '') sink.error(line, 'measure is required');
    const amount = Rational.parse(t.text(col.amount));
    if (!amount) sink.error(line, `amount must be a plain decimal number, not "${clip(t.text(col.amount))}"`);
    else if (amount.sign() <= 0) sink.error(line, 'a quota must be positive');
    if (payee === undefined || !period || measure === '' || !amount || amount.sign() <= 0) continue;
    let byMeasure = seen.get(period.label);
    if (!byMeasure) seen.set(period.label, (byMeasure = new Map()));
    let byPayee = byMeasure.get(measure);
    if (!byPayee) byMeasure.set(measure, (byPayee = new Map()));
    const first = byPayee.get(payee);
    if (first !== undefined) {
      sink.error(line, `a second quota for ${payeeId}, ${measure}, ${period.label} (first on line ${first})`);
      continue;
    }
    byPayee.set(payee, line);
    out.push({ payee, period: period.label, measure, amount });
  }
  return out;
}

function readFx(bytes: Uint8Array | undefined, sink: ProblemSink, base: string): FxRate[] {
  if (!bytes) return [];
  const t = Table.open(bytes, sink, ['date', 'currency', 'rate'], SMALL_FILE);
  if (!t) return [];
  const col = { date: t.index('date'), currency: t.index('currency'), rate: t.index('rate') };
  const out: FxRate[] = [];
  const seen = new Map<string, number>();
  while (t.next()) {
    if (t.malformed) continue;
    const line = t.line;
    const date = parseDay(t.text(col.date));
    if (Number.isNaN(date)) sink.error(line, `date must be a date YYYY-MM-DD, not "${clip(t.text(col.date))}"`);
    const currency = t.text(col.currency);
    if (!isCurrencyCode(currency)) sink.error(line, `unknown ISO 4217 currency "${clip(currency)}"`);
    const rate = Rational.parse(t.text(col.rate));
    if (!rate) sink.error(line, `rate must be a plain decimal number, not "${clip(t.text(col.rate))}"`);
    else if (rate.sign() <= 0) sink.error(line, 'a rate must be positive');
    if (Number.isNaN(date) || !isCurrencyCode(currency) || !rate || rate.sign() <= 0) continue;
    const key = `${currency}\u0000${date}`;
    const first = seen.get(key);
    if (first !== undefined) {
      sink.error(line, `a second rate for ${currency} on ${t.text(col.date)} (first on line ${first})`);
      continue;
    }
    seen.set(key, line);
    if (currency === base) {
      // The base currency is worth 1 by definition; a row for it says nothing.
      if (!rate.eq(Rational.ONE)) sink.warn(line, `${base} is the base currency: its rate is always 1, this row is ignored`);
      continue;
    }
    out.push({ date, currency, rate });
  }
  return out;
}

interface AdjustmentContext {
  readonly payeeIndex: ReadonlyMap<string, number>;
  readonly planById: ReadonlyMap<string, Plan>;
  readonly knownPlanIds: ReadonlySet<string>;
  readonly assignments: readonly Assignment[];
  readonly calendar: FiscalCalendar;
}

function readAdjustments(bytes: Uint8Array | undefined, sink: ProblemSink, ctx: AdjustmentContext): Adjustment[] {
  if (!bytes) return [];
  const t = Table.open(bytes, sink, ['payee', 'period', 'amount'], SMALL_FILE);
  if (!t) return [];
  const col = { payee: t.index('payee'), period: t.index('period'), amount: t.index('amount'), reason: t.index('reason'), plan: t.index('plan') };
  const out: Adjustment[] = [];
  while (t.next()) {
    if (t.malformed) continue;
    const line = t.line;
    const payeeId = t.text(col.payee);
    const payee = ctx.payeeIndex.get(payeeId);
    if (payee === undefined) sink.error(line, `payee "${clip(payeeId)}" is not in payees.csv`);
    const periodText = t.text(col.period);
    const period = ctx.calendar.parse(periodText);
    if (!period) sink.error(line, `period must be YYYY-MM, YYYY-Qn or YYYY, not "${clip(periodText)}"`);
    const amount = Rational.parse(t.text(col.amount));
    if (!amount) sink.error(line, `amount must be a plain decimal number, not "${clip(t.text(col.amount))}"`);
    const planText = t.text(col.plan);
    if (planText !== '' && !ctx.knownPlanIds.has(planText)) sink.error(line, `plan "${clip(planText)}" is not a plan in plans/`);
    if (payee === undefined || !period || !amount || (planText !== '' && !ctx.planById.has(planText))) continue;
    // The payee's plans whose periods include this one: the adjustment must belong to exactly one.
    const candidates = new Set<string>();
    for (const a of ctx.assignments) {
      const plan = ctx.planById.get(a.plan);
      if (a.payee !== payee || !plan || plan.period !== period.kind) continue;
      if (a.from <= period.end && (a.to === undefined || a.to >= period.start)) candidates.add(plan.id);
    }
    let plan = planText;
    if (plan !== '' && !candidates.has(plan)) {
      sink.error(line, `${payeeId} is not on plan ${plan} in ${period.label}`);
      continue;
    }
    if (plan === '') {
      if (candidates.size === 0) {
        sink.error(line, `${payeeId} has no plan with period ${period.label}`);
        continue;
      }
      if (candidates.size > 1) {
        sink.error(line, `${payeeId} has ${candidates.size} plans in ${period.label} (${[...candidates].sort().join(', ')}): name one in the plan column`);
        continue;
      }
      plan = [...candidates][0]!;
    }
    out.push({ payee, period: period.label, plan, amount, reason: t.text(col.reason) });
  }
  return out;
}
