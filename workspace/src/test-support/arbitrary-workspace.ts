// fast-check generators of small random VALID Prestasi workspaces, for property tests.
//
// A workspace is generated as a plain "model" (numbers and picks; references are indices
// resolved modulo the number of things) and then rendered into files. This keeps every
// generated workspace valid and lets fast-check shrink failures to small workspaces.
//
// Validity guarantees of generated workspaces:
//  - every currency used (by a transaction or a plan) other than the base has an fx row
//    dated 2025-01-01, before all data, so no rate is ever missing;
//  - every measure that a plan needs a quota for has a fiscal-year quota row for every payee
//    and every fiscal year overlapping the data range (2025-07-01 .. 2026-09-30);
//  - formulas divide only by constants or under an `if(x > 0, ...)` guard;
//  - text values in plans are quoted unless they are plain lowercase/uppercase words.

import fc from 'fast-check';
import { parseCsv } from './reference/csv.js';
import { dayFromYmd, formatDay, periodContaining, periodsOverlapping } from './reference/dates.js';
import type { Day, Period, PeriodKind } from './reference/dates.js';

export const RANGE_START: Day = dayFromYmd(2025, 7, 1);
export const RANGE_DAYS = 457; // 2025-07-01 .. 2026-09-30
export const RANGE_END: Day = RANGE_START + RANGE_DAYS - 1;
const FX_START: Day = dayFromYmd(2025, 1, 1);

// ------------------------------------------------------------------ small helpers

/** Deterministic PRNG (mulberry32) for permutations derived from a fast-check seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function permute<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue;
    out[i] = b;
    out[j] = a;
  }
  return out;
}

function pick<T>(items: readonly T[], index: number): T {
  const v = items[((index % items.length) + items.length) % items.length];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

/** mantissa × 10^-scale as decimal text, e.g. dec(-12345, 2) = "-123.45" */
export function dec(mantissa: number, scale: number): string {
  const negative = mantissa < 0;
  let digits = String(Math.abs(mantissa));
  if (scale > 0) {
    while (digits.length <= scale) digits = '0' + digits;
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  }
  return (negative && mantissa !== 0 ? '-' : '') + digits;
}

/** null with weight `nullWeight`, else a value from `arb` with weight `valueWeight`. */
function maybe<T>(arb: fc.Arbitrary<T>, nullWeight: number, valueWeight: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: nullWeight, arbitrary: fc.constant(null) }, { weight: valueWeight, arbitrary: arb });
}

const decimal = (min: number, max: number, maxScale: number): fc.Arbitrary<string> =>
  fc.record({ m: fc.integer({ min, max }), s: fc.integer({ min: 0, max: maxScale }) }).map(({ m, s }) => dec(m, s));

// ------------------------------------------------------------------ CSV

function csvField(value: string): string {
  if (/[",\r\n]/.test(value)) return '"' + value.replace(/"/g, '""') + '"';
  return value;
}

export interface CsvStyle {
  readonly crlf: boolean;
  readonly bom: boolean;
}

/** RFC 4180 text; `columns` gives the column order, rows map column -> cell ('' = empty). */
export function writeCsv(
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, string>>>,
  style: CsvStyle = { crlf: false, bom: false },
): string {
  const nl = style.crlf ? '\r\n' : '\n';
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] ?? '')).join(','));
  return (style.bom ? '\uFEFF' : '') + lines.join(nl) + nl;
}

/** Splits CSV text into raw records (quoted newlines stay inside their record). */
function rawRecords(text: string): { records: string[]; newline: string; trailing: boolean } {
  const records: string[] = [];
  let newline = '\n';
  let current = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '"') {
      quoted = !quoted;
      current += c;
      i++;
      continue;
    }
    if (!quoted && (c === '\n' || (c === '\r' && text[i + 1] === '\n'))) {
      newline = c === '\r' ? '\r\n' : '\n';
      records.push(current);
      current = '';
      i += c === '\r' ? 2 : 1;
      continue;
    }
    current += c;
    i++;
  }
  const trailing = current === '';
  if (!trailing) records.push(current);
  return { records, newline, trailing };
}

/** Permutes the data rows of a CSV text (the header stays first), deterministically from `seed`. */
export function shuffleCsvRows(text: string, seed: number): string {
  const { records, newline, trailing } = rawRecords(text);
  const [header, ...rows] = records;
  if (header === undefined) return text;
  const shuffled = permute(rows, seed);
  return [header, ...shuffled].join(newline) + (trailing ? newline : '');
}

/** A copy of the workspace with the data rows of every CSV file shuffled. */
export function shuffleWorkspaceRows(
  files: ReadonlyMap<string, string>,
  seed: number,
  options: { readonly except?: readonly string[] } = {},
): Map<string, string> {
  const out = new Map<string, string>();
  let k = 0;
  for (const [path, text] of files) {
    k++;
    const skip = options.except?.includes(path) === true;
    out.set(path, path.endsWith('.csv') && !skip ? shuffleCsvRows(text, seed + k * 7919) : text);
  }
  return out;
}

/**
 * A copy of the workspace whose transactions.csv keeps the rows before `cut` (a fraction of
 * them) and `transactions/<name>.csv` the rest, under the same header.
 */
export function splitTransactionsFile(files: ReadonlyMap<string, string>, cut: number, name: string): Map<string, string> {
  const text = files.get('transactions.csv');
  const out = new Map(files);
  if (text === undefined) return out;
  const { records, newline, trailing } = rawRecords(text);
  const [header, ...rows] = records;
  if (header === undefined) return out;
  const at = Math.round(rows.length * cut);
  const file = (part: readonly string[]) => [header, ...part].join(newline) + (trailing || part.length > 0 ? newline : '');
  out.set('transactions.csv', file(rows.slice(0, at)));
  out.set(`transactions/${name}.csv`, file(rows.slice(at)));
  return out;
}

// ------------------------------------------------------------------ plan text (YAML / JSON)

class Num {
  constructor(readonly text: string) {}
}
type PV = Num | string | boolean | readonly PV[] | { readonly [key: string]: PV };

const PLAIN_WORD = /^[A-Za-z][A-Za-z_-]*$/;
const YAML_RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', 'True', 'False', 'Null', 'TRUE', 'FALSE', 'NULL', 'Yes', 'No', 'YES', 'NO', 'On', 'Off', 'ON', 'OFF', 'Y', 'N']);

