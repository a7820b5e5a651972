/**
 * The row loop of transactions.csv: bytes to columns, checking every cell the spec constrains.
 *
 * It reads the records of one CSV cursor, which reads the file through a window (see CsvCursor):
 * nothing is kept as an offset into the file's bytes, ids are copied out (IdArena) and text is
 * interned. What needs the engine (payee lookup, currency codes, split percentages) comes in
 * through `RowHooks`, once per distinct value.
 */
import type { CsvCursor } from './csv.js';
import { IdArena, IdRows } from './ids.js';
import { ByteInterner } from './interner.js';
import { RowLines } from './row-lines.js';
import { type DecimalOut, decimalFromBytes, isSpaceByte, newDecimalOut } from './scalars.js';
import type { Table } from './table.js';
import { WASM_BATCH_ROWS, WASM_CURRENCIES, WASM_NOT_CANCELLED, WASM_OWNERS, WasmRecords, wasmTextTable } from './wasm-records.js';

/** Where the columns are (-1 when absent), as plain data a worker can receive. */
export interface RowLayout {
  /** Fields in the header. */
  readonly fields: number;
  readonly id: number;
  readonly date: number;
  readonly amount: number;
  readonly currency: number;
  readonly owner: number;
  readonly splits: number;
  readonly quantity: number;
  readonly margin: number;
  readonly status: number;
  readonly cancelDate: number;
  /** Columns some `where` filter compares, in order, and their names. */
  readonly text: readonly number[];
  readonly textNames: readonly string[];
  /** Attribute columns some measure sums, in order, with their names for messages. */
  readonly numbers: readonly { readonly column: number; readonly name: string }[];
  readonly baseCurrency: string;
}

/** Records one at a time; `malformed` when the current one is broken (its cells are skipped). */
export interface RecordSource {
  readonly cursor: CsvCursor;
  readonly malformed: boolean;
  next(): boolean;
}

export interface RowHooks {
  /** A problem on a physical line. */
  problem(line: number, message: string): void;
  /** Payee index of an owner id, or -1. */
  payee(id: string): number;
  /** Whether a currency code (not the base currency) is an ISO 4217 code. */
  currency(code: string): boolean;
  /** The splits cell of row `row`: a reason it is invalid, or undefined. */
  splits(row: number, text: string): string | undefined;
  /**
   * The splits of row `row` as the WebAssembly reader found them, already checked (see
   * wasm/plain-records.ts splitParts): `count` parts from `from`, each a payee index and a
   * percentage `mantissa × 10^-scale`.
   */
  splitParts(row: number, payee: Int32Array, mantissa: Float64Array, scale: Uint16Array, from: number, count: number): void;
}

/** A column of exact decimals being built: `mantissa × 10^-scale`, long mantissas in `big`. */
export interface DecimalData {
  readonly mantissa: Float64Array;
  readonly scale: Uint16Array;
  readonly big: Map<number, bigint>;
}

/** What one reader produced; arrays may be longer than `rows`. */
export interface RowsRead {
  readonly rows: number;
  /** Physical line where the reader stopped (the line after its last record, or more). */
  readonly endLine: number;
  readonly lines: RowLines;
  readonly dates: Int32Array;
  readonly owners: Int32Array;
  readonly currency: Uint16Array;
  /** Currencies by code: the base currency first, then others in order of first use. */
  readonly currencies: readonly string[];
  readonly amount: DecimalData;
  /** `undefined` when the column is absent: every row has the default (1, or 0). */
  readonly quantity: DecimalData | undefined;
  readonly margin: DecimalData | undefined;
  readonly numbers: readonly DecimalData[];
  readonly ids: IdArena;
  readonly idSpecial: ReadonlyMap<number, string>;
  /** Every plain id is above the one before it, so none repeats (see IdRows). */
  readonly idSorted: boolean;
  /** With checkIds 'later': ids went out of order, and repeats are still to be looked for. */
  readonly idsUnchecked?: boolean;
  readonly idFirst: number;
  readonly idLast: number;
  readonly text: readonly { readonly codes: Int32Array; readonly values: readonly string[] }[];
  readonly cancelled: ReadonlyMap<number, number>;
  /** Rows the WebAssembly reader took (see PlainRecords.readMany); the rest were read in TypeScript. */
  readonly rowsInWasm: number;
}

export interface ReadRowsOptions {
  /** Expected rows, to size the columns once. */
  readonly capacity: number;
  /** How repeated ids are looked for (see IdRows): 'later' leaves `idsUnchecked` to the caller. */
  readonly checkIds: 'hash' | 'later' | 'none';
  /**
   * Where plain records are read: in WebAssembly, many at a time, or one at a time in TypeScript
   * (the same rows either way). By default WebAssembly for a file of WASM_MIN_ROWS rows or more,
   * where copying the bytes into it pays.
   */
  readonly plainRecords?: PlainRecordsIn;
  /**
   * Every owner id `hooks.payee` knows, with its payee index: told to the WebAssembly reader at
   * the start, so that the first record of each owner need not leave it for TypeScript.
   */
  readonly owners?: ReadonlyMap<string, number>;
}

