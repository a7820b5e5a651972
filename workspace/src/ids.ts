import { compareCodePoints, type IdColumn as EngineIdColumn } from '@prestasi/engine';

/**
 * The ids of a file's rows, copied out of the file as it is read (the file is read through a
 * window that is overwritten; see CsvCursor): the bytes of every id one after the other in
 * `bytes`. While every id has the same length (`t0000001`, `t0000002`, …) row `r`'s bytes are
 * `[r × width, (r + 1) × width)` and no offsets are kept; from the first id of another length
 * on, `ends[r]` is where row `r`'s end (its start is the end of the row before). A million ids
 * of eight bytes cost 8 MB instead of a million strings. Rows without an id, or whose id holds
 * doubled quotes (kept decoded in IdRows.special), have no bytes.
 */
export class IdArena {
  bytes: Uint8Array;
  /** The length of every id so far; -1 once they differ (then `ends` is used), -2 before the first. */
  private width = -2;
  private ends: Int32Array = new Int32Array(0);
  /** Rows there is room for. */
  capacity: number;

  constructor(rows: number, bytesPerRow: number) {
    this.capacity = Math.max(16, rows);
    this.bytes = new Uint8Array(Math.max(64, Math.ceil(rows * bytesPerRow)));
  }

  start(row: number): number {
    const w = this.width;
    if (w >= 0) return row * w;
    return row === 0 ? 0 : this.ends[row - 1]!;
  }

  end(row: number): number {
    const w = this.width;
    return w >= 0 ? (row + 1) * w : this.ends[row]!;
  }

  /** Row `row` (each row after the one before it) has the id in bytes `[s, e)` of `a`: where it now lies. */
  set(row: number, a: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const at = this.place(row, n);
    let bytes = this.bytes;
    if (at + n > bytes.length) bytes = this.grow(at + n);
    // Ids are short: a loop beats subarray() and set().
    if (n <= 32) for (let k = 0; k < n; k++) bytes[at + k] = a[s + k]!;
    else bytes.set(a.subarray(s, e), at);
    return at;
  }

  /**
   * Rows `row`, `row + 1`, … have ids `from` to `to` - 1 of a batch whose ids lie one after the
   * other in `bytes`, id i ending at `ends[i]` (and starting where the one before ends, the first
   * at 0); `width` is the length of every id of the batch, or -1. One copy for the whole run.
   */
  setRun(row: number, bytes: Uint8Array, ends: Int32Array, from: number, to: number, width: number): void {
    if (to <= from) return;
    const start = from === 0 ? 0 : ends[from - 1]!;
    const end = ends[to - 1]!;
    let at: number;
    if (width >= 0 && (this.width === width || this.width === -2)) {
      this.width = width;
      at = row * width;
    } else {
      at = this.place(row, ends[from]! - start);
      for (let i = from + 1; i < to; i++) this.place(row + i - from, ends[i]! - ends[i - 1]!);
    }
    if (at + end - start > this.bytes.length) this.grow(at + end - start);
    this.bytes.set(bytes.subarray(start, end), at);
  }

  /** Row `row` has no bytes. */
  setEmpty(row: number): void {
    this.place(row, 0);
  }

  /** The first `rows` rows of each arena, one arena after the other, as one arena. */
  static concat(parts: readonly { readonly arena: IdArena; readonly rows: number }[]): IdArena {
    const total = parts.reduce((n, p) => n + p.rows, 0);
    const sizes = parts.map((p) => (p.rows === 0 ? 0 : p.arena.end(p.rows - 1)));
    const out = new IdArena(total, 0);
    out.bytes = new Uint8Array(sizes.reduce((n, size) => n + size, 0));
    out.width = -1;
    out.ends = new Int32Array(out.capacity);
    let row = 0;
    let at = 0;
    parts.forEach(({ arena, rows }, i) => {
      out.bytes.set(arena.bytes.subarray(0, sizes[i]!), at);
      for (let r = 0; r < rows; r++) out.ends[row++] = at + arena.end(r);
      at += sizes[i]!;
    });
    return out;
  }

  /** Makes room for `rows` rows. */
  ensure(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = Math.max(rows, Math.ceil(this.capacity * 1.5));
    if (this.width === -1) {
      const ends = new Int32Array(this.capacity);
      ends.set(this.ends);
      this.ends = ends;
    }
  }

  /** Where row `row`'s `n` bytes go, noting its end. */
  private place(row: number, n: number): number {
    let w = this.width;
    if (w === -2) this.width = w = n;
    if (w === n) return row * w;
    if (w >= 0) {
      // The first id of another length: from here on, every row's end.
      const ends = new Int32Array(this.capacity);
      for (let r = 0; r < row; r++) ends[r] = (r + 1) * w;
      this.ends = ends;
      this.width = -1;
    }
    const at = row === 0 ? 0 : this.ends[row - 1]!;
    this.ends[row] = at + n;
    return at;
  }

  private grow(size: number): Uint8Array {
    const bytes = new Uint8Array(Math.max(this.bytes.length * 2, size));
    bytes.set(this.bytes);
    this.bytes = bytes;
    return bytes;
  }
}

