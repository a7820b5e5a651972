/**
 * Plain records of transactions.csv read in WebAssembly (AssemblyScript, compiled at build time
 * into src/generated/plain-records-wasm.ts). It does what `PlainRecords.read` does in
 * src/transaction-rows.ts, record after record until one it cannot take: the same checks, the
 * same columns, in a loop the JIT cannot slow with cold code or deoptimisation; and it takes
 * quoted cells in columns only compared or ignored, as the general way would. Anything it does
 * not take (another quote, a space at a cell's end, a value it has not been told about, a
 * problem of any kind) it leaves for the TypeScript reader, which decides and reports; so the
 * two must agree exactly on what they take, and src/transactions.test.ts runs each of its tests
 * both ways to check that they do.
 *
 * Memory is allocated once and never freed (the stub runtime): one instance reads one file.
 */

// What each field of a record is for: the numbers of src/transaction-rows.ts.
const R_IGNORED: u8 = 0;
const R_ID: u8 = 1;
const R_DATE: u8 = 2;
const R_AMOUNT: u8 = 3;
const R_CURRENCY: u8 = 4;
const R_OWNER: u8 = 5;
const R_SPLITS: u8 = 6;
const R_DECIMAL: u8 = 7;
const R_STATUS: u8 = 8;
const R_CANCEL: u8 = 9;
const R_TEXT: u8 = 10;

const COMMA: u32 = 0x2c;
const QUOTE: u32 = 0x22;
const LF: u32 = 0x0a;
const CR: u32 = 0x0d;

/** A row that is not cancelled, in the cancel-day column. */
const NOT_CANCELLED: i32 = i32.MIN_VALUE;
/** Significant digits a double holds exactly; longer mantissas are the TypeScript reader's. */
const MAX_SAFE_DIGITS: i32 = 15;
const MAX_DECIMAL_DIGITS: i32 = 1000;
/** A split cell with more parts, or a percentage finer or longer than these, is the TypeScript reader's. */
const MAX_SPLIT_PARTS: i32 = 16;
const MAX_SPLIT_SCALE: i32 = 6;
const MAX_SPLIT_DIGITS: i32 = 9;
/** 100%, at MAX_SPLIT_SCALE. */
const HUNDRED_PERCENT: i64 = 100_000_000;
const SEMICOLON: u32 = 0x3b;
const COLON: u32 = 0x3a;

/**
 * Byte strings to values (currency index, payee, text code), told by the TypeScript reader.
 * Keys of up to 8 bytes (codes, currencies, most owner ids) are one 64-bit word kept in the slot
 * itself, so a lookup is one load, one multiply and one compare; longer keys are hashed and kept
 * in a pool. Every key read may load up to 8 bytes past its end: buffers leave that much room.
 */
class ByteTable {
  // Short keys: 16-byte slots of key (u64), length + 1 (u32, 0 for an empty slot) and value (i32).
  short: usize = 0;
  shortMask: u32 = 0;
  shortCount: u32 = 0;
  // Long keys: slots hold entry + 1; entries are hash, pool offset, length and value.
  slots: usize = 0;
  mask: u32 = 0;
  count: u32 = 0;
  capacity: u32 = 0;
  hashes: usize = 0;
  starts: usize = 0;
  lengths: usize = 0;
  values: usize = 0;
  pool: usize = 0;
  poolUsed: usize = 0;
  poolSize: usize = 0;
  /** Set by `find`: whether the key was there. */
  found: bool = false;

  constructor() {
    this.short = zeroed(16 << 4);
    this.shortMask = 15;
    this.resize(8);
    this.poolSize = 256;
    this.pool = heap.alloc(this.poolSize);
  }

  // @ts-ignore: decorator
  @inline
  find(s: usize, e: usize): i32 {
    const n = <u32>(e - s);
    if (n <= 8) return this.findShort(wordOf(s, n), n);
    return this.findLong(s, e);
  }

  findShort(key: u64, n: u32): i32 {
    const mask = this.shortMask;
    for (let i = shortHash(key, n) & mask; ; i = (i + 1) & mask) {
      const at = this.short + (<usize>i << 4);
      const length = load<u32>(at, 8);
      if (length == 0) break;
      if (load<u64>(at) == key && length == n + 1) {
        this.found = true;
        return load<i32>(at, 12);
      }
    }
    this.found = false;
    return 0;
  }