export type PlainRecordsIn = 'wasm' | 'typescript';

/** Rows from which plain records are read in WebAssembly unless told otherwise. */
export const WASM_MIN_ROWS = 4096;

/**
 * Bytes of id per expected row to reserve: more than most ids take. Memory never written is
 * never touched, so reserving too much costs nothing, while growing copies.
 */
const ID_BYTES_PER_ROW = 16;

/** The per-row arrays of `readRows`, grown as needed. */
export class RowArrays {
  dates: Int32Array;
  owners: Int32Array;
  currency: Uint16Array;
  amount: [Float64Array, Uint16Array];
  quantity: [Float64Array, Uint16Array] | undefined;
  margin: [Float64Array, Uint16Array] | undefined;
  numbers: [Float64Array, Uint16Array][];
  text: Int32Array[];

  constructor(
    layout: RowLayout,
    public capacity: number,
  ) {
    const n = capacity;
    this.dates = new Int32Array(n);
    this.owners = new Int32Array(n);
    this.currency = new Uint16Array(n);
    this.amount = [new Float64Array(n), new Uint16Array(n)];
    this.quantity = layout.quantity >= 0 ? [new Float64Array(n), new Uint16Array(n)] : undefined;
    this.margin = layout.margin >= 0 ? [new Float64Array(n), new Uint16Array(n)] : undefined;
    this.numbers = layout.numbers.map(() => [new Float64Array(n), new Uint16Array(n)]);
    this.text = layout.text.map(() => new Int32Array(n));
  }
}

/** What a field holds (see `plainField`). */
const FIELD_MISSING = -1;
const FIELD_PLAIN = 0;
const FIELD_ESCAPED = 1;

const STATUS_WON = 0;
const STATUS_CANCELLED = 1;
const STATUS_OTHER = 2;

class DecimalBuilder implements DecimalData {
  readonly big = new Map<number, bigint>();

  constructor(
    public mantissa: Float64Array,
    public scale: Uint16Array,
  ) {}

  grow(size: number): void {
    this.mantissa = resized(this.mantissa, size);
    this.scale = resized(this.scale, size);
  }

  set(row: number, d: DecimalOut): void {
    this.mantissa[row] = d.mantissa;
    this.scale[row] = d.scale;
    if (d.big !== undefined) this.big.set(row, d.big);
  }

  setSmall(row: number, mantissa: number): void {
    this.mantissa[row] = mantissa;
    this.scale[row] = 0;
  }
}

/**
 * What a reader learns about distinct values (codes of currencies, owners, statuses and filtered
 * text, and what each code means), kept from one call of `readRows` to the next so that a thread
 * reading a file in parts meets each value once. Codes index the state's lists, which only grow.
 */
export class RowState {
  readonly currencyNames = new ByteInterner();
  /** Currencies by index: the base currency first, then others in order of first use. */
  readonly currencies: string[];
  /** Index into `currencies` per interned code, -1 for an unknown code. */
  currencyOf = new Int32Array(8);
  readonly ownerNames = new ByteInterner();
  /** Payee per interned owner, -1 when unknown. */
  ownerOf = new Int32Array(64);
  readonly statusNames = new ByteInterner();
  statusOf = new Uint8Array(8);
  readonly text: ByteInterner[];
  private readonly emptyText: number[];

  constructor(layout: RowLayout) {
    this.currencies = [layout.baseCurrency];
    this.text = layout.text.map(() => new ByteInterner());
    this.emptyText = layout.text.map(() => -1);
  }

  /** Settles what a new currency code stands for (its index in `currencies`, -1 when unknown). */
  resolveCurrency(code: number, hooks: RowHooks): void {
    if (code >= this.currencyOf.length) this.currencyOf = resized(this.currencyOf, code * 2 + 8);
    const name = this.currencyNames.values[code]!;
    let index = this.currencies.indexOf(name);
    if (index < 0 && hooks.currency(name)) index = this.currencies.push(name) - 1;
    this.currencyOf[code] = index;
  }

  /** Settles which payee a new owner code is (-1 when none). */
  resolveOwner(code: number, hooks: RowHooks): void {
    if (code >= this.ownerOf.length) this.ownerOf = resized(this.ownerOf, code * 2 + 64);
    this.ownerOf[code] = hooks.payee(this.ownerNames.values[code]!);
  }

