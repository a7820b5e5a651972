import { type DecimalColumn, isCurrencyCode, Rational, type Split, type TransactionTable } from '@prestasi/engine';
import type { ByteSource } from './byte-source.js';
import { newDecimalOut, parseDecimal } from './scalars.js';
import { type Problem, ProblemSink } from './problems.js';
import { hasRepeat, IdColumn } from './ids.js';
import type { RowLines } from './row-lines.js';
import { Table } from './table.js';
import { clip, type DecimalData, estimateRows, type PlainRecordsIn, readRows, type RowHooks, type RowLayout, type RowsRead, rowLayout } from './transaction-rows.js';

export { clip };

export interface TransactionsRead {
  readonly table: TransactionTable;
  /** Physical line of each row, to point problems found later at the file. */
  readonly lines: RowLines;
}

/** A file's rows, and what tells at once that no id of another file repeats one of them. */
export interface FileRead extends TransactionsRead {
  /** Rows of the first and last id when every id is above the one before it (none with doubled quotes). */
  readonly ascendingIds: { readonly first: number; readonly last: number } | undefined;
  /** Rows read in WebAssembly (see RowsRead). */
  readonly rowsInWasm: number;
}

export interface TransactionsContext {
  readonly baseCurrency: string;
  readonly payeeIndex: ReadonlyMap<string, number>;
  /** Columns some `where` filter compares. */
  readonly filtered: ReadonlySet<string>;
  /** Attribute columns some measure sums. */
  readonly summed: ReadonlySet<string>;
}

/** A transaction file: its bytes in memory, or a file read a window at a time (see ByteSource). */
export type TransactionBytes = Uint8Array | ByteSource;

/** Just the header, so plans can be checked against the columns before the rows are read. */
export function transactionColumns(bytes: TransactionBytes, sink: ProblemSink): Set<string> | undefined {
  // A small window: a header is short, and the window grows for one that is not.
  const table = Table.open(bytes, sink, ['id', 'date', 'amount'], { windowBytes: 1 << 14 });
  return table && new Set(table.header);
}

/** What `readTransactions` may do beyond the defaults. */
export interface ReadTransactionsOptions {
  /** Bytes of the window a `ByteSource` is read through (default about 1 MB; tests use a few). */
  readonly windowBytes?: number;
  /** Where plain records are read (see ReadRowsOptions): tests compare the two. */
  readonly plainRecords?: PlainRecordsIn;
}

/**
 * Reads transactions.csv into columns, checking every cell the spec constrains. Text is kept
 * only for the columns filters compare, and numbers go straight from bytes to scaled integers.
 * A file on disk is read through a window of about 1 MB (see CsvCursor); the result, and every
 * problem with its line, is the same as reading its bytes in memory.
 */
export function readTransactions(
  bytes: TransactionBytes,
  sink: ProblemSink,
  ctx: TransactionsContext,
  options: ReadTransactionsOptions = {},
): FileRead | undefined {
  // Ids out of order are checked for repeats at the end, all at once (see IdRows). Should there
  // be one, the file is read again with each id checked as it comes, which reports it on its
  // line and in its place among the other problems; so problems wait until then.
  const problems: Problem[] = [];
  const read = readWhole(bytes, new ProblemSink(sink.file, problems), ctx, options, 'later');
  if (read !== REPEATS) {
    for (const p of problems) (p.warning ? sink.warn : sink.error).call(sink, p.line, p.message);
    return read;
  }
  const again = readWhole(bytes, sink, ctx, options, 'hash');
  return again === REPEATS ? undefined : again;
}

/** What `readWhole` returns when ids out of order turned out to repeat. */
const REPEATS = Symbol('repeated ids');

