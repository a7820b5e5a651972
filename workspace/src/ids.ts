import type { CsvCursor } from './csv.js';

/**
 * Transaction ids kept as offsets into the file, with a byte-level hash set for uniqueness: a
 * million ids cost two Int32Arrays instead of a million strings and a million-entry Map. Text
 * is decoded only for the ids that appear in output.
 */
export class IdColumn {
  private starts: Int32Array = new Int32Array(1024);
  private ends: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(1024);
  /** Ids that had to be decoded (escaped quotes): row → text. */
  private readonly special = new Map<number, string>();
  private readonly specialRows = new Map<string, number>();
  /** Open addressing: row + 1, 0 for an empty slot. */
  private slots: Int32Array = new Int32Array(2048);
  private size = 0;
  private readonly span = new Int32Array(2);

  constructor(private readonly cursor: CsvCursor) {}

  /**
   * Records the id in field `column` of the cursor's current record as row `row`. Returns the
   * earlier row with the same id, -1 if it is new, or -2 when the id is empty.
   */
  add(row: number, column: number): number {
    if (row >= this.starts.length) this.growRows(row);
    const c = this.cursor;
    if (!c.span(column, this.span)) {
      const text = c.trimmed(column);
      if (text === '') return -2;
      this.special.set(row, text);
      const first = this.specialRows.get(text);
      if (first !== undefined) return first;
      this.specialRows.set(text, row);
      this.starts[row] = this.ends[row] = 0;
      return -1;
    }
    const s = this.span[0]!;
    const e = this.span[1]!;
    if (s === e) return -2;
    this.starts[row] = s;
    this.ends[row] = e;
    const bytes = this.cursor.bytesOfFile;
    let h = 0x811c9dc5;
    for (let p = s; p < e; p++) h = Math.imul(h ^ bytes[p]!, 0x01000193);
    this.hashes[row] = h;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const other = this.slots[i]! - 1;
      if (other < 0) {
        this.slots[i] = row + 1;
        if (++this.size * 2 > this.slots.length) this.rehash();
        return -1;
      }
      if (this.hashes[other] === h && sameBytes(bytes, s, e, this.starts[other]!, this.ends[other]!)) {
        return other;
      }
    }
  }

  get(row: number): string {
    return this.special.get(row) ?? this.cursor.slice(this.starts[row]!, this.ends[row]!);
  }

  private growRows(row: number): void {
    let n = this.starts.length * 2;
    while (n <= row) n *= 2;
    for (const key of ['starts', 'ends', 'hashes'] as const) {
      const next = new Int32Array(n);
      next.set(this[key]);
      this[key] = next;
    }
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      let i = this.hashes[entry - 1]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = entry;
    }
    this.slots = slots;
  }
}

function sameBytes(a: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) if (a[s1 + i] !== a[s2 + i]) return false;
  return true;
}