  findLong(s: usize, e: usize): i32 {
    const n = <u32>(e - s);
    const h = longHash(s, e);
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = load<i32>(this.slots + (<usize>i << 2)) - 1;
      if (k < 0) break;
      const at = <usize>k << 2;
      if (load<u32>(this.hashes + at) == h && load<u32>(this.lengths + at) == n) {
        if (memory.compare(this.pool + <usize>load<u32>(this.starts + at), s, n) == 0) {
          this.found = true;
          return load<i32>(at + this.values);
        }
      }
    }
    this.found = false;
    return 0;
  }

  /** Adds a key not in the table. */
  add(s: usize, n: usize, value: i32): void {
    if (n <= 8) this.addShort(wordOf(s, <u32>n), <u32>n, value);
    else this.addLong(s, n, value);
  }

  private addShort(key: u64, n: u32, value: i32): void {
    if ((this.shortCount + 1) * 2 > this.shortMask + 1) this.growShort();
    this.placeShort(key, n + 1, value);
    this.shortCount++;
  }

  private placeShort(key: u64, length: u32, value: i32): void {
    const mask = this.shortMask;
    let i = shortHash(key, length - 1) & mask;
    while (load<u32>(this.short + (<usize>i << 4), 8) != 0) i = (i + 1) & mask;
    const at = this.short + (<usize>i << 4);
    store<u64>(at, key);
    store<u32>(at, length, 8);
    store<i32>(at, value, 12);
  }

  private growShort(): void {
    const old = this.short;
    const slots = (this.shortMask + 1) << 1;
    this.short = zeroed(<usize>slots << 4);
    this.shortMask = slots - 1;
    for (let at = old, end = old + ((<usize>slots >> 1) << 4); at < end; at += 16) {
      const length = load<u32>(at, 8);
      if (length != 0) this.placeShort(load<u64>(at), length, load<i32>(at, 12));
    }
  }

  private addLong(s: usize, n: usize, value: i32): void {
    if (this.count == this.capacity) this.resize(this.capacity * 2);
    if (this.poolUsed + n > this.poolSize) {
      let size = this.poolSize * 2;
      while (size < this.poolUsed + n) size *= 2;
      const pool = heap.alloc(size);
      memory.copy(pool, this.pool, this.poolUsed);
      this.pool = pool;
      this.poolSize = size;
    }
    memory.copy(this.pool + this.poolUsed, s, n);
    const k = this.count++;
    const at = <usize>k << 2;
    store<u32>(this.hashes + at, longHash(s, s + n));
    store<u32>(this.starts + at, <u32>this.poolUsed);
    store<u32>(this.lengths + at, <u32>n);
    store<i32>(this.values + at, value);
    this.poolUsed += n;
    this.place(k);
  }

  private place(k: u32): void {
    const mask = this.mask;
    let i = load<u32>(this.hashes + (<usize>k << 2)) & mask;
    while (load<i32>(this.slots + (<usize>i << 2)) != 0) i = (i + 1) & mask;
    store<i32>(this.slots + (<usize>i << 2), <i32>k + 1);
  }

  /** Room for `capacity` long keys, the slots at most half full. */
  private resize(capacity: u32): void {
    const old = this.count;
    const bytes = <usize>capacity << 2;
    const hashes = heap.alloc(bytes);
    const starts = heap.alloc(bytes);
    const lengths = heap.alloc(bytes);
    const values = heap.alloc(bytes);
    if (old > 0) {
      const used = <usize>old << 2;
      memory.copy(hashes, this.hashes, used);
      memory.copy(starts, this.starts, used);
      memory.copy(lengths, this.lengths, used);
      memory.copy(values, this.values, used);
    }
    this.hashes = hashes;
    this.starts = starts;
    this.lengths = lengths;
    this.values = values;
    this.capacity = capacity;
    const slots = capacity * 2;
    this.slots = zeroed(<usize>slots << 2);
    this.mask = slots - 1;
    for (let k: u32 = 0; k < old; k++) this.place(k);
  }
}