function readWhole(
  bytes: TransactionBytes,
  sink: ProblemSink,
  ctx: TransactionsContext,
  options: ReadTransactionsOptions,
  checkIds: 'hash' | 'later',
): FileRead | undefined | typeof REPEATS {
  const t = Table.open(bytes, sink, ['id', 'date', 'amount'], options);
  if (!t) return undefined;
  const layout = rowLayout(t, [...ctx.filtered], [...ctx.summed], ctx.baseCurrency);
  const splits = new Map<number, Split[]>();
  const splitCells = new SplitCells(ctx.payeeIndex);
  const hooks: RowHooks = {
    problem: (line, message) => sink.error(line, message),
    payee: (id) => ctx.payeeIndex.get(id) ?? -1,
    currency: isCurrencyCode,
    splits: (row, text) => {
      const parsed = splitCells.parse(text);
      if (typeof parsed === 'string') return parsed;
      splits.set(row, parsed);
      return undefined;
    },
    splitParts: (row, payee, mantissa, scale, from, count) => {
      const list = new Array<Split>(count);
      for (let i = 0; i < count; i++) list[i] = { payee: payee[from + i]!, share: splitCells.share(mantissa[from + i]!, scale[from + i]!) };
      splits.set(row, list);
    },
  };
  const read = readRows(t, layout, hooks, {
    capacity: estimateRows(t.cursor),
    checkIds,
    owners: ctx.payeeIndex,
    ...(options.plainRecords && { plainRecords: options.plainRecords }),
  });
  if (read.idsUnchecked && hasRepeat(read.ids, read.rows)) return REPEATS;
  return tableOf(read, layout, splits);
}

/**
 * The split cells of one file: parseSplits with caches, since a file repeats the same few split
 * cells, and when it does not (a split per pair of reps), the same parts (`ae-042:60`) and
 * percentages. Equal percentages give one share object, whichever reader found them, and the
 * engine turns each into its integer form once (see Factor).
 */
class SplitCells {
  private readonly cells = new Map<string, Split[] | string>();
  private readonly parts: SplitParts = { parsed: new Map(), shares: new Map() };

  constructor(private readonly payees: ReadonlyMap<string, number>) {}

  parse(text: string): Split[] | string {
    let parsed = this.cells.get(text);
    if (parsed === undefined) {
      parsed = parseSplits(text, this.payees, this.parts);
      if (this.cells.size < 4096) this.cells.set(text, parsed);
    }
    return parsed;
  }

  /** The share of a percentage `mantissa × 10^-scale` (positive, below 2^53). */
  share(mantissa: number, scale: number): Rational {
    return shareOf(mantissa, scale, this.parts);
  }
}

/** Parts of split cells already parsed, and shares by percentage (bounded: hostile files repeat nothing). */
interface SplitParts {
  readonly parsed: Map<string, SplitPart | string>;
  /** By `shareKey` of the percentage. */
  readonly shares: Map<number, Rational>;
}

/** Percentage ÷ 100 for `mantissa × 10^-scale`, the same object for equal percentages while the cache has room. */
function shareOf(mantissa: number, scale: number, cache: SplitParts | undefined): Rational {
  let m = mantissa;
  let s = scale;
  while (s > 0 && m % 10 === 0) {
    m /= 10;
    s--;
  }
  // Trailing zeros gone, equal percentages have one key (60, 60.0 and 60.00 are 60 at scale 0).
  const key = m <= 2 ** 48 && s < 16 ? m * 16 + s : -1;
  let share = key >= 0 ? cache?.shares.get(key) : undefined;
  if (share === undefined) {
    share = Rational.of(BigInt(m), 10n ** BigInt(s + 2));
    if (key >= 0 && cache && cache.shares.size < CACHED_PARTS) cache.shares.set(key, share);
  }
  return share;
}

interface SplitPart {
  readonly id: string;
  readonly payee: number;
  readonly pct: Rational;
  readonly share: Rational;
}

const CACHED_PARTS = 1 << 16;