/**
 * Transaction ids kept as bytes (see IdArena): text is decoded only for the ids that appear in
 * output. Rows whose id holds doubled quotes keep their decoded text in `special`.
 */
export class IdColumn implements EngineIdColumn {
  private readonly text: Buffer;

  constructor(
    readonly arena: IdArena,
    readonly special: ReadonlyMap<number, string>,
    readonly ascending: boolean,
  ) {
    const b = arena.bytes;
    this.text = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }

  get(row: number): string {
    if (this.special.size > 0) {
      const text = this.special.get(row);
      if (text !== undefined) return text;
    }
    return this.text.toString('utf8', this.arena.start(row), this.arena.end(row));
  }

  /** UTF-8's byte order is code point order: plain ids compare where they lie. */
  compare(a: number, b: number): number {
    if (this.special.size > 0 && (this.special.has(a) || this.special.has(b))) return compareCodePoints(this.get(a), this.get(b));
    const arena = this.arena;
    return compareBytes(arena.bytes, arena.start(a), arena.end(a), arena.start(b), arena.end(b));
  }
}

/**
 * Collects the ids of a file's rows and finds repeats. Ids are usually written in ascending
 * order (exports sorted by id), and ids that strictly ascend are all distinct, so while that
 * holds each id costs one comparison with the previous one; the first id out of order switches
 * to a hash set of every id so far. Ids that are plain byte spans and ids with doubled quotes
 * (compared by decoded text) are kept apart, as two different spellings.
 */
export class IdRows {
  readonly special = new Map<number, string>();
  private readonly specialRows = new Map<string, number>();
  /** True while every plain id so far is greater than the one before it. */
  sorted = true;
  /** Repeats among plain ids are still to be looked for (see the constructor). */
  unchecked = false;
  firstPlain = -1;
  lastPlain = -1;
  private hash: IdHash | undefined;
  /** Rows found to repeat an earlier id while sorted (never in the hash set). */
  private readonly repeats = new Set<number>();

  /**
   * How repeats are found. 'hash': each one as it comes (returning the first row with the id).
   * 'later': while ids ascend, as 'hash'; from the first one out of order on, not at all, and
   * `unchecked` says that `hasRepeat` must look at the whole column afterwards (sorting beats a
   * million-entry hash set). 'none': only `sorted` is tracked.
   */
  constructor(
    readonly arena: IdArena,
    private readonly check: 'hash' | 'later' | 'none',
  ) {}

  /** Makes room for row `row`. */
  ensure(row: number): void {
    this.arena.ensure(row + 1);
  }

  /**
   * Row `row` has the id in bytes `[s, e)` of `a` (not empty): the earlier row with that id, or
   * -1. Rows come in order; the same row may be added again (after a reader gave up on it).
   */
  add(row: number, a: Uint8Array, s: number, e: number): number {
    const arena = this.arena;
    const at = arena.set(row, a, s, e);
    const end = at + (e - s);
    if (this.hash !== undefined) return this.hash.add(row, at, end);
    if (!this.sorted) return -1;
    const last = this.lastPlain;
    if (last < 0) {
      this.firstPlain = this.lastPlain = row;
      return -1;
    }
    // The common case, ids in ascending order: compare with the last one, which lies just before.
    const bytes = arena.bytes;
    const ls = arena.start(last);
    const le = arena.end(last);
    let order = 0;
    const n = Math.min(le - ls, end - at);
    for (let k = 0; k < n; k++) {
      order = bytes[ls + k]! - bytes[at + k]!;
      if (order !== 0) break;
    }
    if (order === 0) order = le - ls - (end - at);
    if (order < 0) {
      this.lastPlain = row;
      return -1;
    }
    this.sorted = false;
    if (this.check === 'none') return -1;
    // Every id so far is below the last one, so only it can be equal.
    if (order === 0) {
      this.sorted = true;
      this.repeats.add(row);
      return last;
    }
    if (this.check === 'later') {
      this.unchecked = true;
      return -1;
    }
    // Out of order: from here on, a hash set of every plain id so far.
    const hash = new IdHash(arena);
    for (let r = this.firstPlain; r < row; r++) {
      const rs = arena.start(r);
      const re = arena.end(r);
      if (rs !== re && !this.repeated(r)) hash.add(r, rs, re);
    }
    this.hash = hash;
    return hash.add(row, at, end);
  }

  /**
   * As `add` for rows `row`, `row + 1`, … with ids `from` to `to` - 1 of a batch (see
   * IdArena.setRun), as far as that needs no comparison: while ids ascend with row `row - 1` the
   * last plain one, up to `ascendingTo` (the batch's ids from `from` to there are each above the
   * one before, the first above row `row - 1`'s); once ids went out of order without a hash set
   * ('later', 'none': nothing is looked at now), all of them. Returns the batch index it stopped
   * at, `from` when it added none.
   */
  addRun(row: number, bytes: Uint8Array, ends: Int32Array, from: number, ascendingTo: number, to: number, width: number): number {
    if (this.hash !== undefined) return from;
    let stop = to;
    if (this.sorted) {
      if (this.lastPlain !== row - 1) return from;
      stop = ascendingTo;
      this.lastPlain = row + (stop - from) - 1;
    }
    this.arena.setRun(row, bytes, ends, from, stop, width);
    return stop;
  }

