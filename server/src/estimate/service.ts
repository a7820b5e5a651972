import { FiscalCalendar, parseDay } from '@prestasi/engine';
import { csvLine, type Db, DomainError, exportWorkspace, localToday } from '@prestasi/db';
import { CsvCursor, type LoadedWorkspace } from '@prestasi/workspace';
import { formatMinor, moneyDigits, toMinor } from '../money.js';
import { loadOrThrow, resultsOf } from '../plans/compute.js';
import type { PayeeResultObject } from '../runs/result-schema.js';

export interface EstimateRequest {
  readonly payee: string;
  readonly amount: string;
  readonly currency?: string | undefined;
  /** `YYYY-MM-DD`; default today. */
  readonly date?: string | undefined;
  /** Other columns of transactions.csv: type, product, quantity, margin, or an attribute column. */
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}

export interface EstimateLine {
  readonly component: string;
  readonly amount: string;
  readonly explanation: string | null;
}

export interface EstimateComponent {
  readonly id: string;
  readonly now: string;
  readonly withDeal: string;
  readonly difference: string;
  readonly explanation: string | null;
}

export interface EstimateResult {
  readonly plan: string;
  readonly period: string;
  readonly currency: string;
  readonly now: string;
  readonly withDeal: string;
  readonly difference: string;
  /** The deal's own lines, with the engine's explanations. */
  readonly lines: EstimateLine[];
  /** Components whose earnings the deal changes (a tier or bonus step crossed changes more than the deal's line). */
  readonly components: EstimateComponent[];
}

export interface Estimate {
  readonly payee: string;
  readonly date: string;
  /** The id the hypothetical deal had in the computation (its lines' explanations name it). */
  readonly deal: string;
  /**
   * Columns the request left out that the payee's plans filter on, each given the first value
   * its filter accepts, so the deal counts as the kind of deal the plans pay for. Said, never silent.
   */
  readonly assumed: Readonly<Record<string, string>>;
  readonly results: EstimateResult[];
}

/** Columns the request fills itself, or that a hypothetical won deal leaves empty. */
const OWN_COLUMNS = new Set(['id', 'date', 'amount', 'currency', 'owner', 'splits', 'status', 'cancel_date']);

/**
 * What a payee would earn in the periods of their plans around `date` if they closed a deal,
 * beside what they earn now: the engine on the database's data, as a run would compute it, and
 * again with the deal added to transactions.csv as the payee's own, won. Nothing is saved.
 */
export async function estimate(db: Db, request: EstimateRequest, today = localToday()): Promise<Estimate> {
  const date = request.date ?? today;
  const day = parseDay(date);
  if (day === undefined) throw new DomainError('INVALID_INPUT', `date must be a date YYYY-MM-DD, not "${date}"`);
  const files = await exportWorkspace(db);
  const now = loadOrThrow(files);
  const payee = now.input.payees.findIndex((p) => p.id === request.payee);
  if (payee < 0) throw new DomainError('NOT_FOUND', `no payee ${request.payee}`);
  const periods = periodsOf(now, payee, day);
  if (periods.length === 0) throw new DomainError('INVALID_INPUT', `${request.payee} is on no plan on ${date}`);

  const deal = await freeId(db);
  const transactions = files.get('transactions.csv')!;
  const header = new CsvCursor(transactions).header;
  const cells = new Map<string, string>([
    ['id', deal],
    ['date', date],
    ['amount', request.amount],
    ['owner', request.payee],
    ['currency', request.currency ?? ''],
  ]);
  for (const [column, value] of Object.entries(request.attributes ?? {})) {
    if (OWN_COLUMNS.has(column) || !header.includes(column)) {
      throw new DomainError('INVALID_INPUT', `"${column}" is not an attribute of deals: use one of ${header.filter((h) => !OWN_COLUMNS.has(h)).join(', ')}`);
    }
    cells.set(column, value);
  }
  const assumed = assumedAttributes(now, payee, day, (column) => cells.has(column) || !header.includes(column));
  for (const [column, value] of Object.entries(assumed)) cells.set(column, value);
  const row = new TextEncoder().encode(csvLine(header.map((column) => cells.get(column) ?? '')));
  // The export ends every line with \n, so the row starts a line of its own.
  const withDeal = loadOrThrow(new Map(files).set('transactions.csv', Buffer.concat([transactions, row])));

  const results: EstimateResult[] = [];
  for (const period of periods) {
    const options = { period, payee: request.payee, explain: true } as const;
    const before = resultsOf(now, options);
    for (const after of resultsOf(withDeal, options)) {
      const was = before.find((r) => r.plan === after.plan && r.period === after.period);
      results.push(compare(was, after, deal));
    }
  }
  return { payee: request.payee, date, deal, assumed, results };
}

/** For each column a filter of the payee's plans on `day` compares and `given` lacks: the first value it accepts. */
function assumedAttributes(workspace: LoadedWorkspace, payee: number, day: number, given: (column: string) => boolean): Record<string, string> {
  const assumed: Record<string, string> = {};
  for (const plan of plansOn(workspace, payee, day)) {
    for (const clause of plan.measures.flatMap((m) => m.where)) {
      const first = clause.values[0];
      if (first !== undefined && !given(clause.field) && !(clause.field in assumed)) assumed[clause.field] = first;
    }
  }
  return assumed;
}

function plansOn(workspace: LoadedWorkspace, payee: number, day: number) {
  return workspace.input.assignments
    .filter((a) => a.payee === payee && a.from <= day && (a.to === undefined || a.to >= day))
    .map((a) => workspace.input.plans.find((p) => p.id === a.plan)!);
}

/** Labels of the periods of the payee's plans on `day` (a quarterly and a monthly plan: both). */
function periodsOf(workspace: LoadedWorkspace, payee: number, day: number): string[] {
  const calendar = new FiscalCalendar(workspace.input.settings.fiscalYearStart);
  const kinds = plansOn(workspace, payee, day).map((plan) => plan.period);
  return [...new Set(kinds.map((kind) => calendar.containing(kind, day).label))];
}

/** An id no deal has: the hypothetical deal must not replace a real one. */
async function freeId(db: Db): Promise<string> {
  const taken = new Set((await db.selectFrom('transactions').select('id').where('id', 'like', 'what-if%').execute()).map((r) => r.id));
  let id = 'what-if';
  for (let n = 2; taken.has(id); n++) id = `what-if-${n}`;
  return id;
}

function compare(was: PayeeResultObject | undefined, after: PayeeResultObject, deal: string): EstimateResult {
  const digits = moneyDigits(after.currency);
  const m = (text: string | undefined) => (text === undefined ? 0n : toMinor(text, digits));
  const diff = (a: string | undefined, b: string) => formatMinor(m(b) - m(a), digits);
  const lines = after.components.flatMap((c) =>
    (c.lines ?? []).filter((l) => l.transaction === deal).map((l) => ({ component: c.id, amount: l.amount, explanation: l.explanation ?? null })),
  );
  const components = after.components
    .map((c) => {
      const before = was?.components.find((x) => x.id === c.id)?.earned;
      return { id: c.id, now: before ?? formatMinor(0n, digits), withDeal: c.earned, difference: diff(before, c.earned), explanation: c.explanation ?? null };
    })
    .filter((c) => c.difference !== formatMinor(0n, digits));
  return {
    plan: after.plan,
    period: after.period,
    currency: after.currency,
    now: was?.payout ?? formatMinor(0n, digits),
    withDeal: after.payout,
    difference: diff(was?.payout, after.payout),
    lines,
    components,
  };
}
