import { compareCodePoints, type DecimalColumn, type IdColumn, type Split, type TextColumn, type TransactionTable } from '@prestasi/engine';
import { hasRepeat, IdArena, IdColumn as IdBytes } from './ids.js';
import type { ProblemSink } from './problems.js';
import type { RowLines } from './row-lines.js';
import { clip, ConstantColumn, type FileRead } from './transactions.js';

/**
 * An extension of the format: besides `transactions.csv`, a workspace may hold more
 * transactions in `transactions/*.csv` (an export per month, per CRM, …). They are read in this
 * order and count as one table: an id is unique across all of them.
 */
const EXTRA_FILE = /^transactions\/[^/]+\.csv$/;

/** The transaction files of a workspace, `transactions.csv` first, the rest by name. */
export function transactionFilePaths(paths: Iterable<string>): string[] {
  const extra = [...paths].filter((p) => EXTRA_FILE.test(p)).sort(compareCodePoints);
  return ['transactions.csv', ...extra];
}

export interface TransactionFilePart {
  readonly file: string;
  readonly read: FileRead;
  readonly sink: ProblemSink;
}

/** Where a row of the merged table was written. */
export interface TransactionSources {
  /** The files in order, the first merged row of each, and the lines of each file's rows. */
  readonly files: readonly string[];
  readonly firstRows: Int32Array;
  readonly lines: readonly RowLines[];
}

export function sourceOfRow(sources: TransactionSources, row: number): { readonly file: string; readonly line: number | undefined } {
  let part = 0;
  while (part + 1 < sources.files.length && sources.firstRows[part + 1]! <= row) part++;
  return { file: sources.files[part]!, line: sources.lines[part]!.get(row - sources.firstRows[part]!) };
}

/**
 * The rows of several files as one table, rows in file order. An id repeated in a later file is
 * an error on that file's line, as a repeat within one file is; then `undefined`.
 */
export function mergeTransactionFiles(parts: readonly TransactionFilePart[]): { table: TransactionTable; sources: TransactionSources } | undefined {
  const ascending = ascendAcrossFiles(parts);
  // Said with its lines only when there is one to say: listing every id is the slow way.
  if (!ascending && mayRepeatAcrossFiles(parts) && !reportRepeatsAcrossFiles(parts)) return undefined;
  const tables = parts.map((p) => p.read.table);
  const firstRows = new Int32Array(tables.length);
  for (let i = 1; i < tables.length; i++) firstRows[i] = firstRows[i - 1]! + tables[i - 1]!.length;
  return {
    table: concatTables(tables, firstRows, new MergedIds(tables.map((t) => t.id), firstRows, ascending)),
    sources: { files: parts.map((p) => p.file), firstRows, lines: parts.map((p) => p.read.lines) },
  };
}

/**
 * False when no id of one file is in another, found without a string per id by sorting every
 * id's bytes together (see hasRepeat); files whose ids ascend one after the other (monthly
 * exports sorted by id, see ascendAcrossFiles) need not ask. Each file already has no id twice.
 * True when some id is, or when a file's ids are not kept as bytes.
 */
function mayRepeatAcrossFiles(parts: readonly TransactionFilePart[]): boolean {
  const columns = parts.map((p) => p.read.table.id);
  if (!columns.every((c): c is IdBytes => c instanceof IdBytes)) return true;
  const special = new Set<string>();
  for (const c of columns) {
    for (const text of c.special.values()) {
      if (special.has(text)) return true;
      special.add(text);
    }
  }
  const rows = parts.map((p) => p.read.table.length);
  return hasRepeat(IdArena.concat(columns.map((c, i) => ({ arena: c.arena, rows: rows[i]! }))), rows.reduce((a, b) => a + b, 0));
}

/** Whether every file's ids ascend and each file's come after the one before's. */
function ascendAcrossFiles(parts: readonly TransactionFilePart[]): boolean {
  let previous: string | undefined;
  return parts.every(({ read }) => {
    if (read.table.length === 0) return true;
    const ids = read.ascendingIds;
    if (!ids || (previous !== undefined && compareCodePoints(previous, read.table.id.get(ids.first)) >= 0)) return false;
    previous = read.table.id.get(ids.last);
    return true;
  });
}