function isRecord(v: PV): v is { readonly [key: string]: PV } {
  return typeof v === 'object' && !(v instanceof Num) && !Array.isArray(v);
}

function jsonText(v: PV): string {
  if (v instanceof Num) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + (v as readonly PV[]).map(jsonText).join(', ') + ']';
  if (isRecord(v)) return '{ ' + Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonText(x)}`).join(', ') + ' }';
  throw new Error('unreachable');
}

function yamlFlow(v: PV): string {
  if (v instanceof Num) return v.text;
  if (typeof v === 'string') {
    const dateLike = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v);
    return (PLAIN_WORD.test(v) && !YAML_RESERVED.has(v)) || dateLike ? v : JSON.stringify(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + (v as readonly PV[]).map(yamlFlow).join(', ') + ']';
  if (isRecord(v)) return '{ ' + Object.entries(v).map(([k, x]) => `${k}: ${yamlFlow(x)}`).join(', ') + ' }';
  throw new Error('unreachable');
}

function yamlDocument(doc: { readonly [key: string]: PV }): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (Array.isArray(value)) {
      lines.push(`${key}:`);
      for (const item of value as readonly PV[]) lines.push(`  - ${yamlFlow(item)}`);
    } else if (isRecord(value) && key === 'measures') {
      lines.push(`${key}:`);
      for (const [k, x] of Object.entries(value)) lines.push(`  ${k}: ${yamlFlow(x)}`);
    } else {
      lines.push(`${key}: ${yamlFlow(value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function jsonDocument(doc: { readonly [key: string]: PV }): string {
  const entries = Object.entries(doc).map(([k, v]) => `  ${JSON.stringify(k)}: ${jsonText(v)}`);
  return '{\n' + entries.join(',\n') + '\n}\n';
}

// ------------------------------------------------------------------ the model

type Source = 'amount' | 'margin' | 'quantity' | 'seats' | 'count';
type WhereField = 'type' | 'product' | 'region';
type Basis = 'attainment' | 'amount' | null;

const TYPE_VALUES = ['new', 'upsell', 'renewal', ''];
const PRODUCT_VALUES = ['PRO', 'BASIC', '1.0', 'Widget, large', 'say "hi"', ''];
const REGION_VALUES = ['north', 'south', 'yes', ''];
const QUANTITIES = ['', '', '1', '2', '3', '1.5', '0', '10', '0.25'];
const REASONS = ['', 'missed split', 'manual, one-off', 'correction "Q3"', 'spiff payback'];
const PAYEE_IDS = ['ae-001', 'ae-002', 'ae-010', 'mgr-1', 'B', 'b', 'z_9', 'ae-1'];
const PLAN_IDS = ['ae', 'mgr', 'se'];
const PLAN_CURRENCIES: ReadonlyArray<string | null> = [null, null, null, 'USD', 'JPY', 'KWD', 'SGD', 'MYR'];
const TXN_CURRENCIES: ReadonlyArray<string | null> = [null, null, null, null, 'USD', 'SGD', 'JPY', 'MYR'];
const SPLIT_PATTERNS: ReadonlyArray<readonly string[]> = [
  ['50', '50'],
  ['60', '40'],
  ['33.3', '66.7'],
  ['12.5', '87.5'],
  ['99.99', '0.01'],
  ['33.3', '33.3', '33.4'],
  ['50', '25', '25'],
  ['10', '20', '70'],
];
/** A natural magnitude per measure source (for tier bounds and bonus steps on basis amount). */
const UNIT: Record<Source, number> = { amount: 5000, margin: 1000, quantity: 2, seats: 5, count: 1 };

interface WhereModel {
  readonly field: WhereField;
  readonly values: readonly number[];
}

interface MeasureModel {
  readonly source: Source;
  readonly where: WhereModel | null;
  readonly team: boolean;
}

interface CapModel {
  readonly m: number;
  readonly s: number;
}

type ComponentModel =
  | {
      readonly kind: 'commission';
      readonly measure: number;
      readonly flatRate: string | null;
      readonly tiers: ReadonlyArray<{ readonly inc: number; readonly rate: string }>;
      readonly lastRate: string;
      readonly basis: Basis;
      readonly method: 'graduated' | 'retroactive' | null;
      readonly cap: CapModel | null;
    }
  | {
      readonly kind: 'bonus';
      readonly measure: number;
      readonly basis: Basis;
      readonly steps: ReadonlyArray<{ readonly inc: number; readonly amount: string }>;
      readonly reverse: boolean;
      readonly cap: CapModel | null;
    }
  | {
      readonly kind: 'spiff';
      readonly where: WhereModel | null;
      readonly per: 'unit' | 'deal';
      readonly amount: string;
      readonly window: { readonly from: number; readonly len: number } | null;
      readonly cap: CapModel | null;
    }
  | {
      readonly kind: 'formula';
      readonly template: number;
      readonly a: number;
      readonly b: number;
      readonly rate: string;
      readonly c: number;
      readonly cap: CapModel | null;
    };

interface PlanModel {
  readonly kind: PeriodKind;
  readonly currency: number;
  readonly measures: readonly MeasureModel[];
  readonly components: readonly ComponentModel[];
  readonly draw: { readonly amount: string; readonly recoverable: boolean } | null;
  readonly clawback: number | null;
  readonly format: 'yaml' | 'yml' | 'json';
  readonly name: boolean;
}

interface TxnModel {
  readonly day: number;
  readonly amount: string;
  readonly currency: number;
  readonly owner: number;
  readonly splits: { readonly payees: readonly number[]; readonly pattern: number } | null;
  readonly quantity: number;
  readonly margin: string | null;
  readonly type: number;
  readonly product: number;
  readonly region: number;
  readonly seats: number | null;
  readonly cancel: number | null;
  readonly explicitWon: boolean;
  readonly explicitCurrency: boolean;
}

interface AssignmentModel {
  readonly initialGap: number;
  readonly segments: ReadonlyArray<{ readonly plan: number; readonly len: number; readonly gap: number }>;
  readonly lastOpen: boolean;
}

interface WorkspaceModel {
  readonly settings: {
    readonly present: boolean;
    readonly currency: string;
    readonly fys: number;
    readonly rounding: 'half_up' | 'half_even';
    readonly writeDefaults: boolean;
  };
  readonly payeeIds: readonly string[];
  readonly managers: readonly number[];
  readonly plans: readonly PlanModel[];
  readonly assignments: readonly AssignmentModel[];
  readonly txns: readonly TxnModel[];
  /** cancelled deals placed just before the end of an assignment, cancelled just after it */
  readonly boundaryTxns: ReadonlyArray<{
    readonly payee: number;
    readonly assignment: number;
    readonly before: number;
    readonly after: number;
    readonly txn: TxnModel;
  }>;
  readonly fxRates: readonly string[];
  readonly fxChanges: ReadonlyArray<{ readonly currency: number; readonly day: number; readonly rate: string }>;
  readonly quotaValues: readonly number[];
  readonly quotaExtras: ReadonlyArray<{
    readonly payee: number;
    readonly measure: number;
    readonly kind: PeriodKind;
    readonly day: number;
    readonly value: number;
  }>;
  readonly adjustments: ReadonlyArray<{
    readonly payee: number;
    readonly plan: number;
    readonly day: number;
    readonly amount: string;
    readonly reason: number;
    readonly forcePlan: boolean;
  }>;
  readonly rowSeed: number;
  readonly columnSeed: number;
  readonly csvStyle: CsvStyle;
}

// ------------------------------------------------------------------ arbitraries

const periodKindArb: fc.Arbitrary<PeriodKind> = fc.constantFrom('month', 'quarter', 'year');
const selectedKindArb: fc.Arbitrary<PeriodKind> = fc.constantFrom('month', 'quarter', 'quarter', 'year', 'year');
const basisArb: fc.Arbitrary<Basis> = fc.constantFrom<Basis>(null, 'attainment', 'amount');
const rateArb = decimal(0, 200, 3).map((t) => (t === '0' ? '0.05' : t));
const capArb: fc.Arbitrary<CapModel | null> = maybe(
  fc.record({ m: fc.integer({ min: 1, max: 30000 }), s: fc.integer({ min: 0, max: 2 }) }),
  2,
  1,
);

const whereArb = (fields: readonly WhereField[]): fc.Arbitrary<WhereModel | null> =>
  maybe(
    fc.record({
      field: fc.constantFrom(...fields),
      values: fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 3 }),
    }),
    1,
    1,
  );