function zeroed(size: usize): usize {
  const at = heap.alloc(size);
  memory.fill(at, 0, size);
  return at;
}

/** The `n` (at most 8) bytes at `s` as one little-endian word, the bytes past them zero. */
// @ts-ignore: decorator
@inline
function wordOf(s: usize, n: u32): u64 {
  return n == 0 ? 0 : load<u64>(s) & (<u64>-1 >> (<u64>(64 - (n << 3))));
}

/**
 * MurmurHash3's 64-bit finalizer, in part: every byte of the key moves the low bits the table
 * indexes by (a multiply alone only carries differences upward, and owner ids differ in their
 * last bytes, which are the word's highest).
 */
// @ts-ignore: decorator
@inline
function shortHash(key: u64, n: u32): u32 {
  let h = key ^ (<u64>n << 59);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  return <u32>h;
}

function longHash(s: usize, e: usize): u32 {
  let h: u32 = 0x811c9dc5 ^ <u32>(e - s);
  for (let p = s; p < e; p++) h = (h ^ <u32>load<u8>(p)) * 0x01000193;
  return h;
}

// The layout, set by `configure`.
let fields: i32 = 0;
let roles: usize = 0;
let which: usize = 0;
let decimals: i32 = 0;
let texts: i32 = 0;
let batch: i32 = 0;
const tables: ByteTable[] = [];

// The batch's columns, `batch` rows each.
let outDates: usize = 0;
let outOwners: usize = 0;
let outCurrency: usize = 0;
let outMantissa: usize = 0;
let outScale: usize = 0;
let outText: usize = 0;
let outIdStart: usize = 0;
let outIdEnd: usize = 0;
let outCancel: usize = 0;
let outEnd: usize = 0;
/** Per row: where its split parts start in the part columns, and how many (0: an owner's row). */
let outSplitFrom: usize = 0;
let outSplitCount: usize = 0;
/** Split parts: payee, and percentage as mantissa and scale. */
let outPartPayee: usize = 0;
let outPartMantissa: usize = 0;
let outPartScale: usize = 0;
let partCapacity: i32 = 0;
let partsUsed: i32 = 0;
/** Rows of the batch with splits. */
let splitRows: i32 = 0;
/** The batch's ids one after the other, and where each row's ends (from `outIdBytes`). */
let outIdBytes: usize = 0;
let outIdBytesEnd: usize = 0;
let idUsed: usize = 0;
/** The first row of the batch whose id is not above the one before it (`batch` when none). */
let unordered: i32 = 0;
/** The length of every id of the batch, -1 when they differ. */
let idWidth: i32 = 0;

/** The ten bytes of the last date read as valid, and its day; at first `1970-01-01`, day 0. */
let lastDateHead: u64 = 0x2d31302d30373931;
let lastDateTail: u16 = 0x3130;
let lastDay: i32 = 0;

/** Where the last `read` stopped (a memory offset): just past its last record. */
let stop: i32 = 0;
/** The record the last `read` stopped at ran into `limit` (with more to come): it may be taken with more bytes. */
let ranOut = false;

export function alloc(size: usize): usize {
  return heap.alloc(size);
}

/**
 * Room for `size` bytes of the file (and the two words an id or key read may load past them),
 * with as much for the ids of a batch, which are copied out of them: where to put the bytes.
 */
export function inputBuffer(size: usize): usize {
  outIdBytes = heap.alloc(size + ID_SLACK);
  return heap.alloc(size + ID_SLACK);
}

/** Bytes past the input and the ids that an id's copy may read or write. */
const ID_SLACK: usize = 16;

/**
 * The file's layout: `fieldCount` fields whose roles and indexes (see R_*) are at `rolesAt` and
 * `whichAt`, `decimalCount` decimal columns (amount, quantity, margin, summed attributes),
 * `textCount` filtered text columns, and up to `batchRows` rows per `read`. Tables: 0 for
 * currencies, 1 for owners, 2 + i for text column i.
 */