/** The engine's table from the columns read. */
export function tableOf(
  read: RowsRead,
  layout: RowLayout,
  splits: ReadonlyMap<number, readonly Split[]>,
): FileRead {
  const n = read.rows;
  const ascending = read.idSorted && !read.idsUnchecked && read.idSpecial.size === 0;
  return {
    ascendingIds: ascending && read.idFirst >= 0 ? { first: read.idFirst, last: read.idLast } : undefined,
    table: {
      length: n,
      id: new IdColumn(read.ids, read.idSpecial, ascending),
      date: fit(read.dates, n),
      amount: decimalColumn(read.amount, n),
      margin: read.margin ? decimalColumn(read.margin, n) : new ConstantColumn(n, 0),
      quantity: read.quantity ? decimalColumn(read.quantity, n) : new ConstantColumn(n, 1),
      currency: fit(read.currency, n),
      currencies: read.currencies,
      owner: fit(read.owners, n),
      splits,
      cancelled: read.cancelled,
      text: new Map(layout.textNames.map((name, i) => [name, { codes: fit(read.text[i]!.codes, n), values: read.text[i]!.values }])),
      numbers: new Map(layout.numbers.map((c, i) => [c.name, decimalColumn(read.numbers[i]!, n)])),
    },
    lines: read.lines,
    rowsInWasm: read.rowsInWasm,
  };
}

function decimalColumn(d: DecimalData, n: number): DecimalColumn {
  return { mantissa: fit(d.mantissa, n), scale: fit(d.scale, n), big: d.big };
}

/**
 * A column every row of which is `value` (a column the file does not have). Filled on first
 * use: most plans never read quantity, and filling a million ones costs more than the rest.
 */
export class ConstantColumn implements DecimalColumn {
  private filled: Float64Array | undefined;
  readonly scale: Uint16Array;
  readonly big: ReadonlyMap<number, bigint> = new Map();

  constructor(
    readonly length: number,
    readonly value: number,
  ) {
    this.scale = new Uint16Array(length);
  }

  get mantissa(): Float64Array {
    if (!this.filled) {
      this.filled = new Float64Array(this.length);
      if (this.value !== 0) this.filled.fill(this.value);
    }
    return this.filled;
  }
}

/**
 * The first `n` items, as a view: the rest of the array was never written, so it never took
 * memory (large arrays are zeroed pages the system maps on first touch), while a copy would be
 * fresh memory the size of the column.
 */
function fit<T extends Int32Array | Uint16Array | Float64Array>(a: T, n: number): T {
  return (a.length === n ? a : a.subarray(0, n)) as T;
}

/** `payeeA:60;payeeB:40` → shares, or the reason it is invalid. */
export function parseSplits(text: string, payees: ReadonlyMap<string, number>, cache?: SplitParts): Split[] | string {
  const out: Split[] = [];
  const seen = new Set<number>();
  let total = Rational.ZERO;
  for (const piece of text.split(';')) {
    let part = cache?.parsed.get(piece);
    if (part === undefined) {
      part = parseSplitPart(piece, payees, cache);
      if (cache && cache.parsed.size < CACHED_PARTS) cache.parsed.set(piece, part);
    }
    if (typeof part === 'string') return part;
    if (seen.has(part.payee)) return `${clip(part.id)} appears twice`;
    seen.add(part.payee);
    total = total.add(part.pct);
    out.push({ payee: part.payee, share: part.share });
  }
  if (!total.eq(Rational.fromInt(100))) return `percentages add up to ${total.toString()}, not 100`;
  return out;
}

/** One `payee:percentage` of a split cell, or why it is invalid. */
function parseSplitPart(part: string, payees: ReadonlyMap<string, number>, cache: SplitParts | undefined): SplitPart | string {
  const colon = part.lastIndexOf(':');
  if (colon < 0) return `"${clip(part)}" must be payee:percentage`;
  const id = part.slice(0, colon).trim();
  const pctText = part.slice(colon + 1).trim();
  const d = newDecimalOut();
  if (!parseDecimal(pctText, d)) return `percentage "${clip(pctText)}" of ${clip(id)} is not a plain decimal`;
  const pct = Rational.parse(pctText);
  if (!pct || pct.sign() <= 0) return `percentage of ${clip(id)} must be positive`;
  const payee = payees.get(id);
  if (payee === undefined) return `"${clip(id)}" is not a payee in payees.csv`;
  const share = d.big === undefined ? shareOf(d.mantissa, d.scale, cache) : pct.div(Rational.fromInt(100));
  return { id, payee, pct, share };
}

