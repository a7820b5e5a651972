/**
 * What both threads of parallel.ts do with one part of transactions.csv: read it with a cursor
 * that stops at the part's end, and copy its rows into the shared columns. It imports nothing
 * from the engine, so that the worker starts quickly.
 */
import { CsvCursor } from './csv.js';
import { readRows, type RecordSource, type RowArrays, type RowHooks, type RowLayout, type RowsRead, RowState } from './transaction-rows.js';

export { RowArrays, RowState } from './transaction-rows.js';

/**
 * Shared control words: CLAIM packs the next part from the front (low 16 bits) and the end of
 * the parts not yet taken from the back (high 16 bits); USED counts the rows placed in the
 * shared columns; ABORT; then one status word per part taken by the worker.
 */
export const CLAIM = 0;
export const USED = 1;
/** Set by a thread that failed a part: the parts are worthless, stop taking them. */
export const ABORT = 2;
export const STATUS = 3;
export const PART_PENDING = 0;
export const PART_DONE = 1;

/** What a part adds besides its rows in the shared columns: offsets and rows are part-relative. */
export interface PartInfo {
  readonly part: number;
  readonly ok: boolean;
  /** First row of the part in the shared columns. */
  readonly at: number;
  readonly rows: number;
  /** Physical lines the part spans (lines in the shared columns count from 1 at its start). */
  readonly lines: number;
  readonly idSorted: boolean;
  readonly idFirst: number;
  readonly idLast: number;
  readonly idSpecial: ReadonlyMap<number, string>;
  readonly cancelled: ReadonlyMap<number, number>;
  readonly splits: ReadonlyMap<number, string>;
  readonly big: readonly ReadonlyMap<number, bigint>[];
  /**
   * From the worker: the currencies and text values its thread met since its previous part,
   * which start at these indexes of the thread's lists.
   */
  readonly added?: {
    readonly currencyFrom: number;
    readonly currencies: readonly string[];
    /** Owner ids, by the number the worker gave each in the owner column. */
    readonly ownerFrom: number;
    readonly owners: readonly string[];
    readonly textFrom: readonly number[];
    readonly text: readonly (readonly string[])[];
  };
}

export const FAILED = (part: number): PartInfo => ({
  part,
  ok: false,
  at: 0,
  rows: 0,
  lines: 0,
  idSorted: false,
  idFirst: -1,
  idLast: -1,
  idSpecial: new Map(),
  cancelled: new Map(),
  splits: new Map(),
  big: [],
});

/** The columns both threads write rows into, over SharedArrayBuffers. */
export class SharedColumns {
  readonly lines: Int32Array;
  readonly dates: Int32Array;
  readonly owners: Int32Array;
  readonly currency: Uint16Array;
  readonly idStarts: Int32Array;
  readonly idEnds: Int32Array;
  /** Mantissa and scale of amount, then quantity and margin when present, then summed attributes. */
  readonly decimals: [Float64Array, Uint16Array][];
  readonly text: Int32Array[];

  constructor(
    readonly layout: RowLayout,
    readonly capacity: number,
    readonly buffers: SharedArrayBuffer[] = SharedColumns.allocate(layout, capacity),
  ) {
    let b = 0;
    const next = <T>(type: new (buffer: SharedArrayBuffer) => T): T => new type(buffers[b++]!);
    this.lines = next(Int32Array);
    this.dates = next(Int32Array);
    this.owners = next(Int32Array);
    this.currency = next(Uint16Array);
    this.idStarts = next(Int32Array);
    this.idEnds = next(Int32Array);
    this.decimals = Array.from({ length: SharedColumns.decimalCount(layout) }, () => [next(Float64Array), next(Uint16Array)]);
    this.text = layout.text.map(() => next(Int32Array));
  }

  static decimalCount(layout: RowLayout): number {
    return 1 + (layout.quantity >= 0 ? 1 : 0) + (layout.margin >= 0 ? 1 : 0) + layout.numbers.length;
  }

  private static allocate(layout: RowLayout, n: number): SharedArrayBuffer[] {
    const sizes = [4, 4, 4, 2, 4, 4];
    for (let i = 0; i < SharedColumns.decimalCount(layout); i++) sizes.push(8, 2);
    for (let i = 0; i < layout.text.length; i++) sizes.push(4);
    return sizes.map((size) => new SharedArrayBuffer(size * n));
  }

  /**
   * Copies the rows of `read` to rows `[at, at + read.rows)`, adding `lineShift` to lines and
   * `idOffset` to id offsets.
   */
  place(read: RowsRead, at: number, lineShift: number, idOffset: number): void {
    const n = read.rows;
    if (lineShift === 0) this.lines.set(read.lines.subarray(0, n), at);
    else for (let r = 0; r < n; r++) this.lines[at + r] = read.lines[r]! + lineShift;
    this.dates.set(read.dates.subarray(0, n), at);
    this.owners.set(read.owners.subarray(0, n), at);
    this.currency.set(read.currency.subarray(0, n), at);
    if (idOffset === 0) {
      this.idStarts.set(read.idStarts.subarray(0, n), at);
      this.idEnds.set(read.idEnds.subarray(0, n), at);
    } else {
      for (let r = 0; r < n; r++) {
        const s = read.idStarts[r]!;
        const e = read.idEnds[r]!;
        // Rows without a plain id keep 0..0.
        this.idStarts[at + r] = s === e ? 0 : s + idOffset;
        this.idEnds[at + r] = s === e ? 0 : e + idOffset;
      }
    }
    const decimals = [read.amount, ...(read.quantity ? [read.quantity] : []), ...(read.margin ? [read.margin] : []), ...read.numbers];
    decimals.forEach((d, i) => {
      this.decimals[i]![0].set(d.mantissa.subarray(0, n), at);
      this.decimals[i]![1].set(d.scale.subarray(0, n), at);
    });
    read.text.forEach((t, i) => this.text[i]!.set(t.codes.subarray(0, n), at));
  }

