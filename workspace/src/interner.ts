/**
 * Interns byte strings (cells of a CSV column) as small integer codes without decoding them:
 * a column of a million repeated values (owners, currencies, types) costs one hash and one
 * byte comparison per cell, and text is decoded once per distinct value.
 *
 * Codes are handed out in order of first appearance, and distinct codes always have distinct
 * text: two byte strings that decode to the same text (a quoted cell with doubled quotes, or
 * invalid UTF-8) share one code, as interning the decoded text would.
 */
/** Turns bytes of the interned file into text (a CSV cursor). */
export interface Decoder {
  slice(start: number, end: number): string;
}

export class ByteInterner {
  /** Text of each code. */
  readonly values: string[] = [];
  private readonly byText = new Map<string, number>();
  /** Open addressing over byte keys: code + 1, 0 for an empty slot. */
  private slots: Int32Array = new Int32Array(64);
  private keyCount = 0;
  private keyHash: Int32Array = new Int32Array(32);
  private keyStart: Int32Array = new Int32Array(32);
  private keyLength: Int32Array = new Int32Array(32);
  private keyCode: Int32Array = new Int32Array(32);
  private pool: Uint8Array = new Uint8Array(1024);
  /** Short keys: four fields per slot (w0, w1, length + 1 or 0 when empty, code). */
  private short: Int32Array = new Int32Array(64 * 4);
  private shortCount = 0;
  private poolUsed = 0;

  get size(): number {
    return this.values.length;
  }

  /**
   * The code of bytes `[s, e)` of `a`, whose text `decoder` gives (asked only when the bytes are
   * new). `isNew` is true when the call created the code.
   */
  intern(a: Uint8Array, s: number, e: number, decoder: Decoder): number {
    const found = this.find(a, s, e);
    if (found >= 0) {
      this.isNew = false;
      return found;
    }
    // `find` left where the bytes belong (see `miss`).
    const code = this.codeOf(decoder.slice(s, e));
    if (e - s <= 8) this.addShort(code);
    else this.addKey(a, s, e, this.miss.hash, code);
    return code;
  }

  /**
   * The code of bytes `[s, e)` of `a` when they were interned before, else -1; it changes
   * nothing in the table (a reader that may yet give up on a record looks values up with it).
   */
  find(a: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (n <= 8) return this.findShort(a, s, e);
    let h = 0x811c9dc5 ^ n;
    for (let p = s; p < e; p++) h = Math.imul(h ^ a[p]!, 0x01000193);
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = slots[i]! - 1;
      if (k < 0) break;
      if (this.keyHash[k] === h && this.keyLength[k] === n) {
        const pool = this.pool;
        const base = this.keyStart[k]! - s;
        let p = s;
        while (p < e && pool[base + p] === a[p]) p++;
        if (p === e) return this.keyCode[k]!;
      }
    }
    this.miss.hash = h;
    return -1;
  }

  /** What the last `find` that missed computed, for `intern` to insert without hashing again. */
  private readonly miss = { hash: 0, w0: 0, w1: 0, length: 0, slot: 0 };

  /**
   * Keys of up to 8 bytes (codes, currencies, most ids) are two packed integers and a length,
   * kept in the hash slots themselves: a lookup reads one cache line.
   */
  private findShort(a: Uint8Array, s: number, e: number): number {
    const n = e - s;
    let w0 = 0;
    let w1 = 0;
    let p = s;
    if (n >= 4) {
      w0 = a[s]! | (a[s + 1]! << 8) | (a[s + 2]! << 16) | (a[s + 3]! << 24);
      p = s + 4;
      for (; p < e; p++) w1 = (w1 << 8) | a[p]!;
    } else for (; p < e; p++) w0 = (w0 << 8) | a[p]!;
    let h = Math.imul(w0 ^ Math.imul(w1 ^ n, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    const table = this.short;
    const mask = (table.length >> 2) - 1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const at = i << 2;
      const length = table[at + 2]!;
      if (length === 0) break;
      if (table[at]! === w0 && table[at + 1]! === w1 && length === n + 1) return table[at + 3]!;
    }
    const miss = this.miss;
    miss.w0 = w0;
    miss.w1 = w1;
    miss.length = n;
    miss.slot = i;
    return -1;
  }

  /** Puts `code` where the last `findShort` missed. */
  private addShort(code: number): void {
    const { w0, w1, length, slot } = this.miss;
    const table = this.short;
    const at = slot << 2;
    table[at] = w0;
    table[at + 1] = w1;
    table[at + 2] = length + 1;
    table[at + 3] = code;
    if (++this.shortCount * 2 > (table.length >> 2)) this.growShort();
  }

  private growShort(): void {
    const old = this.short;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      const length = old[at + 2]!;
      if (length === 0) continue;
      const w0 = old[at]!;
      const w1 = old[at + 1]!;
      let h = Math.imul(w0 ^ Math.imul(w1 ^ (length - 1), 0x9e3779b1), 0x85ebca6b);
      h ^= h >>> 15;
      let i = h & mask;
      while (table[(i << 2) + 2] !== 0) i = (i + 1) & mask;
      // Four stores, not set(subarray()): a view object per key would cost more than the copy.
      const to = i << 2;
      table[to] = w0;
      table[to + 1] = w1;
      table[to + 2] = length;
      table[to + 3] = old[at + 3]!;
    }
    this.short = table;
  }

  /** The code of a text (a cell whose bytes are not its text, such as one with doubled quotes). */
  internText(text: string): number {
    return this.codeOf(text);
  }

  /** Set by the last `intern`/`internText`: whether it created a new code. */
  isNew = false;

  private codeOf(text: string): number {
    const known = this.byText.get(text);
    if (known !== undefined) {
      this.isNew = false;
      return known;
    }
    const code = this.values.length;
    this.values.push(text);
    this.byText.set(text, code);
    this.isNew = true;
    return code;
  }

  private addKey(a: Uint8Array, s: number, e: number, h: number, code: number): void {
    const n = e - s;
    if (this.keyCount === this.keyHash.length) {
      const size = this.keyCount * 2;
      this.keyHash = grown(this.keyHash, size);
      this.keyStart = grown(this.keyStart, size);
      this.keyLength = grown(this.keyLength, size);
      this.keyCode = grown(this.keyCode, size);
    }
    if (this.poolUsed + n > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + n));
      pool.set(this.pool.subarray(0, this.poolUsed));
      this.pool = pool;
    }
    this.pool.set(a.subarray(s, e), this.poolUsed);
    const k = this.keyCount++;
    this.keyHash[k] = h;
    this.keyStart[k] = this.poolUsed;
    this.keyLength[k] = n;
    this.keyCode[k] = code;
    this.poolUsed += n;
    if (this.keyCount * 2 > this.slots.length) this.rehash();
    else this.place(k);
  }

  private place(k: number): void {
    const mask = this.slots.length - 1;
    let i = this.keyHash[k]! & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = k + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let k = 0; k < this.keyCount; k++) this.place(k);
  }
}

function grown(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