  resolveStatus(code: number): void {
    if (code >= this.statusOf.length) this.statusOf = resized(this.statusOf, code * 2 + 8);
    const name = this.statusNames.values[code]!;
    this.statusOf[code] = name === 'cancelled' ? STATUS_CANCELLED : name === 'won' ? STATUS_WON : STATUS_OTHER;
  }

  emptyCode(column: number): number {
    let code = this.emptyText[column]!;
    if (code < 0) this.emptyText[column] = code = this.text[column]!.internText('');
    return code;
  }
}

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Reads every remaining record of `source` into columns, reporting problems through `hooks`
 * in the order a person reads the file: line by line, and within a record the CSV problems
 * first, then the cells from left to right as the spec lists them.
 */
export function readRows(
  source: RecordSource,
  layout: RowLayout,
  hooks: RowHooks,
  options: ReadRowsOptions,
  state: RowState = new RowState(layout),
): RowsRead {
  const c = source.cursor;
  const L = layout;
  const arrays = new RowArrays(L, Math.max(16, options.capacity));
  let capacity = arrays.capacity;
  const ids = new IdRows(new IdArena(capacity, ID_BYTES_PER_ROW), options.checkIds);
  let dates = arrays.dates;
  const lines = new RowLines();
  let owners = arrays.owners;
  let currency = arrays.currency;
  const decimals = (a: [Float64Array, Uint16Array]) => new DecimalBuilder(a[0], a[1]);
  const amount = decimals(arrays.amount);
  const quantity = arrays.quantity && decimals(arrays.quantity);
  const margin = arrays.margin && decimals(arrays.margin);
  const numbers = arrays.numbers.map(decimals);
  const text = [...arrays.text];
  const cancelled = new Map<number, number>();
  const { currencyNames, currencies, ownerNames, statusNames } = state;

  const span = new Int32Array(2);
  const d = newDecimalOut();
  let row = 0;

  /** quantity, margin and summed attributes: empty is `absent`, anything else must be a decimal. */
  const optionalDecimal = (column: number, builder: DecimalBuilder, absent: number, name: string, line: number): void => {
    if (column >= 0 && !c.isEmpty(column)) {
      if (c.decimal(column, d)) {
        builder.set(row, d);
        return;
      }
      hooks.problem(line, `${name} must be a plain decimal number, not "${clip(c.trimmed(column))}"`);
    }
    builder.setSmall(row, absent);
  };

  const inWasm = (options.plainRecords ?? (options.capacity >= WASM_MIN_ROWS ? 'wasm' : 'typescript')) === 'wasm';
  const plain = PlainRecords.for(c, L, state, ids, hooks, inWasm);
  if (options.owners) plain?.knowOwners(options.owners);
  const target: PlainColumns = { lines, dates, owners, currency, amount, quantity, margin, numbers, text, cancelled };
  for (;;) {
    if (row >= capacity) {
      capacity = Math.ceil(capacity * 1.5) + 16;
      ids.ensure(capacity - 1);
      target.dates = dates = resized(dates, capacity);
      target.owners = owners = resized(owners, capacity);
      target.currency = currency = resized(currency, capacity);
      amount.grow(capacity);
      quantity?.grow(capacity);
      margin?.grow(capacity);
      for (const n of numbers) n.grow(capacity);
      for (let i = 0; i < text.length; i++) text[i] = resized(text[i]!, capacity);
    }
    // Most records are plain and flawless: read them in one pass (see PlainRecords).
    if (plain !== undefined) {
      const taken = plain.readMany(row, target, capacity - row);
      if (taken > 0) {
        row += taken;
        continue;
      }
      if (plain.read(row, target)) {
        row++;
        continue;
      }
    }
    if (!source.next()) break;
    if (source.malformed) continue;
    // The window moves from record to record: offsets are into this one.
    const bytes = c.window;
    const line = c.line;
    lines.set(row, line);
    const starts = c.fieldStarts;
    const ends = c.fieldEnds;
    const escaped = c.fieldEscaped;
    const kept = c.fieldsKept;

    // id
    const idKind = plainField(bytes, starts, ends, escaped, kept, L.id, span);
    if (idKind === FIELD_MISSING || (idKind !== FIELD_ESCAPED && span[0] === span[1])) {
      ids.addEmpty(row);
      hooks.problem(line, 'id is required');
    } else {
      const first = idKind === FIELD_ESCAPED ? ids.addSpecial(row, c.trimmed(L.id)) : ids.add(row, bytes, span[0]!, span[1]!);
      if (first >= 0) {
        const id = idKind === FIELD_ESCAPED ? ids.special.get(row)! : c.slice(span[0]!, span[1]!);
        hooks.problem(line, `duplicate transaction id "${clip(id)}" (first on line ${lines.get(first)})`);
      }
    }

    // date
    const date = c.date(L.date);
    if (date !== date) hooks.problem(line, `date must be a date YYYY-MM-DD, not "${c.trimmed(L.date)}"`);
    dates[row] = date;

    // amount
    if (c.decimal(L.amount, d)) amount.set(row, d);
    else {
      hooks.problem(
        line,
        c.isEmpty(L.amount) ? 'amount is required' : `amount must be a plain decimal number, not "${clip(c.trimmed(L.amount))}"`,
      );
      amount.setSmall(row, 0);
    }

    // currency
    let currencyCode = 0;
    if (L.currency >= 0) {
      const kind = plainField(bytes, starts, ends, escaped, kept, L.currency, span);
      if (kind !== FIELD_MISSING && (kind === FIELD_ESCAPED || span[0] !== span[1])) {
        const names = currencyNames;
        const code = kind === FIELD_ESCAPED ? names.internText(c.trimmed(L.currency)) : names.intern(bytes, span[0]!, span[1]!, c);
        if (names.isNew) state.resolveCurrency(code, hooks);
        const index = state.currencyOf[code]!;
        if (index < 0) hooks.problem(line, `unknown ISO 4217 currency "${clip(names.values[code]!)}"`);
        else currencyCode = index;
      }
    }
    currency[row] = currencyCode;

    // owner or splits
    let ownerKind = plainField(bytes, starts, ends, escaped, kept, L.owner, span);
    if (ownerKind !== FIELD_ESCAPED && span[0] === span[1]) ownerKind = FIELD_MISSING;
    const hasSplits = L.splits >= 0 && !c.isEmpty(L.splits);
    if (ownerKind === FIELD_MISSING || hasSplits) owners[row] = -1;
    if (ownerKind !== FIELD_MISSING && hasSplits) hooks.problem(line, 'give either owner or splits, not both');
    else if (ownerKind !== FIELD_MISSING) {
      const names = ownerNames;
      const code = ownerKind === FIELD_ESCAPED ? names.internText(c.trimmed(L.owner)) : names.intern(bytes, span[0]!, span[1]!, c);
      if (names.isNew) state.resolveOwner(code, hooks);
      const payee = state.ownerOf[code]!;
      owners[row] = payee;
      if (payee < 0) hooks.problem(line, `owner "${clip(names.values[code]!)}" is not a payee in payees.csv`);
    } else if (hasSplits) {
      const problem = hooks.splits(row, c.trimmed(L.splits));
      if (problem !== undefined) hooks.problem(line, `splits: ${problem}`);
    } else hooks.problem(line, 'owner or splits is required');

    if (quantity) optionalDecimal(L.quantity, quantity, 1, 'quantity', line);
    if (margin) optionalDecimal(L.margin, margin, 0, 'margin', line);
    for (let i = 0; i < numbers.length; i++) optionalDecimal(L.numbers[i]!.column, numbers[i]!, 0, L.numbers[i]!.name, line);

    // status and cancel_date
    let status = STATUS_WON;
    let statusText = '';
    if (L.status >= 0) {
      const kind = plainField(bytes, starts, ends, escaped, kept, L.status, span);
      if (kind !== FIELD_MISSING && (kind === FIELD_ESCAPED || span[0] !== span[1])) {
        const names = statusNames;
        const code = kind === FIELD_ESCAPED ? names.internText(c.trimmed(L.status)) : names.intern(bytes, span[0]!, span[1]!, c);
        if (names.isNew) state.resolveStatus(code);
        status = state.statusOf[code]!;
        statusText = names.values[code]!;
      }
    }
    const hasCancelDate = L.cancelDate >= 0 && !c.isEmpty(L.cancelDate);
    if (status === STATUS_CANCELLED) {
      if (!hasCancelDate) hooks.problem(line, 'a cancelled transaction needs cancel_date');
      else {
        const cancelDay = c.date(L.cancelDate);
        if (cancelDay !== cancelDay) {
          hooks.problem(line, `cancel_date must be a date YYYY-MM-DD, not "${clip(c.trimmed(L.cancelDate))}"`);
        } else if (date === date && cancelDay < date) hooks.problem(line, 'cancel_date is before date');
        else cancelled.set(row, cancelDay);
      }
    } else {
      if (status === STATUS_OTHER) hooks.problem(line, `status must be won or cancelled, not "${clip(statusText)}"`);
      if (hasCancelDate) hooks.problem(line, 'cancel_date is only allowed on a cancelled transaction');
    }

    // filtered text
    for (let i = 0; i < text.length; i++) {
      const column = L.text[i]!;
      const kind = plainField(bytes, starts, ends, escaped, kept, column, span);
      let code: number;
      if (kind === FIELD_ESCAPED) code = state.text[i]!.internText(c.trimmed(column));
      else if (kind === FIELD_MISSING || span[0] === span[1]) code = state.emptyCode(i);
      else code = state.text[i]!.intern(bytes, span[0]!, span[1]!, c);
      text[i]![row] = code;
    }
    row++;
  }
  return {
    rows: row,
    endLine: c.physicalLine,
    lines,
    dates,
    owners,
    currency,
    currencies,
    amount,
    quantity,
    margin,
    numbers,
    ids: ids.arena,
    idSpecial: ids.special,
    idSorted: ids.sorted,
    idsUnchecked: ids.unchecked,
    idFirst: ids.firstPlain,
    idLast: ids.lastPlain,
    text: text.map((codes, i) => ({ codes, values: state.text[i]!.values })),
    cancelled,
    rowsInWasm: plain?.rowsInWasm ?? 0,
  };
}