export function configure(fieldCount: i32, rolesAt: usize, whichAt: usize, decimalCount: i32, textCount: i32, batchRows: i32): void {
  fields = fieldCount;
  roles = rolesAt;
  which = whichAt;
  decimals = decimalCount;
  texts = textCount;
  batch = batchRows;
  for (let i = 0; i < 2 + textCount; i++) tables.push(new ByteTable());
  const rows = <usize>batchRows;
  outDates = heap.alloc(rows << 2);
  outOwners = heap.alloc(rows << 2);
  outCurrency = heap.alloc(rows << 1);
  outMantissa = heap.alloc((rows * <usize>decimalCount) << 3);
  outScale = heap.alloc((rows * <usize>decimalCount) << 1);
  outText = heap.alloc((rows * <usize>max(textCount, 1)) << 2);
  outIdStart = heap.alloc(rows << 2);
  outIdEnd = heap.alloc(rows << 2);
  outCancel = heap.alloc(rows << 2);
  outEnd = heap.alloc(rows << 2);
  outSplitFrom = heap.alloc(rows << 2);
  outSplitCount = heap.alloc(rows << 2);
  partCapacity = batchRows * 2 + MAX_SPLIT_PARTS;
  const parts = <usize>partCapacity;
  outPartPayee = heap.alloc(parts << 2);
  outPartMantissa = heap.alloc(parts << 3);
  outPartScale = heap.alloc(parts << 1);
  outIdBytesEnd = heap.alloc(rows << 2);
}

/** Table `table` maps the `length` bytes at `key` to `value` (a key told again keeps its value). */
export function tell(table: i32, key: usize, length: usize, value: i32): void {
  const t = tables[table];
  t.find(key, key + length);
  if (!t.found) t.add(key, length, value);
}

/**
 * `tell` for `count` keys at once: key i is the bytes at `keys` from `ends[i - 1]` (0 for the
 * first) to `ends[i]`, its value `values[i]`.
 */
export function tellAll(table: i32, keys: usize, ends: usize, values: usize, count: i32): void {
  let start: usize = keys;
  for (let i = 0; i < count; i++) {
    const end = keys + <usize>load<u32>(ends + (<usize>i << 2));
    tell(table, start, end - start, load<i32>(values + (<usize>i << 2)));
    start = end;
  }
}

export function dates(): usize { return outDates; }
export function owners(): usize { return outOwners; }
export function currency(): usize { return outCurrency; }
export function mantissas(): usize { return outMantissa; }
export function scales(): usize { return outScale; }
export function textCodes(): usize { return outText; }
export function idStarts(): usize { return outIdStart; }
export function idEnds(): usize { return outIdEnd; }
export function cancelDays(): usize { return outCancel; }
export function stopped(): i32 { return stop; }
export function stoppedShort(): bool { return ranOut; }
export function recordEnds(): usize { return outEnd; }
export function splitFrom(): usize { return outSplitFrom; }
export function splitCount(): usize { return outSplitCount; }
export function partPayees(): usize { return outPartPayee; }
export function partMantissas(): usize { return outPartMantissa; }
export function partScales(): usize { return outPartScale; }
export function splitRowCount(): i32 { return splitRows; }
export function idBytes(): usize { return outIdBytes; }
export function idBytesEnds(): usize { return outIdBytesEnd; }
export function firstUnordered(): i32 { return unordered; }
export function sameIdWidth(): i32 { return idWidth; }

/**
 * Reads records from byte `from` of `input` until one it cannot take, `limit` (where the bytes
 * end; `atEnd` when the file ends there too) or `maxRows` rows; returns how many it took, and
 * `stopped()` is where the next record starts. Offsets are from `input`.
 */
export function read(input: usize, from: i32, limit: i32, atEnd: bool, maxRows: i32): i32 {
  const end = input + <usize>limit;
  const rows = min(maxRows, batch);
  let p = input + <usize>from;
  let row = 0;
  idUsed = 0;
  unordered = batch;
  idWidth = -2;
  partsUsed = 0;
  splitRows = 0;
  const currencies = tables[0];
  const ownerTable = tables[1];
  // Room for a whole split cell's parts is left before each record.
  while (row < rows && partsUsed <= partCapacity - MAX_SPLIT_PARTS) {
    const taken = record(p, end, atEnd, row, currencies, ownerTable);
    if (taken == 0) break;
    p = taken;
    row++;
  }
  stop = <i32>p;
  return row;
}

