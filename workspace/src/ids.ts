import type { IdColumn as EngineIdColumn } from '@prestasi/engine';

/**
 * Transaction ids kept as offsets into the file: a million ids cost two Int32Arrays instead of
 * a million strings. Text is decoded only for the ids that appear in output. Rows whose id holds
 * doubled quotes keep their decoded text in `special`.
 */
export class IdColumn implements EngineIdColumn {
  constructor(
    private readonly decode: (start: number, end: number) => string,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly special: ReadonlyMap<number, string>,
  ) {}

  get(row: number): string {
    if (this.special.size > 0) {
      const text = this.special.get(row);
      if (text !== undefined) return text;
    }
    return this.decode(this.starts[row]!, this.ends[row]!);
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
  starts: Int32Array;
  ends: Int32Array;
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
    private readonly bytes: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    private readonly check: 'hash' | 'later' | 'none',
  ) {
    this.starts = starts;
    this.ends = ends;
  }

  /** Makes room for row `row`. */
  ensure(row: number): void {
    if (row < this.starts.length) return;
    const size = Math.max(row + 1, Math.ceil(this.starts.length * 1.5));
    this.starts = resized(this.starts, size);
    this.ends = resized(this.ends, size);
    this.hash?.rows(this.starts, this.ends);
  }

  /** Row `row` has the id in bytes `[s, e)` (not empty): the earlier row with that id, or -1. */
  add(row: number, s: number, e: number): number {
    this.starts[row] = s;
    this.ends[row] = e;
    if (this.hash) return this.hash.add(row, s, e);
    if (!this.sorted) return -1;
    const last = this.lastPlain;
    if (last < 0) {
      this.firstPlain = this.lastPlain = row;
      return -1;
    }
    const order = compareBytes(this.bytes, this.starts[last]!, this.ends[last]!, s, e);
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
    const hash = new IdHash(this.bytes, this.starts, this.ends);
    for (let r = this.firstPlain; r < row; r++) if (this.starts[r] !== this.ends[r] && !this.repeated(r)) hash.add(r, this.starts[r]!, this.ends[r]!);
    this.hash = hash;
    return hash.add(row, s, e);
  }

  private repeated(row: number): boolean {
    return this.repeats.size > 0 && this.repeats.has(row);
  }

  /** Row `row` has an id with doubled quotes, decoded: the earlier row with that id, or -1. */
  addSpecial(row: number, text: string): number {
    this.starts[row] = this.ends[row] = 0;
    this.special.set(row, text);
    const first = this.specialRows.get(text);
    if (first !== undefined) return first;
    this.specialRows.set(text, row);
    return -1;
  }

  /** Row `row` has no id. */
  addEmpty(row: number): void {
    this.starts[row] = this.ends[row] = 0;
  }
}

/**
 * Open addressing over byte spans of one file; each row's span is in `starts`/`ends`. A slot
 * holds the row (plus one; 0 is empty) and the hash of its bytes side by side, so that a probe
 * reads one place in memory, and bytes are compared only when the hashes are equal.
 */
export class IdHash {
  private slots: Int32Array;
  private size = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private starts: Int32Array,
    private ends: Int32Array,
  ) {
    let n = 1024;
    while (n < starts.length * 2) n *= 2;
    this.slots = new Int32Array(n * 2);
  }

  /** The row arrays were reallocated (grown). */
  rows(starts: Int32Array, ends: Int32Array): void {
    this.starts = starts;
    this.ends = ends;
  }

  /** Adds row `row` (bytes `[s, e)`), unless an earlier row has the same bytes: then that row. */
  add(row: number, s: number, e: number): number {
    const bytes = this.bytes;
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
      if (slots[(i << 1) + 1] === h && sameBytes(bytes, s, e, this.starts[other]!, this.ends[other]!)) return other;
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
export function hasRepeat(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, count: number): boolean {
  const hashes = new Uint32Array(count);
  const rows = new Int32Array(count);
  let n = 0;
  for (let r = 0; r < count; r++) {
    const s = starts[r]!;
    const e = ends[r]!;
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
        if (sameBytes(bytes, starts[a]!, ends[a]!, starts[b]!, ends[b]!)) return true;
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

function resized(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a.subarray(0, Math.min(a.length, size)));
  return b;
}