const measureArb: fc.Arbitrary<MeasureModel> = fc.record({
  source: fc.constantFrom<Source>('amount', 'amount', 'amount', 'margin', 'quantity', 'seats', 'count'),
  where: whereArb(['type', 'product', 'region']),
  team: fc.boolean(),
});

const componentArb: fc.Arbitrary<ComponentModel> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('commission' as const),
      measure: fc.nat({ max: 5 }),
      flatRate: maybe(rateArb, 1, 1),
      tiers: fc.array(fc.record({ inc: fc.integer({ min: 1, max: 8 }), rate: rateArb }), { minLength: 0, maxLength: 3 }),
      lastRate: rateArb,
      basis: basisArb,
      method: fc.constantFrom<'graduated' | 'retroactive' | null>(null, 'graduated', 'retroactive'),
      cap: capArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('bonus' as const),
      measure: fc.nat({ max: 5 }),
      basis: basisArb,
      steps: fc.array(fc.record({ inc: fc.integer({ min: 1, max: 8 }), amount: decimal(0, 500000, 2) }), {
        minLength: 1,
        maxLength: 3,
      }),
      reverse: fc.boolean(),
      cap: capArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('spiff' as const),
      where: whereArb(['type', 'product', 'region']),
      per: fc.constantFrom<'unit' | 'deal'>('unit', 'deal'),
      amount: decimal(1, 50000, 2),
      window: maybe(fc.record({ from: fc.integer({ min: 0, max: RANGE_DAYS }), len: fc.integer({ min: 0, max: 200 }) }), 1, 1),
      cap: capArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('formula' as const),
      template: fc.nat({ max: 11 }),
      a: fc.nat({ max: 5 }),
      b: fc.nat({ max: 5 }),
      rate: decimal(1, 50, 3),
      c: fc.integer({ min: 0, max: 50000 }),
      cap: capArb,
    }),
  },
);

/** Options for the generators. */
export interface WorkspaceArbitraryOptions {
  /**
   * Bias towards clawbacks: every plan has a clawback window of 60-150 days, plans are
   * mostly monthly, payees change plans more often and more deals are cancelled across the
   * end of an assignment (clawbacks to another plan, `unapplied`).
   */
  readonly clawbackFocus?: boolean;
}

const planArb = (focus: boolean): fc.Arbitrary<PlanModel> => fc.record({
  kind: focus ? fc.constantFrom<PeriodKind>('month', 'month', 'quarter', 'year') : periodKindArb,
  currency: fc.nat({ max: PLAN_CURRENCIES.length - 1 }),
  measures: fc.array(measureArb, { minLength: 1, maxLength: 3 }),
  components: fc.array(componentArb, { minLength: 1, maxLength: 4 }),
  draw: maybe(
    fc.record({
      amount: fc.oneof(fc.integer({ min: 0, max: 20000 }).map(String), decimal(0, 2_000_000, 2)),
      recoverable: fc.boolean(),
    }),
    1,
    1,
  ),
  clawback: focus
    ? fc.integer({ min: 60, max: 150 })
    : maybe(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 30, max: 150 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 }) }), 1, 1),
  format: fc.constantFrom<'yaml' | 'yml' | 'json'>('yaml', 'yaml', 'yml', 'json'),
  name: fc.boolean(),
});

const sameDays = [0, 15, 100, 184, 185, 200, 300, 456];
const txnArb: fc.Arbitrary<TxnModel> = fc.record({
  day: fc.oneof(fc.integer({ min: 0, max: RANGE_DAYS - 1 }), fc.constantFrom(...sameDays)),
  amount: fc.oneof(
    { weight: 5, arbitrary: decimal(0, 20_000_000, 3) },
    { weight: 1, arbitrary: decimal(-5_000_000, 0, 3) },
  ),
  currency: fc.nat({ max: TXN_CURRENCIES.length - 1 }),
  owner: fc.nat({ max: 7 }),
  splits: maybe(
    fc.record({ payees: fc.array(fc.nat({ max: 7 }), { minLength: 3, maxLength: 3 }), pattern: fc.nat({ max: SPLIT_PATTERNS.length - 1 }) }),
    3,
    1,
  ),
  quantity: fc.nat({ max: QUANTITIES.length - 1 }),
  margin: maybe(decimal(-100_000, 5_000_000, 2), 1, 1),
  type: fc.nat({ max: TYPE_VALUES.length - 1 }),
  product: fc.nat({ max: PRODUCT_VALUES.length - 1 }),
  region: fc.nat({ max: REGION_VALUES.length - 1 }),
  seats: maybe(fc.integer({ min: 0, max: 50 }), 1, 2),
  cancel: maybe(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 20, max: 120 }), fc.integer({ min: 0, max: 220 })), 3, 1),
  explicitWon: fc.boolean(),
  explicitCurrency: fc.boolean(),
});