  private repeated(row: number): boolean {
    return this.repeats.size > 0 && this.repeats.has(row);
  }

  /** Row `row` has an id with doubled quotes, decoded: the earlier row with that id, or -1. */
  addSpecial(row: number, text: string): number {
    this.arena.setEmpty(row);
    this.special.set(row, text);
    const first = this.specialRows.get(text);
    if (first !== undefined) return first;
    this.specialRows.set(text, row);
    return -1;
  }

  /** Row `row` has no id. */
  addEmpty(row: number): void {
    this.arena.setEmpty(row);
  }
}

/**
 * Open addressing over the ids of an arena. A slot holds the row (plus one; 0 is empty) and the
 * hash of its bytes side by side, so that a probe reads one place in memory, and bytes are
 * compared only when the hashes are equal.
 */
export class IdHash {
  private slots: Int32Array;
  private size = 0;

  constructor(private readonly arena: IdArena) {
    let n = 1024;
    while (n < arena.capacity * 2) n *= 2;
    this.slots = new Int32Array(n * 2);
  }

  /** Adds row `row` (arena bytes `[s, e)`), unless an earlier row has the same bytes: then that row. */
  add(row: number, s: number, e: number): number {
    const arena = this.arena;
    const bytes = arena.bytes;
    let h = 0x811c9dc5;
    for (let p = s; p < e; p++) h = Math.imul(h ^ bytes[p]!, 0x01000193);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const other = slots[i << 1]! - 1;
      if (other < 0) {
        slots[i << 1] = row + 1;
        slots[(i << 1) + 1] = h;
        if (++this.size * 2 > mask + 1) this.rehash();
        return -1;
      }
      if (slots[(i << 1) + 1] === h && sameBytes(bytes, s, e, arena.start(other), arena.end(other))) return other;
    }
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      const entry = old[k]!;
      if (entry === 0) continue;
      const h = old[k + 1]!;
      let i = h & mask;
      while (slots[i << 1] !== 0) i = (i + 1) & mask;
      slots[i << 1] = entry;
      slots[(i << 1) + 1] = h;
    }
    this.slots = slots;
  }
}

/**
 * True when some two of rows `[0, count)` with a non-empty span have the same bytes. The rows
 * are sorted by a hash of their bytes (two passes of a radix sort, which walk memory in order
 * where a hash set of a million ids would miss the cache on every row), and only rows with
 * equal hashes are compared.
 */
export function hasRepeat(arena: IdArena, count: number): boolean {
  const bytes = arena.bytes;
  const hashes = new Uint32Array(count);
  const rows = new Int32Array(count);
  let n = 0;
  for (let r = 0; r < count; r++) {
    const s = arena.start(r);
    const e = arena.end(r);
    if (s === e) continue;
    let h = 0x811c9dc5;
    for (let p = s; p < e; p++) h = Math.imul(h ^ bytes[p]!, 0x01000193);
    hashes[n] = h >>> 0;
    rows[n] = r;
    n++;
  }
  const sortedHashes = new Uint32Array(n);
  const sortedRows = new Int32Array(n);
  const counts = new Int32Array(65537);
  // Low 16 bits into the sorted arrays, then high 16 bits back.
  for (let pass = 0; pass < 2; pass++) {
    const [fromH, fromR, toH, toR] = pass === 0 ? [hashes, rows, sortedHashes, sortedRows] : [sortedHashes, sortedRows, hashes, rows];
    const shift = pass * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((fromH[i]! >>> shift) & 0xffff) + 1]!++;
    for (let k = 0; k < 65536; k++) counts[k + 1]! += counts[k]!;
    for (let i = 0; i < n; i++) {
      const at = counts[(fromH[i]! >>> shift) & 0xffff]!++;
      toH[at] = fromH[i]!;
      toR[at] = fromR[i]!;
    }
  }
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && hashes[j] === hashes[i]) j++;
    for (let x = i; x < j; x++) {
      for (let y = x + 1; y < j; y++) {
        const a = rows[x]!;
        const b = rows[y]!;
        if (sameBytes(bytes, arena.start(a), arena.end(a), arena.start(b), arena.end(b))) return true;
      }
    }
    i = j;
  }
  return false;
}

/** Byte order of `[s1, e1)` and `[s2, e2)`, which for UTF-8 is code point order. */
export function compareBytes(a: Uint8Array, s1: number, e1: number, s2: number, e2: number): number {
  const n1 = e1 - s1;
  const n2 = e2 - s2;
  const n = n1 < n2 ? n1 : n2;
  for (let i = 0; i < n; i++) {
    const d = a[s1 + i]! - a[s2 + i]!;
    if (d !== 0) return d;
  }
  return n1 - n2;
}

function sameBytes(a: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) if (a[s1 + i] !== a[s2 + i]) return false;
  return true;
}