/** The rows of `tables` one after the other (`firstRows` from firstRowsOf), with `id` for their ids. */
export function concatTables(tables: readonly TransactionTable[], firstRows: Int32Array, id: IdColumn): TransactionTable {
  const length = tables.reduce((n, t) => n + t.length, 0);
  const currencies = unionInOrder(tables.map((t) => t.currencies));
  const currencyCode = new Map(currencies.map((c, i) => [c, i]));
  const currency = new Uint16Array(length);
  tables.forEach((t, i) => recode(t.currency, t.currencies.map((c) => currencyCode.get(c)!), currency, firstRows[i]!, t.length));
  const splits = new Map<number, readonly Split[]>();
  const cancelled = new Map<number, number>();
  tables.forEach((t, i) => {
    for (const [row, s] of t.splits) splits.set(firstRows[i]! + row, s);
    for (const [row, day] of t.cancelled) cancelled.set(firstRows[i]! + row, day);
  });
  const textNames = unionInOrder(tables.map((t) => [...t.text.keys()]));
  const numberNames = unionInOrder(tables.map((t) => [...t.numbers.keys()]));
  return {
    length,
    id,
    date: concatInts(tables.map((t) => t.date), length),
    amount: concatDecimals(tables.map((t) => t.amount), firstRows, length),
    margin: concatDecimals(tables.map((t) => t.margin), firstRows, length),
    quantity: concatDecimals(tables.map((t) => t.quantity), firstRows, length),
    currency,
    currencies,
    owner: concatInts(tables.map((t) => t.owner), length),
    splits,
    cancelled,
    text: new Map(textNames.map((name) => [name, concatText(tables.map((t) => t.text.get(name)), tables, firstRows, length)])),
    numbers: new Map(
      numberNames.map((name) => [name, concatDecimals(tables.map((t) => t.numbers.get(name) ?? zeros(t.length)), firstRows, length)]),
    ),
  };
}

/** Ids of later files that an earlier file (or earlier in the same later file) already used. */
function reportRepeatsAcrossFiles(parts: readonly TransactionFilePart[]): boolean {
  const first = new Map<string, { file: string; line: number }>();
  let ok = true;
  for (const { file, read, sink } of parts) {
    const mine = new Set<string>();
    for (let r = 0; r < read.table.length; r++) {
      const id = read.table.id.get(r);
      const earlier = first.get(id);
      if (earlier && !mine.has(id)) {
        sink.error(read.lines.get(r), `duplicate transaction id "${clip(id)}" (first in ${earlier.file} on line ${earlier.line})`);
        ok = false;
        continue;
      }
      if (!earlier) first.set(id, { file, line: read.lines.get(r)! });
      mine.add(id);
    }
  }
  return ok;
}

class MergedIds implements IdColumn {
  constructor(
    private readonly parts: readonly IdColumn[],
    private readonly firstRows: Int32Array,
    readonly ascending: boolean,
  ) {}

  get(row: number): string {
    const part = this.partOf(row);
    return this.parts[part]!.get(row - this.firstRows[part]!);
  }

  compare(a: number, b: number): number {
    const part = this.partOf(a);
    const ids = this.parts[part]!;
    if (ids.compare && part === this.partOf(b)) return ids.compare(a - this.firstRows[part]!, b - this.firstRows[part]!);
    return compareCodePoints(this.get(a), this.get(b));
  }

  private partOf(row: number): number {
    let part = this.parts.length - 1;
    while (part > 0 && this.firstRows[part]! > row) part--;
    return part;
  }
}

function unionInOrder(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const item of list) seen.add(item);
  return [...seen];
}

function concatInts(arrays: readonly Int32Array[], length: number): Int32Array {
  const out = new Int32Array(length);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function concatDecimals(columns: readonly DecimalColumn[], firstRows: Int32Array, length: number): DecimalColumn {
  // A column no file has stays one value, filled only if a plan reads it (see ConstantColumn).
  const first = columns[0];
  if (first instanceof ConstantColumn && columns.every((c) => c instanceof ConstantColumn && c.value === first.value)) {
    return new ConstantColumn(length, first.value);
  }
  const mantissa = new Float64Array(length);
  const scale = new Uint16Array(length);
  const big = new Map<number, bigint>();
  columns.forEach((c, i) => {
    const at = firstRows[i]!;
    mantissa.set(c.mantissa, at);
    scale.set(c.scale, at);
    for (const [row, value] of c.big) big.set(at + row, value);
  });
  return { mantissa, scale, big };
}

function zeros(length: number): DecimalColumn {
  return { mantissa: new Float64Array(length), scale: new Uint16Array(length), big: new Map() };
}

/** One file's text column re-coded into the merged values; a file without the column is all empty (absent). */
function concatText(
  columns: readonly (TextColumn | undefined)[],
  tables: readonly TransactionTable[],
  firstRows: Int32Array,
  length: number,
): TextColumn {
  const values: string[] = [];
  const codeOf = new Map<string, number>();
  const intern = (text: string) => {
    let code = codeOf.get(text);
    if (code === undefined) {
      code = values.length;
      values.push(text);
      codeOf.set(text, code);
    }
    return code;
  };
  const codes = new Int32Array(length);
  columns.forEach((c, i) => {
    const at = firstRows[i]!;
    if (!c) {
      codes.fill(intern(''), at, at + tables[i]!.length);
      return;
    }
    recode(c.codes, c.values.map(intern), codes, at, tables[i]!.length);
  });
  return { codes, values };
}

/** Writes the first `length` codes of `from` at `at` in `to`, each as `remap` says; a plain copy when it keeps every code. */
function recode<T extends Uint16Array | Int32Array>(from: T, remap: readonly number[], to: T, at: number, length: number): void {
  if (remap.every((code, i) => code === i)) to.set(from.subarray(0, length), at);
  else for (let r = 0; r < length; r++) to[at + r] = remap[from[r]!]!;
}