/**
 * Reads the record at `start` as batch row `row`, writing its columns as it goes (a record not
 * taken leaves them to be overwritten): just past it, or 0 when it is not taken. Numbers are
 * parsed as they are scanned and dates read at their fixed width; whatever does not fit those
 * shapes (spaces, a sign without digits, `1e5`) is not taken, and the TypeScript reader decides.
 */
function record(start: usize, end: usize, atEnd: bool, row: i32, currencies: ByteTable, ownerTable: ByteTable): usize {
  let p = start;
  ranOut = p >= end;
  if (ranOut) return 0;
  const first = <u32>load<u8>(p);
  if (first == LF || first == CR) return 0;
  const rows = <usize>batch;
  const r4 = <usize>row << 2;
  let date: i32 = 0;
  let currencyIndex: i32 = 0;
  let idStart: usize = 0;
  let idEnd: usize = 0;
  let ownerGiven = false;
  let cancelled = false;
  let cancelStart: usize = 0;
  let cancelEnd: usize = 0;
  let parts: i32 = 0;
  const last = fields - 1;
  for (let f = 0; f < fields; f++) {
    let s = p;
    const r = load<u8>(roles + <usize>f);
    // The cell's value lies in [s, e): inside the quotes of a quoted cell.
    let e: usize = 0;
    if (p < end && <u32>load<u8>(p) == QUOTE) {
      // Quoted cells are taken where CRM exports put them, in columns only compared or ignored
      // (a customer's name with a comma, say), and only without a quote or line break inside.
      if (r != R_IGNORED && r != R_TEXT) return 0;
      s = p + 1;
      e = closingQuote(s, end);
      if (e == 0) return 0;
      p = e + 1;
    } else if (r == R_DATE) {
      // Ten bytes, then the delimiter (checked below); the digits themselves by dayOf.
      p += 10;
      if (p > end) {
        ranOut = true;
        return 0;
      }
      // Exports sorted by date repeat it record after record: the ten bytes of the last valid
      // date, as two words, give its day again without reading the digits.
      const head = load<u64>(s);
      const tail = load<u16>(s, 8);
      if (head == lastDateHead && tail == lastDateTail) date = lastDay;
      else {
        date = dayOf(s);
        if (date == NOT_CANCELLED) return 0;
        lastDateHead = head;
        lastDateTail = tail;
        lastDay = date;
      }
    } else if (r == R_AMOUNT || r == R_DECIMAL) {
      const k = r == R_AMOUNT ? 0 : load<i32>(which + (<usize>f << 2));
      p = decimal(s, end, k, <usize>k * rows + <usize>row);
      if (p == 0) return 0;
    } else {
      p = cellEnd(p, end);
      if (p == 0) return 0;
    }
    if (e == 0) e = p;
    if (f < last) {
      if (p >= end) {
        ranOut = true;
        return 0;
      }
      if (<u32>load<u8>(p) != COMMA) return 0;
      p++;
    } else if (p < end) {
      const b = <u32>load<u8>(p);
      if (b == LF) p++;
      else if (b == CR && p + 1 < end && <u32>load<u8>(p + 1) == LF) p += 2;
      else {
        // A CR that may be half of a CRLF.
        ranOut = b == CR && p + 1 == end && !atEnd;
        return 0;
      }
    } else if (!atEnd) {
      ranOut = true;
      return 0;
    }
    if (r <= R_AMOUNT || r == R_DECIMAL) {
      if (r == R_ID) {
        if (s == e || <u32>load<u8>(s) <= 0x20 || <u32>load<u8>(e - 1) <= 0x20) return 0;
        idStart = s;
        idEnd = e;
      }
      continue;
    }
    // Spaces at a cell's ends are trimmed by the TypeScript reader.
    if (s < e && (<u32>load<u8>(s) <= 0x20 || <u32>load<u8>(e - 1) <= 0x20)) return 0;
    switch (r) {
      case R_CURRENCY: {
        if (s == e) break;
        currencyIndex = currencies.find(s, e);
        if (!currencies.found || currencyIndex < 0) return 0;
        break;
      }
      case R_OWNER: {
        if (s == e) break;
        ownerGiven = true;
        const owner = ownerTable.find(s, e);
        if (!ownerTable.found || owner < 0) return 0;
        store<i32>(outOwners + r4, owner);
        break;
      }
      case R_SPLITS: {
        if (s == e) break;
        parts = splitParts(s, e, ownerTable);
        if (parts == 0) return 0;
        break;
      }
      case R_STATUS: {
        if (s == e) break;
        if (isWord(s, e, "won")) cancelled = false;
        else if (isWord(s, e, "cancelled")) cancelled = true;
        else return 0;
        break;
      }
      case R_CANCEL: {
        cancelStart = s;
        cancelEnd = e;
        break;
      }
      case R_TEXT: {
        const i = load<i32>(which + (<usize>f << 2));
        const t = unchecked(tables[2 + i]);
        const code = t.find(s, e);
        if (!t.found) return 0;
        store<i32>(outText + ((<usize>i * rows + <usize>row) << 2), code);
        break;
      }
      default:
        return 0;
    }
  }
  if (ownerGiven == (parts > 0)) return 0;
  if (!ownerGiven) store<i32>(outOwners + r4, -1);
  let cancelDay = NOT_CANCELLED;
  const hasCancelDate = cancelStart < cancelEnd;
  if (cancelled) {
    if (!hasCancelDate || cancelEnd - cancelStart != 10) return 0;
    cancelDay = dayOf(cancelStart);
    if (cancelDay == NOT_CANCELLED || cancelDay < date) return 0;
  } else if (hasCancelDate) return 0;

  store<i32>(outIdStart + r4, <i32>idStart);
  store<i32>(outIdEnd + r4, <i32>idEnd);
  keepId(row, idStart, idEnd);
  store<i32>(outDates + r4, date);
  store<u16>(outCurrency + (<usize>row << 1), <u16>currencyIndex);
  store<i32>(outCancel + r4, cancelDay);
  store<i32>(outEnd + r4, <i32>p);
  store<i32>(outSplitFrom + r4, partsUsed);
  store<i32>(outSplitCount + r4, parts);
  if (parts > 0) splitRows++;
  partsUsed += parts;
  return p;
}

