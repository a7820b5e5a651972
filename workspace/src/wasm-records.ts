/**
 * The WebAssembly reader of plain records (wasm/plain-records.ts), as seen from TypeScript: one
 * instance per file read, its memory holding a copy of the bytes being read and the columns of
 * the last batch of records it took. What it takes and how is PlainRecords' business (see
 * transaction-rows.ts); this file only moves bytes in and views out.
 */
import { PLAIN_RECORDS_WASM } from './generated/plain-records-wasm.js';

// Node's WebAssembly, which the project's libraries (ES2023, no DOM) do not describe.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: object;
  }
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
}

interface PlainRecordsExports {
  readonly memory: WebAssembly.Memory;
  alloc(size: number): number;
  inputBuffer(size: number): number;
  configure(fields: number, roles: number, which: number, decimals: number, texts: number, batchRows: number): void;
  tell(table: number, key: number, length: number, value: number): void;
  tellAll(table: number, keys: number, ends: number, values: number, count: number): void;
  read(input: number, from: number, limit: number, atEnd: number, maxRows: number): number;
  stopped(): number;
  stoppedShort(): number;
  dates(): number;
  owners(): number;
  currency(): number;
  mantissas(): number;
  scales(): number;
  textCodes(): number;
  idStarts(): number;
  idEnds(): number;
  cancelDays(): number;
  recordEnds(): number;
  idBytes(): number;
  idBytesEnds(): number;
  firstUnordered(): number;
  sameIdWidth(): number;
  splitFrom(): number;
  splitCount(): number;
  partPayees(): number;
  partMantissas(): number;
  partScales(): number;
  splitRowCount(): number;
}

let compiled: WebAssembly.Module | undefined;

/** Rows of one batch: the columns it fills take about 100 bytes a row. */
export const WASM_BATCH_ROWS = 8192;
/** Split parts a batch has room for (the module's partCapacity). */
const PART_CAPACITY = WASM_BATCH_ROWS * 2 + 16;
/** Bytes copied into the instance at a time (the CSV window's size). */
const CHUNK_BYTES = 1 << 20;
/** Bytes past a buffer's end the module may load (a key is read as one 8-byte word). */
const WORD_SLACK = 8;
/** The cancel day of a row that is not cancelled (the module's NOT_CANCELLED). */
export const WASM_NOT_CANCELLED = -0x80000000;

/** Tables the instance looks values up in. */
export const WASM_CURRENCIES = 0;
export const WASM_OWNERS = 1;
/** Table of filtered text column `i`. */
export const wasmTextTable = (i: number): number => 2 + i;

export class WasmRecords {
  private readonly x: PlainRecordsExports;
  private buffer: ArrayBuffer | undefined;
  /** Views of the memory, made again whenever it grows. */
  bytes!: Uint8Array;
  dates!: Int32Array;
  owners!: Int32Array;
  currency!: Uint16Array;
  /** Decimal column k of row r at `k × WASM_BATCH_ROWS + r` (amount, quantity, margin, summed attributes). */
  mantissa!: Float64Array;
  scale!: Uint16Array;
  /** Text column i of row r at `i × WASM_BATCH_ROWS + r`. */
  text!: Int32Array;
  idStart!: Int32Array;
  idEnd!: Int32Array;
  cancel!: Int32Array;
  /** Memory offset just past each record. */
  recordEnd!: Int32Array;
  /** The batch's ids one after the other, and where each row's ends in them. */
  idBytes!: Uint8Array;
  idBytesEnd!: Int32Array;
  /** Per row, its split parts: where they start in the part columns and how many (0 for an owner's row). */
  splitFrom!: Int32Array;
  splitCount!: Int32Array;
  /** Split parts: payee index, and the percentage's mantissa and scale. */
  partPayee!: Int32Array;
  partMantissa!: Float64Array;
  partScale!: Uint16Array;
  /** Memory offset of the copy of the file's bytes, and the file offsets it holds. */
  private input = 0;
  private inputSize = 0;
  private fileFrom = 0;
  private fileTo = 0;
  private keyAt = 0;
  private keySize = 0;

  constructor(
    roles: Uint8Array,
    which: Int32Array,
    private readonly decimals: number,
    private readonly texts: number,
  ) {
    compiled ??= new WebAssembly.Module(Buffer.from(PLAIN_RECORDS_WASM, 'base64'));
    this.x = new WebAssembly.Instance(compiled, { env: { abort: moduleAbort } }).exports as unknown as PlainRecordsExports;
    const x = this.x;
    const rolesAt = x.alloc(roles.length);
    const whichAt = x.alloc(4 * which.length);
    new Uint8Array(x.memory.buffer, rolesAt, roles.length).set(roles);
    new Int32Array(x.memory.buffer, whichAt, which.length).set(which);
    x.configure(roles.length, rolesAt, whichAt, decimals, texts, WASM_BATCH_ROWS);
    this.views();
  }

  /** Table `table` gives `value` for the UTF-8 bytes of `text`. */
  tell(table: number, text: string, value: number): void {
    const length = Buffer.byteLength(text);
    if (length > this.keySize) {
      this.keySize = Math.max(64, length * 2);
      this.keyAt = this.x.alloc(this.keySize + WORD_SLACK);
      this.views();
    }
    Buffer.from(this.x.memory.buffer, this.keyAt, length).write(text, 'utf8');
    this.x.tell(table, this.keyAt, length, value);
    this.views();
  }