/** The columns `PlainRecords.read` writes a row into (readRows keeps it current as they grow). */
interface PlainColumns {
  readonly lines: RowLines;
  dates: Int32Array;
  owners: Int32Array;
  currency: Uint16Array;
  readonly amount: DecimalBuilder;
  readonly quantity: DecimalBuilder | undefined;
  readonly margin: DecimalBuilder | undefined;
  readonly numbers: readonly DecimalBuilder[];
  readonly text: Int32Array[];
  readonly cancelled: Map<number, number>;
}

/** What each field of a record is for (PlainRecords). */
const R_IGNORED = 0;
const R_ID = 1;
const R_DATE = 2;
const R_AMOUNT = 3;
const R_CURRENCY = 4;
const R_OWNER = 5;
const R_SPLITS = 6;
const R_DECIMAL = 7;
const R_STATUS = 8;
const R_CANCEL = 9;
const R_TEXT = 10;

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The common record, read in one pass over its bytes: no quotes, exactly the header's number of
 * fields, no spaces around the cells used, and nothing wrong in any cell. Each field is handled
 * as it is scanned and the results are kept aside; only when the whole record has been checked
 * are they written, and the cursor moved past it. Anything else (a problem to report, a quoted
 * cell, an empty line...) leaves everything as it was, and readRows reads the record the general
 * way, which reports it exactly. Runs of such records are read in WebAssembly where a file is
 * big enough (readMany), which also takes quoted cells that are only compared or ignored. Values whose codes are seen outside (filtered text, a
 * currency met for the first time) are only interned once the record is taken: one given up on
 * may be skipped by the general way as malformed (for a problem further on, or in bytes past the
 * window's end), and codes follow first appearance. Owners and statuses may be interned before
 * giving up: their codes stay inside the reader.
 */
class PlainRecords {
  /** Results of the record being read, per decimal column (amount, quantity, margin, numbers). */
  private readonly decimals: DecimalOut[];
  /** Where each filtered text cell of the record lies, interned only once the record is taken. */
  private readonly textSpans: Int32Array;
  /** The WebAssembly reader (see readMany). */
  private readonly wasm: WasmRecords | undefined;
  /** Values of `state` the WebAssembly reader was told about: currencies, owners, each text column. */
  private toldCurrencies = 0;
  private toldOwners = 0;
  private readonly toldText: number[];
  /** Calls of readMany to leave to `read` before the WebAssembly reader is tried again (see readMany). */
  private skip = 0;
  private backoff = 0;
  /** Rows readMany took. */
  rowsInWasm = 0;

  private constructor(
    private readonly c: CsvCursor,
    layout: RowLayout,
    private readonly state: RowState,
    private readonly ids: IdRows,
    private readonly hooks: RowHooks,
    /** Per field: its R_ role, and which decimal or text column for R_DECIMAL and R_TEXT. */
    private readonly roles: Uint8Array,
    private readonly which: Int32Array,
    inWasm: boolean,
  ) {
    this.decimals = Array.from({ length: 3 + layout.numbers.length }, newDecimalOut);
    this.textSpans = new Int32Array(2 * layout.text.length);
    this.toldText = layout.text.map(() => 0);
    this.hasStatus = layout.status >= 0;
    if (inWasm) this.wasm = new WasmRecords(roles, which, this.decimals.length, layout.text.length);
  }

  private readonly hasStatus: boolean;

  /** `undefined` when the layout gives a column two roles. */
  static for(
    c: CsvCursor,
    layout: RowLayout,
    state: RowState,
    ids: IdRows,
    hooks: RowHooks,
    inWasm: boolean,
  ): PlainRecords | undefined {
    const roles = new Uint8Array(layout.fields);
    const which = new Int32Array(layout.fields);
    let ok = true;
    const role = (column: number, r: number, index = 0): void => {
      if (column < 0) return;
      if (column >= layout.fields || roles[column] !== R_IGNORED) ok = false;
      else {
        roles[column] = r;
        which[column] = index;
      }
    };
    role(layout.id, R_ID);
    role(layout.date, R_DATE);
    role(layout.amount, R_DECIMAL, 0);
    role(layout.currency, R_CURRENCY);
    role(layout.owner, R_OWNER);
    role(layout.splits, R_SPLITS);
    role(layout.quantity, R_DECIMAL, 1);
    role(layout.margin, R_DECIMAL, 2);
    role(layout.status, R_STATUS);
    role(layout.cancelDate, R_CANCEL);
    layout.text.forEach((column, i) => role(column, R_TEXT, i));
    layout.numbers.forEach((n, i) => role(n.column, R_DECIMAL, 3 + i));
    if (!ok || layout.id < 0 || layout.date < 0 || layout.amount < 0) return undefined;
    roles[layout.amount] = R_AMOUNT;
    return new PlainRecords(c, layout, state, ids, hooks, roles, which, inWasm);
  }

  /**
   * Reads the plain records from the next one on in WebAssembly, up to `maxRows` (see
   * wasm/plain-records.ts): as `read` or the general way would one by one, but for the values it
   * has not met (a currency or filtered value seen for the first time, say), which it leaves to
   * them and learns from `state` on the next call. How many it took; 0 leaves everything as it was.
   */
  readMany(row: number, into: PlainColumns, maxRows: number): number {
    const w = this.wasm;
    const c = this.c;
    if (w === undefined || c.utf8Pending) return 0;
    if (this.skip > 0) {
      this.skip--;
      return 0;
    }
    this.tellNew(w);
    const window = c.window;
    const base = c.windowFileOffset;
    let n = w.read(window, base, c.position, c.limit, c.atEnd, Math.min(maxRows, WASM_BATCH_ROWS));
    // Ids last, as `read` does: a repeat ends the batch before its row, which `read` turns down.
    // While they ascend (or need no check yet) the batch's ids are kept in one copy.
    const ids = this.ids;
    const bytes = w.bytes;
    let r = 0;
    if (n > 0 && ids.add(row, bytes, w.idStart[0]!, w.idEnd[0]!) < 0) {
      r = ids.addRun(row + 1, w.idBytes, w.idBytesEnd, 1, Math.min(n, w.firstUnordered), n, w.sameIdWidth);
      for (; r < n; r++) if (ids.add(row + r, bytes, w.idStart[r]!, w.idEnd[r]!) >= 0) break;
    }
    n = r;
    // Each record it turns down costs a round trip before `read` takes it. Where they are many (a
    // cell quoted in every other record, say) that costs more than reading them all in
    // TypeScript, so after a call that took few rows it waits some records, twice as many each
    // time, none again once a call takes a long run.
    if (n < WASM_SHORT_RUN && n < maxRows) {
      this.backoff = Math.min(2 * this.backoff + 1, WASM_MAX_SKIP);
      this.skip = this.backoff;
    } else this.backoff = 0;
    if (n === 0) return 0;
    this.rowsInWasm += n;
    const line = c.physicalLine;
    into.lines.set(row, line);
    into.dates.set(w.dates.subarray(0, n), row);
    into.owners.set(w.owners.subarray(0, n), row);
    into.currency.set(w.currency.subarray(0, n), row);
    const decimal = (k: number, builder: DecimalBuilder | undefined): void => {
      if (builder === undefined) return;
      const from = k * WASM_BATCH_ROWS;
      builder.mantissa.set(w.mantissa.subarray(from, from + n), row);
      builder.scale.set(w.scale.subarray(from, from + n), row);
    };
    decimal(0, into.amount);
    decimal(1, into.quantity);
    decimal(2, into.margin);
    into.numbers.forEach((builder, i) => decimal(3 + i, builder));
    into.text.forEach((codes, i) => {
      const from = i * WASM_BATCH_ROWS;
      codes.set(w.text.subarray(from, from + n), row);
    });
    if (w.splitRows > 0) {
      const { splitFrom, splitCount, partPayee, partMantissa, partScale } = w;
      for (let r = 0; r < n; r++) {
        const count = splitCount[r]!;
        if (count > 0) this.hooks.splitParts(row + r, partPayee, partMantissa, partScale, splitFrom[r]!, count);
      }
    }
    if (this.hasStatus) {
      for (let r = 0; r < n; r++) {
        const day = w.cancel[r]!;
        if (day !== WASM_NOT_CANCELLED) into.cancelled.set(row + r, day);
      }
    }
    const end = w.windowOffset(w.recordEnd[n - 1]!, base);
    const last = line + n - 1;
    c.skipRecord(end, last, window[end - 1] === LF ? last + 1 : last);
    return n;
  }

  /** Tells the WebAssembly reader, if there is one, the payee index of each owner id. */
  knowOwners(owners: ReadonlyMap<string, number>): void {
    this.wasm?.tellAll(WASM_OWNERS, owners);
  }

  /** Tells the WebAssembly reader the values `state` learnt since it was last told. */
  private tellNew(w: WasmRecords): void {
    const state = this.state;
    for (; this.toldCurrencies < state.currencyNames.size; this.toldCurrencies++) {
      const code = this.toldCurrencies;
      w.tell(WASM_CURRENCIES, state.currencyNames.values[code]!, state.currencyOf[code]!);
    }
    for (; this.toldOwners < state.ownerNames.size; this.toldOwners++) {
      const code = this.toldOwners;
      w.tell(WASM_OWNERS, state.ownerNames.values[code]!, state.ownerOf[code]!);
    }
    this.toldText.forEach((told, i) => {
      const names = state.text[i]!;
      for (let code = told; code < names.size; code++) w.tell(wasmTextTable(i), names.values[code]!, code);
      this.toldText[i] = names.size;
    });
  }

  /** Reads the next record as row `row` into `into` when it is plain and flawless; else changes nothing. */
  read(row: number, into: PlainColumns): boolean {
    const c = this.c;
    // Invalid UTF-8 in the window is reported by the cursor, in its place among the problems.
    if (c.utf8Pending) return false;
    const a = c.window;
    const state = this.state;
    const roles = this.roles;
    const fields = roles.length;
    const end = c.limit;
    let p = c.position;
    if (p >= end) return false;
    const first = a[p]!;
    if (first === LF || first === CR) return false;
    let idStart = 0;
    let idEnd = 0;
    let date = 0;
    let currency = 0;
    let owner = -1;
    let ownerGiven = false;
    let splitsStart = -1;
    let splitsEnd = -1;
    let status = STATUS_WON;
    let cancelStart = -1;
    let cancelEnd = -1;
    for (let f = 0; f < fields; f++) {
      const s = p;
      // Scan the field: bytes above the comma are plain text; below it only a few matter.
      let low = false;
      for (;;) {
        if (p >= end) break;
        const b = a[p]!;
        if (b > COMMA) {
          p++;
          continue;
        }
        if (b === COMMA || b === LF || b === CR) break;
        if (b === QUOTE) return false;
        low = true;
        p++;
      }
      const e = p;
      // The delimiter: a comma between fields, a line break (or the end) after the last.
      if (f < fields - 1) {
        if (p >= end || a[p] !== COMMA) return false;
        p++;
      } else if (p < end) {
        const b = a[p]!;
        if (b === LF) p++;
        else if (b === CR && p + 1 < end && a[p + 1] === LF) p += 2;
        else return false;
      } else if (!c.atEnd) return false; // the window's end, not the file's: the cursor reads on

      const r = roles[f]!;
      if (r === R_IGNORED) continue;
      // A cell with spaces at an end is trimmed; the general way does that.
      if (low && s < e && (a[s]! <= 0x20 || a[e - 1]! <= 0x20)) return false;
      switch (r) {
        case R_ID:
          if (s === e) return false;
          idStart = s;
          idEnd = e;
          break;
        case R_DATE:
          date = c.dateAt(s, e);
          if (date !== date) return false;
          break;
        case R_AMOUNT:
          if (!decimalFromBytes(a, s, e, this.decimals[0]!)) return false;
          break;
        case R_DECIMAL: {
          const out = this.decimals[this.which[f]!]!;
          if (s === e) {
            out.mantissa = this.which[f] === 1 ? 1 : 0;
            out.scale = 0;
            out.big = undefined;
          } else if (!decimalFromBytes(a, s, e, out)) return false;
          break;
        }
        case R_CURRENCY: {
          if (s === e) break;
          // A currency met for the first time joins `currencies`: the general way does that.
          const code = state.currencyNames.find(a, s, e);
          if (code < 0) return false;
          currency = state.currencyOf[code]!;
          if (currency < 0) return false;
          break;
        }
        case R_OWNER: {
          if (s === e) break;
          ownerGiven = true;
          const names = state.ownerNames;
          const code = names.intern(a, s, e, c);
          if (names.isNew) state.resolveOwner(code, this.hooks);
          owner = state.ownerOf[code]!;
          if (owner < 0) return false;
          break;
        }
        case R_SPLITS:
          if (s !== e) {
            splitsStart = s;
            splitsEnd = e;
          }
          break;
        case R_STATUS: {
          if (s === e) break;
          const names = state.statusNames;
          const code = names.intern(a, s, e, c);
          if (names.isNew) state.resolveStatus(code);
          status = state.statusOf[code]!;
          if (status === STATUS_OTHER) return false;
          break;
        }
        case R_CANCEL:
          cancelStart = s;
          cancelEnd = e;
          break;
        case R_TEXT: {
          const i = this.which[f]!;
          this.textSpans[2 * i] = s;
          this.textSpans[2 * i + 1] = e;
          break;
        }
      }
    }
    // Checks across cells (exactly one of owner and splits: the general way says which rule a
    // record breaks); then the splits and the id, the steps that stay done (should the general
    // way read the record again, it does them again the same way).
    const hasSplits = splitsStart >= 0;
    if (hasSplits === ownerGiven) return false;
    let cancelDay = 0;
    const hasCancelDate = cancelStart < cancelEnd;
    if (status === STATUS_CANCELLED) {
      if (!hasCancelDate) return false;
      cancelDay = c.dateAt(cancelStart, cancelEnd);
      if (!(cancelDay >= date)) return false;
    } else if (hasCancelDate) return false;
    if (hasSplits && this.hooks.splits(row, c.slice(splitsStart, splitsEnd)) !== undefined) return false;
    if (this.ids.add(row, a, idStart, idEnd) >= 0) return false;

    const line = c.physicalLine;
    into.lines.set(row, line);
    into.dates[row] = date;
    into.owners[row] = owner;
    into.currency[row] = currency;
    into.amount.set(row, this.decimals[0]!);
    if (into.quantity) into.quantity.set(row, this.decimals[1]!);
    if (into.margin) into.margin.set(row, this.decimals[2]!);
    for (let i = 0; i < into.numbers.length; i++) into.numbers[i]!.set(row, this.decimals[3 + i]!);
    for (let i = 0; i < into.text.length; i++) {
      const s = this.textSpans[2 * i]!;
      const e = this.textSpans[2 * i + 1]!;
      into.text[i]![row] = s === e ? state.emptyCode(i) : state.text[i]!.intern(a, s, e, c);
    }
    if (status === STATUS_CANCELLED) into.cancelled.set(row, cancelDay);
    // A record ending at the end of the file, without a line break, leaves the line as it is.
    c.skipRecord(p, line, a[p - 1] === LF ? line + 1 : line);
    return true;
  }
}

/** Rows below which a call of the WebAssembly reader did not pay for itself (see readMany), and the most records it then waits. */
const WASM_SHORT_RUN = 16;
const WASM_MAX_SKIP = 256;

/**
 * Where field `i` of the record lies without surrounding whitespace (as CsvCursor.field, from
 * the cursor's arrays): FIELD_PLAIN with the span in `out`, FIELD_ESCAPED, or FIELD_MISSING.
 */
function plainField(
  a: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  escaped: Uint8Array,
  kept: number,
  i: number,
  out: Int32Array,
): number {
  if (!(i >= 0 && i < kept)) return FIELD_MISSING;
  if (escaped[i] !== 0) return FIELD_ESCAPED;
  let s = starts[i]!;
  let e = ends[i]!;
  // Spaces are rare: one test of each end byte before any loop.
  if (s < e && a[s]! <= 0x20) while (s < e && isSpaceByte(a[s]!)) s++;
  if (e > s && a[e - 1]! <= 0x20) while (e > s && isSpaceByte(a[e - 1]!)) e--;
  out[0] = s;
  out[1] = e;
  return FIELD_PLAIN;
}

/**
 * Rows the rest of the file probably holds, from the average length of the next lines in the
 * window, with a quarter more: rows never read leave their part of the columns untouched, which
 * costs nothing, while growing the columns copies them.
 */
export function estimateRows(c: CsvCursor): number {
  const bytes = c.window;
  const start = c.position;
  const sample = Math.min(c.limit, start + 65536);
  let newlines = 0;
  for (let p = start; p < sample; p++) if (bytes[p] === 0x0a) newlines++;
  if (newlines === 0) return 16;
  const average = (sample - start) / newlines;
  return Math.ceil((c.remaining / average) * 1.25) + 16;
}

function resized<T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a.subarray(0, Math.min(a.length, size)) as never);
  return b;
}

/** Where each column of the file is, with the text and number columns the caller wants kept. */
export function rowLayout(
  t: Table,
  textNames: readonly string[],
  numberNames: readonly string[],
  baseCurrency: string,
): RowLayout {
  const present = (names: readonly string[]) => names.filter((f) => t.index(f) >= 0);
  const text = present(textNames);
  return {
    fields: t.header.length,
    id: t.index('id'),
    date: t.index('date'),
    amount: t.index('amount'),
    currency: t.index('currency'),
    owner: t.index('owner'),
    splits: t.index('splits'),
    quantity: t.index('quantity'),
    margin: t.index('margin'),
    status: t.index('status'),
    cancelDate: t.index('cancel_date'),
    text: text.map((f) => t.index(f)),
    textNames: text,
    numbers: present(numberNames).map((f) => ({ column: t.index(f), name: f })),
    baseCurrency,
  };
}