/**
 * The split cell `[s, e)` (`payee:percentage;…`, as transactions.ts parseSplits reads it) into
 * the part columns from `partsUsed`: how many parts, or 0 when it is not taken. Taken only when
 * plainly valid: no space, no empty part, known payees each once, positive percentages of at
 * most MAX_SPLIT_DIGITS digits and MAX_SPLIT_SCALE decimals that add up to exactly 100. The
 * payee is what follows the last colon of a part, as there.
 */
function splitParts(s: usize, e: usize, ownerTable: ByteTable): i32 {
  let count: i32 = 0;
  let total: i64 = 0;
  let partStart = s;
  while (partStart <= e) {
    if (count == MAX_SPLIT_PARTS) return 0;
    let partEnd = partStart;
    let colon: usize = 0;
    while (partEnd < e) {
      const b = <u32>load<u8>(partEnd);
      if (b == SEMICOLON) break;
      if (b <= 0x20) return 0;
      if (b == COLON) colon = partEnd;
      partEnd++;
    }
    if (colon <= partStart) return 0;
    // The percentage: digits, then a point and digits.
    let p = colon + 1;
    let m: i64 = 0;
    let digits: i32 = 0;
    let scale: i32 = -1;
    for (; p < partEnd; p++) {
      const b = <u32>load<u8>(p);
      if (b == 0x2e && scale < 0 && p > colon + 1) {
        scale = 0;
        continue;
      }
      const d = b - 48;
      if (d > 9) return 0;
      m = m * 10 + <i64>d;
      if (m != 0) digits++;
      if (scale >= 0) scale++;
    }
    if (p == colon + 1 || scale == 0 || m == 0 || digits > MAX_SPLIT_DIGITS || scale > MAX_SPLIT_SCALE) return 0;
    if (scale < 0) scale = 0;
    const payee = ownerTable.find(partStart, colon);
    if (!ownerTable.found || payee < 0) return 0;
    const at = <usize>(partsUsed + count);
    for (let k: i32 = 0; k < count; k++) {
      if (load<i32>(outPartPayee + ((<usize>(partsUsed + k)) << 2)) == payee) return 0;
    }
    store<i32>(outPartPayee + (at << 2), payee);
    store<f64>(outPartMantissa + (at << 3), <f64>m);
    store<u16>(outPartScale + (at << 1), <u16>scale);
    total += m * <i64>pow10(MAX_SPLIT_SCALE - scale);
    count++;
    partStart = partEnd + 1;
  }
  return total == HUNDRED_PERCENT ? count : 0;
}