  /** `tell` for every entry of `values`. */
  tellAll(table: number, values: ReadonlyMap<string, number>): void {
    const x = this.x;
    const count = values.size;
    const text = Buffer.from([...values.keys()].join(''), 'utf8');
    const keysAt = x.alloc(text.length + WORD_SLACK);
    const endsAt = x.alloc(4 * count);
    const valuesAt = x.alloc(4 * count);
    const memory = x.memory.buffer;
    new Uint8Array(memory, keysAt, text.length).set(text);
    const ends = new Uint32Array(memory, endsAt, count);
    const codes = new Int32Array(memory, valuesAt, count);
    let i = 0;
    let end = 0;
    values.forEach((value, key) => {
      end += Buffer.byteLength(key);
      ends[i] = end;
      codes[i++] = value;
    });
    x.tellAll(table, keysAt, endsAt, valuesAt, count);
    this.views();
  }

  /**
   * Reads records from `window[from…]` (file offset `fileBase + from`) up to `limit`, the file
   * ending there when `atEnd`: how many it took, up to `maxRows`; `stop` is then the window offset
   * just past the last. Offsets in the views (idStart, recordEnd) are memory offsets, into `bytes`;
   * `windowOffset` turns one into the window's.
   */
  read(window: Uint8Array, fileBase: number, from: number, limit: number, atEnd: boolean, maxRows: number): number {
    const x = this.x;
    let fileAt = fileBase + from;
    const fileLimit = fileBase + limit;
    if (fileAt < this.fileFrom || fileAt >= this.fileTo) this.copy(window, fileBase, from, limit);
    for (;;) {
      const whole = this.fileTo === fileLimit;
      const taken = x.read(this.input, fileAt - this.fileFrom, this.fileTo - this.fileFrom, whole && atEnd ? 1 : 0, maxRows);
      fileAt = this.fileFrom + (x.stopped() - this.input);
      this.stop = fileAt - fileBase;
      if (taken > 0 || whole || x.stoppedShort() === 0) return taken;
      // The first record ran past the bytes copied: copy on from it and read again.
      this.copy(window, fileBase, fileAt - fileBase, limit);
    }
  }

  /** Window offset just past the last record `read` took (or where it was asked to start). */
  stop = 0;

  /** The first row of the last batch whose id is not above the one before it (WASM_BATCH_ROWS when none). */
  get firstUnordered(): number {
    return this.x.firstUnordered();
  }

  /** Rows of the last batch with splits. */
  get splitRows(): number {
    return this.x.splitRowCount();
  }

  /** The length of every id of the last batch, -1 when they differ. */
  get sameIdWidth(): number {
    return this.x.sameIdWidth();
  }

  /** The window offset of memory offset `at`, for a window at file offset `fileBase`. */
  windowOffset(at: number, fileBase: number): number {
    return this.fileFrom + (at - this.input) - fileBase;
  }

  /** Copies `window[from, …)`, up to a chunk, into the instance. */
  private copy(window: Uint8Array, fileBase: number, from: number, limit: number): void {
    const n = Math.min(limit - from, CHUNK_BYTES);
    if (n > this.inputSize) {
      this.inputSize = Math.max(n, CHUNK_BYTES);
      this.input = this.x.inputBuffer(this.inputSize);
      this.buffer = undefined;
      this.views();
    }
    this.bytes.set(window.subarray(from, from + n), this.input);
    this.fileFrom = fileBase + from;
    this.fileTo = this.fileFrom + n;
  }

  private views(): void {
    const x = this.x;
    const buffer = x.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    const rows = WASM_BATCH_ROWS;
    this.bytes = new Uint8Array(buffer);
    const i32 = new Int32Array(buffer);
    const at32 = (offset: number, n: number) => i32.subarray(offset >> 2, (offset >> 2) + n);
    this.dates = at32(x.dates(), rows);
    this.owners = at32(x.owners(), rows);
    this.idStart = at32(x.idStarts(), rows);
    this.idEnd = at32(x.idEnds(), rows);
    this.cancel = at32(x.cancelDays(), rows);
    this.recordEnd = at32(x.recordEnds(), rows);
    this.idBytesEnd = at32(x.idBytesEnds(), rows);
    this.splitFrom = at32(x.splitFrom(), rows);
    this.splitCount = at32(x.splitCount(), rows);
    this.partPayee = at32(x.partPayees(), PART_CAPACITY);
    this.partMantissa = new Float64Array(buffer, x.partMantissas(), PART_CAPACITY);
    this.partScale = new Uint16Array(buffer, x.partScales(), PART_CAPACITY);
    this.idBytes = this.bytes.subarray(x.idBytes(), x.idBytes() + this.inputSize);
    this.currency = new Uint16Array(buffer, x.currency(), rows);
    this.mantissa = new Float64Array(buffer, x.mantissas(), rows * this.decimals);
    this.scale = new Uint16Array(buffer, x.scales(), rows * this.decimals);
    this.text = new Int32Array(buffer, x.textCodes(), rows * Math.max(1, this.texts));
  }
}

function moduleAbort(): never {
  throw new Error('plain-records.wasm aborted');
}