  /** Moves rows `[from, to)` to start at row `at`. */
  move(from: number, to: number, at: number): void {
    const arrays = [this.lines, this.dates, this.owners, this.currency, this.idStarts, this.idEnds, ...this.decimals.flat(), ...this.text];
    for (const a of arrays) a.copyWithin(at, from, to);
  }
}

/** What the worker is told (see parallel-worker.ts). */
export interface WorkerJob {
  readonly control: SharedArrayBuffer;
  readonly columns: { readonly capacity: number; readonly buffers: SharedArrayBuffer[] };
  /** Bytes `[regionStart, fileLength)` of the file. */
  readonly region: SharedArrayBuffer | Uint8Array;
  readonly regionStart: number;
  /** The worker may take parts from this one on (their bytes are in `region`). */
  readonly firstPart: number;
  /** Part p is bytes `[cuts[p], cuts[p + 1])` of the file. */
  readonly cuts: readonly number[];
  /**
   * The layout the worker reads with: every column that could be filtered on is kept as text,
   * and the base currency is '' (code 0 stands for it).
   */
  readonly layout: RowLayout;
}

/**
 * Reads one part, bytes `[start, end)` of the file, found at `start - offset` in `bytes`, into
 * `scratch`. Lines count from 1 at the part's start. `undefined` when anything at all was
 * wrong: a problem in a cell, a record running past the part's end, anything.
 */
export function readPart(
  bytes: Uint8Array,
  offset: number,
  start: number,
  end: number,
  layout: RowLayout,
  resolve: { payee(id: string): number; currency(code: string): boolean },
  state: RowState,
  scratch: RowArrays,
): { read: RowsRead; splits: Map<number, string> } | undefined {
  const cursor = new CsvCursor(bytes, { start: start - offset, end: end - offset, fields: layout.fields, line: 1 });
  const splits = new Map<number, string>();
  const hooks: RowHooks & { stopped: boolean } = {
    stopped: false,
    problem: () => {
      hooks.stopped = true;
    },
    payee: resolve.payee,
    currency: resolve.currency,
    splits: (row, text) => {
      splits.set(row, text);
      return undefined;
    },
  };
  const source: RecordSource = {
    cursor,
    get malformed() {
      return hooks.stopped;
    },
    next() {
      const more = cursor.next();
      if (cursor.problems.length > 0) hooks.stopped = true;
      return more;
    },
  };
  const read = readRows(source, layout, hooks, { capacity: scratch.capacity, checkIds: 'none', scratch }, state);
  if (hooks.stopped || cursor.position !== end - offset) return undefined;
  return { read, splits };
}

/** The part's facts besides its rows, with rows and offsets relative to the part. */
export function partInfo(part: number, at: number, read: RowsRead, splits: Map<number, string>): PartInfo {
  return {
    part,
    ok: true,
    at,
    rows: read.rows,
    lines: read.endLine - 1,
    idSorted: read.idSorted,
    idFirst: read.idFirst,
    idLast: read.idLast,
    idSpecial: read.idSpecial,
    cancelled: read.cancelled,
    splits,
    big: [read.amount, ...(read.quantity ? [read.quantity] : []), ...(read.margin ? [read.margin] : []), ...read.numbers].map((d) => d.big),
  };
}

/**
 * Cuts `[start, length)` into parts of about `size` bytes, each cut just after a line feed.
 * Returns the cut offsets, first `start` and last `length`.
 */
export function cutsOf(bytes: Uint8Array, start: number, size: number): number[] {
  const cuts = [start];
  const length = bytes.length;
  let at = start + size;
  while (at < length) {
    const lf = bytes.indexOf(0x0a, at);
    if (lf < 0 || lf + 1 >= length) break;
    cuts.push(lf + 1);
    at = lf + 1 + size;
  }
  cuts.push(length);
  return cuts;
}

/** Rows `[start, end)` probably holds, from the lines of a few samples spread over it. */
export function estimateRowsSampled(bytes: Uint8Array, start: number, end: number): number {
  const span = end - start;
  const samples = Math.min(16, Math.max(1, Math.floor(span / 65536)));
  const size = Math.min(span, 16384);
  let newlines = 0;
  let scanned = 0;
  for (let k = 0; k < samples; k++) {
    const from = start + Math.floor(((span - size) * k) / Math.max(1, samples - 1));
    for (let p = from; p < from + size; p++) if (bytes[p] === 0x0a) newlines++;
    scanned += size;
  }
  return newlines === 0 ? 16 : Math.ceil((span / scanned) * newlines);
}