// @ts-ignore: decorator
@inline
function pow10(n: i32): i32 {
  let x: i32 = 1;
  for (let i = 0; i < n; i++) x *= 10;
  return x;
}

/** Copies the id of row `row` (bytes `[s, e)`) after the batch's others, noting whether ids ascend. */
// @ts-ignore: decorator
@inline
function keepId(row: i32, s: usize, e: usize): void {
  const n = e - s;
  const at = outIdBytes + idUsed;
  // Most ids are short: two words moved beat a call out of the module (the input and the ids
  // leave sixteen bytes of room past their ends).
  if (n <= 16) {
    store<u64>(at, load<u64>(s));
    store<u64>(at, load<u64>(s, 8), 8);
  } else memory.copy(at, s, n);
  if (row > 0 && unordered == batch) {
    // As IdRows compares: the first byte that differs, else the shorter first. Ids of at most
    // eight bytes compare as big-endian words, the bytes past them zero.
    const before = row == 1 ? outIdBytes : outIdBytes + <usize>load<i32>(outIdBytesEnd + (<usize>(row - 2) << 2));
    const m = at - before;
    let order: i32;
    if (m <= 8 && n <= 8) {
      const a = bswap<u64>(wordOf(before, <u32>m));
      const b = bswap<u64>(wordOf(at, <u32>n));
      order = a < b ? -1 : a > b ? 1 : 0;
    } else order = memory.compare(before, at, min(m, n));
    if (order > 0 || (order == 0 && m >= n)) unordered = row;
  }
  idWidth = idWidth == -2 || idWidth == <i32>n ? <i32>n : -1;
  idUsed += n;
  store<i32>(outIdBytesEnd + (<usize>row << 2), <i32>idUsed);
}

/**
 * The first quote from `start`: the closing quote of a quoted cell whose value starts there when
 * a delimiter follows it (a doubled quote is not, and the record is then the TypeScript
 * reader's); 0 at a line break, or with `ranOut` when the bytes end first.
 */
function closingQuote(start: usize, end: usize): usize {
  for (let p = start; p < end; p++) {
    const b = <u32>load<u8>(p);
    if (b == QUOTE) return p;
    if (b == LF || b == CR) return 0;
  }
  ranOut = true;
  return 0;
}

/**
 * Where the cell at `start` ends (its comma or line break, or `end`), or 0 at a quote. Eight
 * bytes at a time: a word with no byte below the comma (most of a cell) is skipped whole, else
 * the first such byte is found with one count of trailing zeros. (Of each byte below 0x2d the
 * subtraction sets the top bit, which `~x` keeps; bytes above, ASCII or not, keep it clear, and
 * the borrows a flagged byte makes only reach later bytes.) The input leaves a word of room past
 * `end`.
 */
// @ts-ignore: decorator
@inline
function cellEnd(start: usize, end: usize): usize {
  let p = start;
  while (p < end) {
    const x = load<u64>(p);
    const low = (x - 0x2d2d2d2d2d2d2d2d) & ~x & 0x8080808080808080;
    if (low == 0) {
      p += 8;
      continue;
    }
    p += <usize>(ctz(low) >> 3);
    if (p >= end) break;
    const b = <u32>load<u8>(p);
    if (b == COMMA || b == LF || b == CR) return p;
    if (b == QUOTE) return 0;
    p++;
  }
  return end;
}

// @ts-ignore: decorator
@inline
function isWord(s: usize, e: usize, word: string): bool {
  const n = word.length;
  if (<i32>(e - s) != n) return false;
  for (let i = 0; i < n; i++) if (<i32>load<u8>(s + <usize>i) != word.charCodeAt(i)) return false;
  return true;
}