const assignmentArb = (focus: boolean): fc.Arbitrary<AssignmentModel> => fc.record({
  initialGap: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 200 }) }),
  segments: fc.array(
    fc.record({
      plan: fc.nat({ max: 2 }),
      len: focus ? fc.integer({ min: 20, max: 150 }) : fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 400 })),
      gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
    }),
    { minLength: focus ? 2 : 0, maxLength: focus ? 4 : 3 },
  ).chain((segments) => (segments.length > 0 ? fc.constant(segments) : fc.constantFrom(segments, [{ plan: 0, len: 200, gap: 0 }]))),
  lastOpen: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }),
});

const modelArb = (focus: boolean): fc.Arbitrary<WorkspaceModel> => fc
  .record({
    settings: fc.record({
      present: fc.boolean(),
      currency: fc.constantFrom('MYR', 'MYR', 'SGD', 'USD'),
      fys: fc.integer({ min: 1, max: 12 }),
      rounding: fc.constantFrom<'half_up' | 'half_even'>('half_up', 'half_even'),
      writeDefaults: fc.boolean(),
    }),
    payeeIds: fc.shuffledSubarray([...PAYEE_IDS], { minLength: 2, maxLength: 8 }),
    managers: fc.array(fc.nat({ max: 8 }), { minLength: 8, maxLength: 8 }),
    plans: fc.array(planArb(focus), { minLength: focus ? 2 : 1, maxLength: 3 }),
    assignments: fc.array(assignmentArb(focus), { minLength: 8, maxLength: 8 }),
    txns: fc.array(txnArb, { minLength: 0, maxLength: 40, size: 'max' }),
    boundaryTxns: fc.array(
      fc.record({
        payee: fc.nat({ max: 7 }),
        assignment: fc.nat({ max: 3 }),
        before: fc.integer({ min: 0, max: 30 }),
        after: fc.integer({ min: 1, max: 90 }),
        txn: txnArb,
      }),
      { minLength: focus ? 2 : 0, maxLength: focus ? 8 : 4 },
    ),
    fxRates: fc.array(decimal(1, 200_000, 4).map((t) => (t === '0' ? '1' : t)), { minLength: 8, maxLength: 8 }),
    fxChanges: fc.array(
      fc.record({ currency: fc.nat({ max: 7 }), day: fc.integer({ min: 0, max: RANGE_DAYS + 200 }), rate: decimal(1, 200_000, 4) }),
      { maxLength: 6 },
    ),
    quotaValues: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
    quotaExtras: fc.array(
      fc.record({
        payee: fc.nat({ max: 7 }),
        measure: fc.nat({ max: 9 }),
        kind: periodKindArb,
        day: fc.integer({ min: 0, max: RANGE_DAYS - 1 }),
        value: fc.integer({ min: 1, max: 1000 }),
      }),
      { maxLength: 8 },
    ),
    adjustments: fc.array(
      fc.record({
        payee: fc.nat({ max: 7 }),
        plan: fc.nat({ max: 2 }),
        day: fc.integer({ min: 0, max: RANGE_DAYS - 1 }),
        amount: decimal(-500_000, 500_000, 3),
        reason: fc.nat({ max: REASONS.length - 1 }),
        forcePlan: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    rowSeed: fc.integer(),
    columnSeed: fc.integer(),
    csvStyle: fc.record({ crlf: fc.boolean(), bom: fc.boolean() }),
  })
  .map((m) => m);

// ------------------------------------------------------------------ rendering

interface RenderedAssignment {
  readonly payee: string;
  readonly plan: string;
  readonly from: Day;
  readonly to: Day | null;
}

function measureName(source: Source, index: number): string {
  return `${source}_${index}`;
}

function whereValue(w: WhereModel): PV {
  const pool = w.field === 'type' ? TYPE_VALUES : w.field === 'product' ? PRODUCT_VALUES : REGION_VALUES;
  const values: string[] = [];
  for (const i of w.values) {
    const v = pick(pool, i);
    if (!values.includes(v)) values.push(v);
  }
  return { [w.field]: values.length === 1 ? (values[0] ?? '') : values };
}

function quotaText(source: Source, value: number, yearly: boolean): string {
  const factor = yearly ? 12 : 1;
  switch (source) {
    case 'amount':
      return String(value * 500 * factor);
    case 'margin':
      return String(value * 100 * factor);
    case 'quantity':
      return dec(value * factor, 1);
    case 'seats':
      return String(value * factor);
    case 'count':
      return dec(value * factor, 2);
  }
}

function formulaText(template: number, a: string, b: string, rate: string, c: number): { text: string; quota: string | null } {
  switch (template % 12) {
    case 0:
      return { text: `${a} * ${rate}`, quota: null };
    case 1:
      return { text: `if(attainment(${a}) >= 1.2, ${a} * ${rate}, 0)`, quota: a };
    case 2:
      return { text: `max(${a} - quota(${a}), 0) * ${rate}`, quota: a };
    case 3:
      return { text: `round(${a} / 3, 2) + ${b} * ${rate}`, quota: null };
    case 4:
      return { text: `min(${a}, ${c}) * ${rate} + abs(${b}) / 7`, quota: null };
    case 5:
      return { text: `if(${b} > 0, ${a} / ${b}, 0)`, quota: null };
    case 6:
      return { text: `floor(${a} / 1000) * 50 + ceil(${b} / 3)`, quota: null };
    case 7:
      return { text: `if(not ${a} > ${c} and ${b} >= 1 or ${a} = 0, 100, 0)`, quota: null };
    case 8:
      return { text: `-${a} * 0.001 + 2 * -3`, quota: null };
    case 9:
      return { text: `(${a} + ${b}) * ${rate} - 10`, quota: null };
    case 10:
      return { text: `(${a} != 0) * 25 + (${b} <= ${c}) * 1.5`, quota: null };
    default:
      return { text: `max(${a}, ${b}, 0) * ${rate} + min(${a}, ${b}) * 0.5`, quota: null };
  }
}

function renderPlan(
  id: string,
  pm: PlanModel,
  baseCurrency: string,
): { path: string; text: string; currency: string; needsQuota: Map<string, Source>; kind: PeriodKind; names: Map<string, Source> } {
  const names = new Map<string, Source>();
  const measures: Record<string, PV> = {};
  const measureList: Array<{ name: string; source: Source }> = [];
  pm.measures.forEach((m, i) => {
    const name = measureName(m.source, i);
    const def: Record<string, PV> = m.source === 'count' ? { count: true } : { sum: m.source };
    if (m.where !== null) def['where'] = whereValue(m.where);
    if (m.team) def['scope'] = 'team';
    measures[name] = def;
    names.set(name, m.source);
    measureList.push({ name, source: m.source });
  });
  const needsQuota = new Map<string, Source>();
  const components: PV[] = [];
  pm.components.forEach((c, i) => {
    const cid = `${c.kind.slice(0, 3)}-${i}`;
    const comp: Record<string, PV> = { id: cid, type: c.kind };
    if (c.kind === 'commission') {
      const m = pick(measureList, c.measure);
      comp['measure'] = m.name;
      if (c.flatRate !== null && c.tiers.length === 0) {
        comp['rate'] = new Num(c.flatRate);
      } else {
        const basis = c.basis ?? 'attainment';
        if (c.basis !== null) comp['basis'] = c.basis;
        if (c.method !== null) comp['method'] = c.method;
        let bound = 0;
        const tiers: PV[] = [];
        for (const t of c.tiers) {
          bound += t.inc;
          const to = basis === 'attainment' ? dec(bound, 1) : String(bound * UNIT[m.source]);
          tiers.push({ to: new Num(to), rate: new Num(t.rate) });
        }
        tiers.push({ rate: new Num(c.lastRate) });
        comp['tiers'] = tiers;
        if (basis === 'attainment') needsQuota.set(m.name, m.source);
      }
    } else if (c.kind === 'bonus') {
      const m = pick(measureList, c.measure);
      comp['measure'] = m.name;
      const basis = c.basis ?? 'attainment';
      if (c.basis !== null) comp['basis'] = c.basis;
      let at = 0;
      const steps: PV[] = [];
      for (const s of c.steps) {
        at += s.inc;
        const atText = basis === 'attainment' ? dec(at + 4, 1) : String(at * UNIT[m.source]);
        steps.push({ at: new Num(atText), amount: new Num(s.amount) });
      }
      comp['steps'] = c.reverse ? [...steps].reverse() : steps;
      if (basis === 'attainment') needsQuota.set(m.name, m.source);
    } else if (c.kind === 'spiff') {
      if (c.where !== null) comp['where'] = whereValue(c.where);
      comp['per'] = c.per;
      comp['amount'] = new Num(c.amount);
      if (c.window !== null) {
        comp['from'] = formatDay(RANGE_START + c.window.from);
        comp['to'] = formatDay(RANGE_START + c.window.from + c.window.len);
      }
    } else {
      const a = pick(measureList, c.a);
      const b = pick(measureList, c.b);
      const f = formulaText(c.template, a.name, b.name, c.rate, c.c);
      comp['formula'] = f.text;
      if (f.quota !== null) needsQuota.set(a.name, a.source);
    }
    if (c.cap !== null) comp['cap'] = new Num(dec(c.cap.m, c.cap.s));
    components.push(comp);
  });
  const currency = PLAN_CURRENCIES[pm.currency] ?? null;
  const doc: Record<string, PV> = { id };
  if (pm.name) doc['name'] = `Plan ${id}`;
  doc['period'] = pm.kind;
  if (currency !== null) doc['currency'] = currency;
  doc['measures'] = measures;
  doc['components'] = components;
  if (pm.draw !== null) doc['draw'] = { amount: new Num(pm.draw.amount), recoverable: pm.draw.recoverable };
  if (pm.clawback !== null) doc['clawback'] = { window_days: new Num(String(pm.clawback)) };
  const text = pm.format === 'json' ? jsonDocument(doc) : yamlDocument(doc);
  return { path: `plans/${id}.${pm.format}`, text, currency: currency ?? baseCurrency, needsQuota, kind: pm.kind, names };
}

function overlaps(a: RenderedAssignment, p: Period): boolean {
  return a.from <= p.end && p.start <= (a.to ?? Number.MAX_SAFE_INTEGER);
}

function renderWorkspace(m: WorkspaceModel): Map<string, string> {
  const files = new Map<string, string>();
  const settings = m.settings.present
    ? m.settings
    : { present: false, currency: 'MYR', fys: 1, rounding: 'half_up' as const, writeDefaults: false };
  const base = settings.currency;
  const fys = settings.fys;
  const style = m.csvStyle;
  let seed = m.rowSeed;
  const nextSeed = (): number => {
    seed = (seed * 1103515245 + 12345) | 0;
    return seed;
  };
  const columnOrder = (cols: readonly string[]): string[] => permute(cols, m.columnSeed + cols.length);

  // settings
  if (settings.present) {
    const lines: string[] = [];
    if (settings.writeDefaults || base !== 'MYR') lines.push(`currency: ${base}`);
    if (settings.writeDefaults || fys !== 1) lines.push(`fiscal_year_start: ${fys}`);
    if (settings.writeDefaults || settings.rounding !== 'half_up') lines.push(`rounding: ${settings.rounding}`);
    files.set('prestasi.yaml', lines.length === 0 ? '# defaults\n' : lines.join('\n') + '\n');
  }

  // payees: payee i reports to payee (managers[i]) when that is an earlier payee
  const payees = m.payeeIds;
  const payeeRows = payees.map((id, i) => {
    const mi = m.managers[i] ?? 8;
    const manager = i > 0 && mi < i ? (payees[mi] ?? '') : '';
    return { id, name: `Name of ${id}`, email: `${id.toLowerCase()}@example.com`, manager, team: i % 2 === 0 ? 'East' : 'West, Central' };
  });
  files.set('payees.csv', writeCsv(columnOrder(['id', 'name', 'email', 'manager', 'team']), permute(payeeRows, nextSeed()), style));

  // plans
  const planIds = PLAN_IDS.slice(0, m.plans.length);
  const plans = m.plans.map((pm, i) => ({ id: pick(planIds, i), ...renderPlan(pick(planIds, i), pm, base) }));
  for (const p of plans) files.set(p.path, p.text);

  // assignments: consecutive, non-overlapping segments per payee
  const assignments: RenderedAssignment[] = [];
  payees.forEach((payee, i) => {
    const am = m.assignments[i];
    if (am === undefined) return;
    let start = RANGE_START + am.initialGap;
    let planIndex = 0;
    am.segments.forEach((s, k) => {
      if (start > RANGE_END) return;
      const last = k === am.segments.length - 1;
      const end = start + s.len - 1;
      // the first segment picks a plan; later ones keep it (s.plan = 0) or switch
      planIndex = k === 0 ? s.plan : planIndex + s.plan;
      const plan = pick(plans, planIndex).id;
      assignments.push({ payee, plan, from: start, to: last && am.lastOpen ? null : end });
      start = end + 1 + s.gap;
    });
  });
  files.set(
    'assignments.csv',
    writeCsv(
      columnOrder(['payee', 'plan', 'from', 'to']),
      permute(
        assignments.map((a) => ({ payee: a.payee, plan: a.plan, from: formatDay(a.from), to: a.to === null ? '' : formatDay(a.to) })),
        nextSeed(),
      ),
      style,
    ),
  );

  // transactions
  const usedCurrencies = new Set<string>(plans.map((p) => p.currency));
  const txnRows = m.txns.map((t, i) => {
    const date = RANGE_START + t.day;
    const currency = TXN_CURRENCIES[t.currency] ?? null;
    usedCurrencies.add(currency ?? base);
    let owner = '';
    let splits = '';
    if (t.splits !== null) {
      const pattern = pick(SPLIT_PATTERNS, t.splits.pattern);
      const who: string[] = [];
      for (const idx of t.splits.payees) {
        const p = pick(payees, idx);
        if (!who.includes(p)) who.push(p);
      }
      if (who.length >= pattern.length) {
        splits = pattern.map((pct, k) => `${who[k] ?? ''}:${pct}`).join(';');
      } else {
        owner = pick(payees, t.owner);
      }
    } else {
      owner = pick(payees, t.owner);
    }
    const cancelled = t.cancel !== null;
    return {
      id: `t-${i + 1}`,
      date: formatDay(date),
      amount: t.amount,
      currency: currency ?? (t.explicitCurrency ? base : ''),
      owner,
      splits,
      quantity: pick(QUANTITIES, t.quantity),
      margin: t.margin ?? '',
      type: pick(TYPE_VALUES, t.type),
      product: pick(PRODUCT_VALUES, t.product),
      region: pick(REGION_VALUES, t.region),
      seats: t.seats === null ? '' : String(t.seats),
      status: cancelled ? 'cancelled' : t.explicitWon ? 'won' : '',
      cancel_date: t.cancel === null ? '' : formatDay(date + t.cancel),
    };
  });
  // deals cancelled across the end of an assignment (clawback to another plan, or unapplied)
  m.boundaryTxns.forEach((b, i) => {
    const payee = pick(payees, b.payee);
    const ended = assignments.filter((a) => a.payee === payee && a.to !== null);
    if (ended.length === 0) return;
    const a = pick(ended, b.assignment);
    const end = a.to ?? a.from;
    const date = Math.max(a.from, end - b.before);
    txnRows.push({
      id: `t-b${i + 1}`,
      date: formatDay(date),
      amount: b.txn.amount,
      currency: '',
      owner: payee,
      splits: '',
      quantity: pick(QUANTITIES, b.txn.quantity),
      margin: b.txn.margin ?? '',
      type: pick(TYPE_VALUES, b.txn.type),
      product: pick(PRODUCT_VALUES, b.txn.product),
      region: pick(REGION_VALUES, b.txn.region),
      seats: b.txn.seats === null ? '' : String(b.txn.seats),
      status: 'cancelled',
      cancel_date: formatDay(end + b.after),
    });
  });
  files.set(
    'transactions.csv',
    writeCsv(
      columnOrder(['id', 'date', 'amount', 'currency', 'owner', 'splits', 'quantity', 'margin', 'type', 'product', 'region', 'seats', 'status', 'cancel_date']),
      permute(txnRows, nextSeed()),
      style,
    ),
  );

  // fx: every non-base currency in use gets a first rate before all data
  const fxCurrencies = [...usedCurrencies].filter((c) => c !== base).sort();
  if (fxCurrencies.length > 0) {
    const rows: Array<Record<string, string>> = [];
    const seen = new Set<string>();
    fxCurrencies.forEach((c, i) => {
      rows.push({ date: formatDay(FX_START), currency: c, rate: pick(m.fxRates, i) });
      seen.add(`${c} ${FX_START}`);
    });
    for (const ch of m.fxChanges) {
      const c = pick(fxCurrencies, ch.currency);
      const day = RANGE_START + ch.day;
      if (seen.has(`${c} ${day}`) || ch.rate === '0') continue;
      seen.add(`${c} ${day}`);
      rows.push({ date: formatDay(day), currency: c, rate: ch.rate });
    }
    files.set('fx.csv', writeCsv(columnOrder(['date', 'currency', 'rate']), permute(rows, nextSeed()), style));
  }

  // quotas: fiscal-year rows for every needed measure, payee and fiscal year of the range
  const quotaRows: Array<Record<string, string>> = [];
  const quotaKeys = new Set<string>();
  const needed = new Map<string, Source>();
  for (const p of plans) for (const [name, source] of p.needsQuota) needed.set(name, source);
  const allMeasures = new Map<string, Source>();
  for (const p of plans) for (const [name, source] of p.names) allMeasures.set(name, source);
  const years = periodsOverlapping('year', RANGE_START, RANGE_END, fys);
  let qi = 0;
  for (const payee of payees) {
    for (const [name, source] of [...needed].sort()) {
      for (const y of years) {
        quotaRows.push({ payee, period: y.name, measure: name, amount: quotaText(source, pick(m.quotaValues, qi++), true) });
        quotaKeys.add(`${payee} ${y.name} ${name}`);
      }
    }
  }
  const measureNames = [...allMeasures.keys()].sort();
  for (const x of m.quotaExtras) {
    if (measureNames.length === 0) break;
    const payee = pick(payees, x.payee);
    const name = pick(measureNames, x.measure);
    const source = allMeasures.get(name) ?? 'count';
    const period = periodContaining(x.kind, RANGE_START + x.day, fys);
    const key = `${payee} ${period.name} ${name}`;
    if (quotaKeys.has(key)) continue;
    quotaKeys.add(key);
    quotaRows.push({ payee, period: period.name, measure: name, amount: quotaText(source, x.value, x.kind === 'year') });
  }
  if (quotaRows.length > 0 || m.rowSeed % 2 === 0) {
    files.set('quotas.csv', writeCsv(columnOrder(['payee', 'period', 'measure', 'amount']), permute(quotaRows, nextSeed()), style));
  }

  // adjustments, only for periods in which the payee has a result for the plan
  const adjRows: Array<Record<string, string>> = [];
  for (const a of m.adjustments) {
    const payee = pick(payees, a.payee);
    const plan = pick(plans, a.plan);
    const period = periodContaining(plan.kind, RANGE_START + a.day, fys);
    const mine = assignments.filter((x) => x.payee === payee);
    if (!mine.some((x) => x.plan === plan.id && overlaps(x, period))) continue;
    const candidates = new Set(plans.filter((p) => p.kind === plan.kind && mine.some((x) => x.plan === p.id && overlaps(x, period))).map((p) => p.id));
    adjRows.push({
      payee,
      period: period.name,
      amount: a.amount,
      reason: pick(REASONS, a.reason),
      plan: a.forcePlan || candidates.size > 1 ? plan.id : '',
    });
  }
  if (adjRows.length > 0) {
    files.set('adjustments.csv', writeCsv(columnOrder(['payee', 'period', 'amount', 'reason', 'plan']), adjRows, style));
  }
  return files;
}

// ------------------------------------------------------------------ public arbitraries

export interface WorkspaceCase {
  readonly files: ReadonlyMap<string, string>;
  /** a month, quarter or fiscal year overlapping the data */
  readonly period: string;
  readonly payee: string | undefined;
  readonly summary: boolean;
}

/** Random valid workspaces (files: path relative to the workspace -> text). */
export function arbitraryWorkspace(options: WorkspaceArbitraryOptions = {}): fc.Arbitrary<ReadonlyMap<string, string>> {
  return modelArb(options.clawbackFocus === true).map(renderWorkspace);
}

function periodArb(fys: number): fc.Arbitrary<string> {
  return fc
    .record({ kind: selectedKindArb, day: fc.integer({ min: 0, max: RANGE_DAYS - 1 }) })
    .map(({ kind, day }) => periodContaining(kind, RANGE_START + day, fys).name);
}

/** The fiscal_year_start a generated workspace uses. */
export function fiscalYearStartOf(files: ReadonlyMap<string, string>): number {
  const m = /fiscal_year_start: ([0-9]+)/.exec(files.get('prestasi.yaml') ?? '');
  return m === null ? 1 : Number(m[1]);
}

/** A `--period` for a generated workspace: a month, quarter or fiscal year overlapping the data. */
export function arbitraryPeriodFor(files: ReadonlyMap<string, string>): fc.Arbitrary<string> {
  return periodArb(fiscalYearStartOf(files));
}

/** A workspace with matching calc options (period, sometimes --payee, sometimes --summary). */
export function arbitraryWorkspaceCase(options: WorkspaceArbitraryOptions = {}): fc.Arbitrary<WorkspaceCase> {
  return fc
    .record({
      model: modelArb(options.clawbackFocus === true),
      kind: selectedKindArb,
      day: fc.integer({ min: 0, max: RANGE_DAYS - 1 }),
      payee: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat({ max: 7 }) }),
      summary: fc.boolean(),
    })
    .map(({ model, kind, day, payee, summary }) => {
      const fys = model.settings.present ? model.settings.fys : 1;
      return {
        files: renderWorkspace(model),
        period: periodContaining(kind, RANGE_START + day, fys).name,
        payee: payee === undefined ? undefined : pick(model.payeeIds, payee),
        summary,
      };
    });
}

// ------------------------------------------------------------------ broken workspaces

/** Appends one data row to CSV text, in the file's own column order. */
export function appendCsvRow(text: string, row: Readonly<Record<string, string>>): string {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const nl = body.includes('\r\n') ? '\r\n' : '\n';
  const parsed = parseCsv('file.csv', body);
  const columns = parsed.ok ? parsed.table.header : (body.split(/\r?\n/)[0] ?? '').split(',');
  const line = columns.map((c) => csvField(row[c] ?? '')).join(',');
  return text + (text.endsWith('\n') || text === '' ? '' : nl) + line + nl;
}

/** Kinds of breakage; each makes a workspace invalid whatever the period (a `check` error). */
export const BREAKAGES = [
  'splits not summing to 100',
  'owner and splits',
  'unknown owner',
  'duplicate transaction id',
  'bad date',
  'bad number',
  'cancel_date before date',
  'cancel_date without cancelled',
  'unknown status',
  'unknown currency',
  'manager cycle',
  'unknown manager',
  'duplicate payee',
  'overlapping assignments',
  'unknown plan in assignments',
  'unknown payee in assignments',
  'unknown function in a formula',
  'unknown measure in a formula',
  'where on a missing column',
  'tier bounds not ascending',
  'unparsable YAML',
  'unterminated CSV quote',
  'quota not positive',
  'duplicate quota',
  'duplicate plan id',
  'draw without recoverable',
] as const;
export type Breakage = (typeof BREAKAGES)[number];

export interface BrokenWorkspaceCase extends WorkspaceCase {
  readonly breakage: Breakage;
}

function firstDataValue(text: string | undefined, column: string): string {
  if (text === undefined) return '';
  const parsed = parseCsv('file.csv', text);
  if (!parsed.ok) return '';
  return parsed.table.rows[0]?.cells.get(column) ?? '';
}

function breakWorkspace(files: ReadonlyMap<string, string>, breakage: Breakage): Map<string, string> {
  const out = new Map(files);
  const someone = firstDataValue(files.get('payees.csv'), 'id');
  const planFile = [...files.keys()].filter((p) => p.startsWith('plans/')).sort()[0] ?? 'plans/ae.yaml';
  const planId = /^plans\/([^.]+)\./.exec(planFile)?.[1] ?? 'ae';
  const txn = (row: Record<string, string>): void => {
    out.set('transactions.csv', appendCsvRow(out.get('transactions.csv') ?? '', { date: '2026-01-15', amount: '100', ...row }));
  };
  const plan = (text: string): void => {
    out.set('plans/zz-broken.yaml', text);
  };
  const planBody = (components: string, measures = '  bookings: { sum: amount }\n'): string =>
    `id: zz-broken\nperiod: month\nmeasures:\n${measures}components:\n${components}`;
  switch (breakage) {
    case 'splits not summing to 100':
      out.set('payees.csv', appendCsvRow(appendCsvRow(out.get('payees.csv') ?? '', { id: 'x-p1', name: 'X1' }), { id: 'x-p2', name: 'X2' }));
      txn({ id: 'x-1', splits: 'x-p1:60;x-p2:30' });
      break;
    case 'owner and splits':
      txn({ id: 'x-1', owner: someone, splits: `${someone}:100` });
      break;
    case 'unknown owner':
      txn({ id: 'x-1', owner: 'nobody-here' });
      break;
    case 'duplicate transaction id':
      txn({ id: 'x-1', owner: someone });
      txn({ id: 'x-1', owner: someone });
      break;
    case 'bad date':
      txn({ id: 'x-1', owner: someone, date: '2026-02-30' });
      break;
    case 'bad number':
      txn({ id: 'x-1', owner: someone, amount: '1,000.00' });
      break;
    case 'cancel_date before date':
      txn({ id: 'x-1', owner: someone, status: 'cancelled', cancel_date: '2026-01-14' });
      break;
    case 'cancel_date without cancelled':
      txn({ id: 'x-1', owner: someone, cancel_date: '2026-01-20' });
      break;
    case 'unknown status':
      txn({ id: 'x-1', owner: someone, status: 'lost' });
      break;
    case 'unknown currency':
      txn({ id: 'x-1', owner: someone, currency: 'XYZ' });
      break;
    case 'manager cycle':
      out.set(
        'payees.csv',
        appendCsvRow(appendCsvRow(out.get('payees.csv') ?? '', { id: 'x-p1', name: 'X1', manager: 'x-p2' }), { id: 'x-p2', name: 'X2', manager: 'x-p1' }),
      );
      break;
    case 'unknown manager':
      out.set('payees.csv', appendCsvRow(out.get('payees.csv') ?? '', { id: 'x-p1', name: 'X1', manager: 'nobody-here' }));
      break;
    case 'duplicate payee':
      out.set('payees.csv', appendCsvRow(out.get('payees.csv') ?? '', { id: someone, name: 'Again' }));
      break;
    case 'overlapping assignments':
      out.set('payees.csv', appendCsvRow(out.get('payees.csv') ?? '', { id: 'x-p1', name: 'X1' }));
      out.set(
        'assignments.csv',
        appendCsvRow(appendCsvRow(out.get('assignments.csv') ?? '', { payee: 'x-p1', plan: planId, from: '2026-01-01', to: '2026-03-31' }), {
          payee: 'x-p1',
          plan: planId,
          from: '2026-03-31',
        }),
      );
      break;
    case 'unknown plan in assignments':
      out.set('assignments.csv', appendCsvRow(out.get('assignments.csv') ?? '', { payee: someone, plan: 'no-such-plan', from: '2030-01-01' }));
      break;
    case 'unknown payee in assignments':
      out.set('assignments.csv', appendCsvRow(out.get('assignments.csv') ?? '', { payee: 'nobody-here', plan: planId, from: '2026-01-01' }));
      break;
    case 'unknown function in a formula':
      plan(planBody('  - { id: f, type: formula, formula: "sqrt(bookings)" }\n'));
      break;
    case 'unknown measure in a formula':
      plan(planBody('  - { id: f, type: formula, formula: "bookings + nothing_here" }\n'));
      break;
    case 'where on a missing column':
      plan(planBody('  - { id: c, type: commission, measure: bookings, rate: 0.1 }\n', '  bookings: { sum: amount, where: { no_such_column: x } }\n'));
      break;
    case 'tier bounds not ascending':
      plan(planBody('  - { id: c, type: commission, measure: bookings, basis: amount, tiers: [ { to: 100, rate: 0.1 }, { to: 50, rate: 0.2 }, { rate: 0.3 } ] }\n'));
      break;
    case 'unparsable YAML':
      plan('id: zz-broken\nperiod: [month\n');
      break;
    case 'unterminated CSV quote':
      out.set('transactions.csv', (out.get('transactions.csv') ?? '') + '"x-1,2026-01-15\n');
      break;
    case 'quota not positive':
      out.set(
        'quotas.csv',
        appendCsvRow(out.get('quotas.csv') ?? 'payee,period,measure,amount\n', { payee: someone, period: '2030', measure: 'x_broken', amount: '0' }),
      );
      break;
    case 'duplicate quota': {
      const row = { payee: someone, period: '2030', measure: 'x_broken', amount: '5' };
      out.set('quotas.csv', appendCsvRow(appendCsvRow(out.get('quotas.csv') ?? 'payee,period,measure,amount\n', row), row));
      break;
    }
    case 'duplicate plan id':
      out.set('plans/zz-broken.yaml', planBody('  - { id: c, type: commission, measure: bookings, rate: 0.1 }\n').replace('id: zz-broken', `id: ${planId}`));
      break;
    case 'draw without recoverable':
      plan(planBody('  - { id: c, type: commission, measure: bookings, rate: 0.1 }\n') + 'draw: { amount: 100 }\n');
      break;
  }
  return out;
}

/** A generated workspace with one thing broken (see BREAKAGES); calc must reject it. */
export function arbitraryBrokenWorkspaceCase(): fc.Arbitrary<BrokenWorkspaceCase> {
  return fc
    .record({ c: arbitraryWorkspaceCase(), breakage: fc.constantFrom(...BREAKAGES) })
    .map(({ c, breakage }) => ({ ...c, files: breakWorkspace(c.files, breakage), breakage }));
}