/**
 * The ten bytes at `s` as `YYYY-MM-DD`, days since 1970-01-01 (as days.ts dayFromBytes), or
 * NOT_CANCELLED when they are not a real date.
 */
// @ts-ignore: decorator
@inline
function dayOf(s: usize): i32 {
  if (<u32>load<u8>(s + 4) != 0x2d || <u32>load<u8>(s + 7) != 0x2d) return NOT_CANCELLED;
  const y0 = <u32>load<u8>(s) - 48;
  const y1 = <u32>load<u8>(s + 1) - 48;
  const y2 = <u32>load<u8>(s + 2) - 48;
  const y3 = <u32>load<u8>(s + 3) - 48;
  const m0 = <u32>load<u8>(s + 5) - 48;
  const m1 = <u32>load<u8>(s + 6) - 48;
  const d0 = <u32>load<u8>(s + 8) - 48;
  const d1 = <u32>load<u8>(s + 9) - 48;
  if ((<i32>(y0 > 9) | <i32>(y1 > 9) | <i32>(y2 > 9) | <i32>(y3 > 9) | <i32>(m0 > 9) | <i32>(m1 > 9) | <i32>(d0 > 9) | <i32>(d1 > 9)) != 0) {
    return NOT_CANCELLED;
  }
  const y = <i32>(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
  const m = <i32>(m0 * 10 + m1);
  const d = <i32>(d0 * 10 + d1);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NOT_CANCELLED;
  // Howard Hinnant's days_from_civil, as days.ts; years here are 0–9999, so `yy` is at least -1.
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// @ts-ignore: decorator
@inline
function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/**
 * The plain decimal at `start` (as scalars.ts decimalFromBytes reads one without spaces around
 * it), up to the first delimiter, into slot `at` of decimal column `k` (0 for the amount):
 * where it ends, or 0 when it is not one. An empty cell is the column's default (1 for quantity,
 * else 0), but for the amount, which is required.
 */
// @ts-ignore: decorator
@inline
function decimal(start: usize, end: usize, k: i32, at: usize): usize {
  let s = start;
  if (s < end) {
    const b = <u32>load<u8>(s);
    if (b == COMMA || b == LF || b == CR) {
      if (k == 0) return 0;
      store<f64>(outMantissa + (at << 3), k == 1 ? 1 : 0);
      store<u16>(outScale + (at << 1), 0);
      return s;
    }
  }
  const neg = s < end && <u32>load<u8>(s) == 0x2d;
  if (neg) s++;
  let p = s;
  let m: i64 = 0;
  let sig: i32 = 0;
  while (p < end) {
    const d = <u32>load<u8>(p) - 48;
    if (d > 9) break;
    // Leading zeros are not significant.
    if (sig != 0 || d != 0) {
      sig++;
      m = m * 10 + <i64>d;
    }
    p++;
  }
  const intDigits = <i32>(p - s);
  if (intDigits == 0) {
    // Cut by the end of the bytes copied, the number may go on.
    ranOut = p >= end;
    return 0;
  }
  let scale: i32 = 0;
  if (p < end && <u32>load<u8>(p) == 0x2e) {
    p++;
    const f = p;
    while (p < end) {
      const d = <u32>load<u8>(p) - 48;
      if (d > 9) break;
      if (sig != 0 || d != 0) {
        sig++;
        m = m * 10 + <i64>d;
      }
      p++;
    }
    scale = <i32>(p - f);
    if (scale == 0) {
      ranOut = p >= end;
      return 0;
    }
  }
  // Anything but a delimiter (or the end) after the digits is not a plain decimal here.
  if (p < end) {
    const b = <u32>load<u8>(p);
    if (b != COMMA && b != LF && b != CR) return 0;
  }
  if (intDigits + scale > MAX_DECIMAL_DIGITS || sig > MAX_SAFE_DIGITS) return 0;
  // `0 - m` as the TypeScript reader: "-0" gives +0.
  const mantissa = <f64>m;
  store<f64>(outMantissa + (at << 3), neg ? 0 - mantissa : mantissa);
  store<u16>(outScale + (at << 1), <u16>scale);
  return p;
}
