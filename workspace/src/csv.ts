/**
 * RFC 4180 reader for workspace CSV files, built for million-row transaction files.
 *
 * The cursor walks the raw bytes once and only records where each field of the current record
 * starts and ends (in reusable typed arrays). Nothing is decoded until the caller asks for a
 * field, and numbers and dates are read straight from the bytes, so a record costs no
 * allocation unless the caller keeps text from it.
 *
 * A file on disk is read through a window of about 1 MB that is refilled as records are read, so
 * that a 50 MB file never sits in memory whole; bytes already in memory are one window. A record
 * cut by the window's end is read again once the window holds all of it (and the window grows
 * for a record longer than itself): records, lines and problems are the same either way.
 *
 * Problems (bad quoting, wrong field counts, invalid UTF-8, bad header) are collected, never
 * thrown: parsing goes on so that one run reports everything, and hostile input (binary, a
 * quote that never closes, one enormous record) stays linear in time and bounded in memory.
 */

import { isUtf8 } from 'node:buffer';
import type { ByteSource } from './byte-source.js';
import { dayFromBytes } from './days.js';
import { decimalFromBytes, isSpaceByte } from './scalars.js';
import type { DecimalOut } from './scalars.js';

export { civilFromDays, daysFromCivil, daysInMonth, formatDay, isLeapYear, parseDay } from './days.js';
export type { Civil } from './days.js';
export { MAX_DECIMAL_DIGITS, newDecimalOut, parseDecimal } from './scalars.js';
export type { DecimalOut } from './scalars.js';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** A structural problem; `line` is the 1-based physical line (the header is line 1). */
export class CsvError {
  readonly line: number;
  readonly message: string;
  constructor(line: number, message: string) {
    this.line = line;
    this.message = message;
  }
  toString(): string {
    return `${this.line}: ${this.message}`;
  }
}

/**
 * Once a record already has the wrong number of fields, fields past the header's count plus
 * this slack are counted but not stored, so one record of a million commas cannot make the
 * offset arrays several times larger than the file.
 */
const EXTRA_FIELDS_KEPT = 64;

/**
 * `Buffer#utf8Slice` is what `toString('utf8', s, e)` calls after checking its arguments; calling
 * it directly is ~15% faster end to end on a million rows. It is not documented, so fall back
 * when a runtime lacks it.
 */
interface Utf8Slicer {
  utf8Slice?: (start: number, end: number) => string;
}
const hasUtf8Slice = typeof (Buffer.prototype as unknown as Utf8Slicer).utf8Slice === 'function';

/**
 * Problems kept per file. A 60 MB file of bad lines would otherwise hold tens of millions of
 * problem objects; past this many nobody reads them, and one more says the list was cut.
 */
export const CSV_MAX_PROBLEMS = 1000;

/** How a cursor reads a `ByteSource` (see the CsvCursor constructor). */
export interface CsvWindowOptions {
  /** Bytes of the window to start with (default 1 MiB); it grows only for a longer record. */
  readonly windowBytes?: number;
}

/** The window a file is read through: about 1 MB, a few per cent of a large transactions.csv. */
export const CSV_WINDOW_BYTES = 1 << 20;

/** Short values (codes, payee ids, currencies) are shared through a small cache. */
const CACHE_SLOTS = 4096;
const DATE_CACHE_SLOTS = 1024;
const EMPTY_BYTES = new Uint8Array(0);
const CACHE_MAX_BYTES = 32;

export class CsvCursor {
  readonly header: readonly string[];
  readonly problems: CsvError[] = [];

  /**
   * The window: bytes `[base, base + end)` of the file. Bytes in memory are one window of the
   * whole file, read in place; a `ByteSource` is read into one buffer that is refilled (see
   * `refill`) and grows only when a single record is longer than it.
   */
  private bytes: Uint8Array;
  private buf: Buffer;
  private readonly source: ByteSource | undefined;
  /** File offset of `bytes[0]`. */
  private base = 0;
  /** Bytes of the window that hold file content. */
  private end: number;
  /** The window reaches the end of the file: nothing more to read. */
  private eof: boolean;
  /** Window offset of the next byte to read. */
  private pos = 0;
  /** Fields a record should have: the header's count. */
  private readonly expected: number = 0;
  /** Physical line at `pos`. */
  private physLine = 1;
  private recordLine = 0;
  /** Window offset where the current record starts. */
  private recordStart = 0;
  private count = 0;
  /** Fields of the current record actually stored (≤ count, see EXTRA_FIELDS_KEPT). */
  private kept = 0;
  private fieldLimit = Number.MAX_SAFE_INTEGER;
  /** The current record ran into an unterminated quote; its field count means nothing. */
  private unterminated = false;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  /** 1 when the field was quoted and holds doubled quotes that text() must unescape. */
  private escaped = new Uint8Array(16);
  /**
   * Invalid UTF-8 is found as bytes enter the window (`checkUtf8`, up to file offset
   * `utf8Checked`), as file offsets in `badOffsets`; reading the record that holds one turns it
   * into its line in `utf8Lines` (`numberBadBytes`), and those are merged into `problems` in
   * line order as records are read.
   */
  private utf8Checked = 0;
  private readonly badOffsets: number[] = [];
  private badNext = 0;
  private readonly utf8Lines: number[] = [];
  private utf8Next = 0;
  /**
   * Problems of the record being read, held until it is known to lie whole in the window
   * (else it is read again after a refill) and the invalid UTF-8 before it is reported.
   */
  private readonly recordProblems: CsvError[] = [];
  /** Recently read dates: key of the digits (see `date`) → day. */
  private readonly dateKeys = new Int32Array(DATE_CACHE_SLOTS).fill(-1);
  private readonly dateDays = new Int32Array(DATE_CACHE_SLOTS);

  /** The string cache of `trimmed`, made on first use (a cursor over part of a file may never need it). */
  private cacheStrings: (string | undefined)[] | undefined;
  private cacheLengths: Uint8Array = EMPTY_BYTES;
  private cacheBytes: Uint8Array = EMPTY_BYTES;

  /**
   * A cursor over a whole file, header first: bytes in memory, read in place, or a
   * `ByteSource`, read through a window of `options.windowBytes`. Both give the same records,
   * lines and problems; offsets the cursor hands out (`position`, `span`, `fieldStarts`…) are
   * into `window`, valid until the next record is read.
   */
  constructor(input: Uint8Array | ByteSource, options: CsvWindowOptions = {}) {
    if (input instanceof Uint8Array) {
      // Offsets live in Int32Arrays; a file this size is far beyond the memory budget anyway.
      if (input.length > 0x7fffffff) throw new RangeError('CSV file larger than 2 GiB');
      this.source = undefined;
      this.bytes = input;
      this.end = input.length;
      this.eof = true;
      this.checkUtf8();
    } else {
      this.source = input;
      this.bytes = Buffer.allocUnsafe(Math.max(1, Math.min(options.windowBytes ?? CSV_WINDOW_BYTES, 0x40000000)));
      this.end = 0;
      this.eof = input.size === 0;
      // Enough for the byte order mark (a source may give fewer bytes than asked for).
      while (this.end < 3 && !this.eof) this.refill(0);
    }
    this.buf = bufferOf(this.bytes);
    const a = this.bytes;
    if (this.end >= 3 && a[0] === 0xef && a[1] === 0xbb && a[2] === 0xbf) this.pos = 3;

    if (!this.advance()) {
      this.header = [];
      this.flushUtf8(Number.MAX_SAFE_INTEGER);
      return;
    }
    const names: string[] = [];
    for (let i = 0; i < this.count; i++) names.push(this.decodeTrimmed(i));
    this.header = names;
    this.expected = names.length;
    this.checkHeader(names);
    this.fieldLimit = names.length + EXTRA_FIELDS_KEPT;
  }

  /**
   * True while invalid UTF-8 seen in the window is not yet reported: a reader that reads
   * records itself (see `skipRecord`) leaves them to `next`, which reports it in line order.
   */
  get utf8Pending(): boolean {
    return this.badNext < this.badOffsets.length || this.utf8Next < this.utf8Lines.length;
  }

  /** Window offset just past the current record. */
  get position(): number {
    return this.pos;
  }

  /** Physical line at `position`. */
  get physicalLine(): number {
    return this.physLine;
  }

  /** File offset of the window's first byte: a byte of the file keeps its file offset as the window moves. */
  get windowFileOffset(): number {
    return this.base;
  }

  /** Where the window's content ends; more may follow unless `atEnd`. */
  get limit(): number {
    return this.end;
  }

  /** The window holds the end of the file: a record that reaches `limit` is complete. */
  get atEnd(): boolean {
    return this.eof;
  }

  /** Bytes of the file from `position` to its end. */
  get remaining(): number {
    return (this.source ? this.source.size - this.base : this.end) - this.pos;
  }

  /**
   * For a reader that read a record itself (a plain one: no quotes, no problem, on one line that
   * starts at `position`): the record ends at `next`, just past its line break (or at the end),
   * began on line `line`, and `lineAfter` is the line at `next`. `line` then gives the record's
   * line; the fields of the cursor are not updated.
   */
  skipRecord(next: number, line: number, lineAfter: number): void {
    this.recordLine = line;
    this.pos = next;
    this.physLine = lineAfter;
  }

  /** Physical line where the current record starts. */
  get line(): number {
    return this.recordLine;
  }

  get fieldCount(): number {
    return this.count;
  }

  /** Moves to the next record; false at the end. Empty lines are skipped. */
  next(): boolean {
    if (!this.advance()) {
      this.flushUtf8(Number.MAX_SAFE_INTEGER);
      return false;
    }
    // The length test first, so that the message is only built when it will be kept.
    if (this.count !== this.expected && !this.unterminated && this.problems.length <= CSV_MAX_PROBLEMS) {
      this.report(this.recordLine, `expected ${this.expected} fields (as in the header), found ${this.count}`);
    }
    return true;
  }

  /** Field `i` decoded, quotes unescaped, not trimmed; "" when the record has no field `i`. */
  text(i: number): string {
    if (!(i >= 0 && i < this.kept)) return '';
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (s === e) return '';
    const t = this.decode(s, e);
    return this.escaped[i] === 0 ? t : t.replaceAll('""', '"');
  }

  /**
   * Field `i` without surrounding ASCII whitespace. Short values come from a small cache, so a
   * column of repeated codes (currency, type, owner) yields one shared string per distinct
   * value instead of one per row.
   */
  trimmed(i: number): string {
    if (!(i >= 0 && i < this.kept)) return '';
    if (this.escaped[i] !== 0) return this.decodeTrimmed(i);
    const a = this.bytes;
    let s = this.starts[i]!;
    let e = this.ends[i]!;
    while (s < e && isSpaceByte(a[s]!)) s++;
    while (e > s && isSpaceByte(a[e - 1]!)) e--;
    const n = e - s;
    if (n === 0) return '';
    if (n > CACHE_MAX_BYTES) return this.decode(s, e);
    let h = n;
    for (let p = s; p < e; p++) h = Math.imul(h ^ a[p]!, 0x01000193);
    const slot = (h >>> 0) % CACHE_SLOTS;
    if (this.cacheStrings === undefined) {
      this.cacheStrings = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
      this.cacheLengths = new Uint8Array(CACHE_SLOTS);
      this.cacheBytes = new Uint8Array(CACHE_SLOTS * CACHE_MAX_BYTES);
    }
    const cached = this.cacheStrings[slot];
    const base = slot * CACHE_MAX_BYTES;
    const cb = this.cacheBytes;
    if (cached !== undefined && this.cacheLengths[slot] === n) {
      let k = 0;
      while (k < n && cb[base + k] === a[s + k]) k++;
      if (k === n) return cached;
    }
    const t = this.decode(s, e);
    this.cacheStrings[slot] = t;
    this.cacheLengths[slot] = n;
    for (let k = 0; k < n; k++) cb[base + k] = a[s + k]!;
    return t;
  }

  /**
   * Where field `i` lies in the window, without surrounding whitespace: `out[0]`..`out[1]`,
   * valid until the next record. False when the field holds escaped quotes and only `trimmed()`
   * gives its text.
   */
  span(i: number, out: Int32Array): boolean {
    if (!(i >= 0 && i < this.kept) || this.escaped[i] !== 0) return false;
    const a = this.bytes;
    let s = this.starts[i]!;
    let e = this.ends[i]!;
    while (s < e && isSpaceByte(a[s]!)) s++;
    while (e > s && isSpaceByte(a[e - 1]!)) e--;
    out[0] = s;
    out[1] = e;
    return true;
  }

  /**
   * The current record's fields for callers that read many of them: field i lies in
   * `fieldStarts[i]`..`fieldEnds[i]` (untrimmed, inside the quotes), holds doubled quotes when
   * `fieldEscaped[i]` is 1, and exists when i < `fieldsKept`. The arrays are valid until `next`.
   */
  get fieldStarts(): Int32Array {
    return this.starts;
  }

  get fieldEnds(): Int32Array {
    return this.ends;
  }

  get fieldEscaped(): Uint8Array {
    return this.escaped;
  }

  get fieldsKept(): number {
    return this.kept;
  }

  /** The window's bytes, which offsets from `span`, `position` and the field arrays index. */
  get window(): Uint8Array {
    return this.bytes;
  }

  /** Text of bytes `[start, end)` of the window (see `span`). */
  slice(start: number, end: number): string {
    return this.decode(start, end);
  }

  /** True when field `i` is missing, empty or only whitespace: an absent value. */
  isEmpty(i: number): boolean {
    if (!(i >= 0 && i < this.kept)) return true;
    const a = this.bytes;
    const e = this.ends[i]!;
    for (let p = this.starts[i]!; p < e; p++) if (!isSpaceByte(a[p]!)) return false;
    return true;
  }

  /** Reads field `i` as a plain decimal (see scalars.ts); false when it is not one or empty. */
  decimal(i: number, out: DecimalOut): boolean {
    if (!(i >= 0 && i < this.kept) || this.escaped[i] !== 0) return false;
    return decimalFromBytes(this.bytes, this.starts[i]!, this.ends[i]!, out);
  }

  /** Field `i` as `YYYY-MM-DD` → days since 1970-01-01; NaN when invalid or empty. */
  date(i: number): number {
    if (!(i >= 0 && i < this.kept) || this.escaped[i] !== 0) return Number.NaN;
    return this.dateAt(this.starts[i]!, this.ends[i]!);
  }

  /** Bytes `[s, e)` of the file as a date (as `date` reads a field). */
  dateAt(s: number, e: number): number {
    if (e - s === 10) {
      const a = this.bytes;
      const y = a[s]! * 1000 + a[s + 1]! * 100 + a[s + 2]! * 10 + a[s + 3]! - 53328;
      const m = a[s + 5]! * 10 + a[s + 6]! - 528;
      const d = a[s + 8]! * 10 + a[s + 9]! - 528;
      const key = y * 10000 + m * 100 + d;
      const slot = key & (DATE_CACHE_SLOTS - 1);
      if (this.dateKeys[slot] === key && a[s + 4] === 0x2d && a[s + 7] === 0x2d && this.dateBytesOk(a, s)) return this.dateDays[slot]!;
      const day = dayFromBytes(a, s, e);
      if (day === day) {
        this.dateKeys[slot] = key;
        this.dateDays[slot] = day;
      }
      return day;
    }
    return dayFromBytes(this.bytes, s, e);
  }

  /** Every byte of `YYYY?MM?DD` at `s` is a digit where a digit belongs. */
  private dateBytesOk(a: Uint8Array, s: number): boolean {
    return (
      (a[s]! - 48) >>> 0 <= 9 &&
      (a[s + 1]! - 48) >>> 0 <= 9 &&
      (a[s + 2]! - 48) >>> 0 <= 9 &&
      (a[s + 3]! - 48) >>> 0 <= 9 &&
      (a[s + 5]! - 48) >>> 0 <= 9 &&
      (a[s + 6]! - 48) >>> 0 <= 9 &&
      (a[s + 8]! - 48) >>> 0 <= 9 &&
      (a[s + 9]! - 48) >>> 0 <= 9
    );
  }

  private decode(s: number, e: number): string {
    return hasUtf8Slice
      ? (this.buf as unknown as Required<Utf8Slicer>).utf8Slice(s, e)
      : this.buf.toString('utf8', s, e);
  }

  private decodeTrimmed(i: number): string {
    if (!(i >= 0 && i < this.kept)) return '';
    const a = this.bytes;
    let s = this.starts[i]!;
    let e = this.ends[i]!;
    while (s < e && isSpaceByte(a[s]!)) s++;
    while (e > s && isSpaceByte(a[e - 1]!)) e--;
    if (s === e) return '';
    const t = this.decode(s, e);
    return this.escaped[i] === 0 ? t : t.replaceAll('""', '"');
  }

  private checkHeader(names: readonly string[]): void {
    const line = this.recordLine;
    let empties = 0;
    let firstEmpty = 0;
    const seen = new Map<string, number>();
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (name === '') {
        if (empties++ === 0) firstEmpty = i + 1;
        continue;
      }
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    // An unnamed column cannot be referenced and usually means stray trailing commas: one
    // problem however many there are.
    if (empties > 0) {
      const more = empties > 1 ? ` and ${empties - 1} more` : '';
      this.report(line, `empty column name in column ${firstEmpty}${more}`);
    }
    // One problem per duplicated name, not per repetition, so the count stays small.
    for (const [name, n] of seen) {
      if (n > 1) this.report(line, `duplicate column "${name}"`);
    }
  }

  private report(line: number, message: string): void {
    const n = this.problems.length;
    if (n < CSV_MAX_PROBLEMS) this.problems.push(new CsvError(line, message));
    else if (n === CSV_MAX_PROBLEMS) {
      this.problems.push(new CsvError(line, `too many problems; only the first ${CSV_MAX_PROBLEMS} are listed`));
    }
  }

  /** A problem of the record being read (see `recordProblems`); more than the file keeps are dropped. */
  private hold(problem: CsvError): void {
    if (this.recordProblems.length <= CSV_MAX_PROBLEMS) this.recordProblems.push(problem);
  }

  private flushUtf8(upTo: number): void {
    const lines = this.utf8Lines;
    while (this.utf8Next < lines.length && lines[this.utf8Next]! <= upTo) {
      this.report(lines[this.utf8Next]!, 'invalid UTF-8');
      this.utf8Next++;
    }
  }

  /**
   * Skips empty lines and reads one record; false when only empty lines were left. A record is
   * only taken once it lies whole in the window with the byte after it (a CR may be half of a
   * CRLF); else the window is refilled from the record's start and the record read again.
   */
  private advance(): boolean {
    let pos = this.pos;
    let line = this.physLine;
    for (;;) {
      const a = this.bytes;
      const len = this.end;
      while (pos < len) {
        const b = a[pos]!;
        if (b === LF) {
          pos++;
          line++;
        } else if (b === CR) {
          if (pos + 1 >= len && !this.eof) break;
          pos++;
          if (pos < len && a[pos] === LF) pos++;
          line++;
        } else {
          break;
        }
      }
      this.pos = pos;
      this.physLine = line;
      if (pos < len && a[pos] !== CR) {
        this.recordLine = line;
        if (this.readRecord()) break;
      } else if (this.eof) {
        this.count = 0;
        this.kept = 0;
        return false;
      }
      this.refill(pos);
      pos = this.pos;
    }
    if (this.badNext < this.badOffsets.length) this.numberBadBytes();
    if (this.utf8Next < this.utf8Lines.length) this.flushUtf8(this.recordLine);
    const held = this.recordProblems;
    for (let i = 0; i < held.length; i++) this.report(held[i]!.line, held[i]!.message);
    return true;
  }

  /**
   * Moves the window on, keeping its bytes from `keep` on (the record being read) at its start,
   * and reads more after them. The buffer is reused; it grows (doubles) only when the kept bytes
   * fill it, i.e. one record is longer than the window.
   */
  private refill(keep: number): void {
    const source = this.source!;
    // Bytes whose UTF-8 is not checked yet (the start of a character cut by the window's end) stay too.
    keep = Math.min(keep, this.utf8Checked - this.base);
    const kept = this.end - keep;
    let a = this.bytes;
    if (kept >= a.length) {
      const grown = Buffer.allocUnsafe(Math.min(a.length * 2, 0x7fffffff));
      grown.set(a.subarray(keep, this.end));
      this.bytes = a = grown;
      this.buf = grown;
    } else if (keep > 0) a.copyWithin(0, keep, this.end);
    this.base += keep;
    this.pos -= keep;
    this.end = kept;
    const n = source.read(this.base + kept, a, kept, a.length - kept);
    this.end += n;
    if (n === 0 || this.base + this.end >= source.size) this.eof = true;
    this.checkUtf8();
  }

  /**
   * Checks the UTF-8 of the window's bytes not checked yet, but for a character the window's end
   * may have cut (it is checked with the next window), and notes where invalid bytes are.
   * isUtf8 is native and SIMD-fast; the slow locator only runs where it fails.
   */
  private checkUtf8(): void {
    const a = this.bytes;
    const from = this.utf8Checked - this.base;
    const to = this.eof ? this.end : utf8CompleteEnd(a, from, this.end);
    if (to <= from) return;
    if (!isUtf8(a.subarray(from, to))) invalidUtf8Offsets(a, from, to, this.base, this.badOffsets);
    this.utf8Checked = this.base + to;
  }

  /** Gives the invalid bytes of the record just read (from `recordStart`) their lines. */
  private numberBadBytes(): void {
    const a = this.bytes;
    const bad = this.badOffsets;
    const lines = this.utf8Lines;
    const stop = this.base + this.pos;
    let k = this.badNext;
    let p = this.recordStart;
    let line = this.recordLine;
    while (k < bad.length && bad[k]! < stop) {
      const target = bad[k]! - this.base;
      // Line breaks as the record counts them: LF, CRLF, or a lone CR.
      for (; p < target; p++) {
        const b = a[p]!;
        if (b === LF || (b === CR && a[p + 1] !== LF)) line++;
      }
      if (lines.length === 0 || lines[lines.length - 1] !== line) lines.push(line);
      k++;
    }
    this.badNext = k;
  }

  /**
   * The hot loop. Locals mirror the fields so V8 keeps them in registers; the unquoted scan
   * tests `b > COMMA` first because every delimiter (`,` `"` CR LF) is at or below 0x2C while
   * letters and digits are above, so ordinary bytes cost one comparison.
   */
  private readRecord(): boolean {
    const a = this.bytes;
    const len = this.end;
    let pos = this.pos;
    let line = this.physLine;
    this.recordStart = pos;
    this.recordProblems.length = 0;
    let starts = this.starts;
    let ends = this.ends;
    let escaped = this.escaped;
    const limit = this.fieldLimit;
    let n = 0;
    let kept = 0;
    this.unterminated = false;
    for (;;) {
      let s = pos;
      let e: number;
      let esc = 0;
      if (pos < len && a[pos] === QUOTE) {
        const openLine = line;
        s = ++pos;
        for (;;) {
          if (pos >= len) {
            // Everything to the end of file is this field; one problem, no rescanning.
            this.hold(new CsvError(openLine, 'unterminated quoted field (the quote opened here never closes)'));
            e = len;
            this.unterminated = true;
            break;
          }
          const b = a[pos]!;
          if (b === QUOTE) {
            if (pos + 1 < len && a[pos + 1] === QUOTE) {
              esc = 1;
              pos += 2;
              continue;
            }
            e = pos;
            pos++;
            break;
          }
          if (b === LF || (b === CR && (pos + 1 >= len || a[pos + 1] !== LF))) line++;
          pos++;
        }
        if (pos < len) {
          const b = a[pos]!;
          if (b !== COMMA && b !== LF && b !== CR) {
            this.hold(new CsvError(line, 'unexpected character after a closing quote (write a quote inside a quoted field as "")'));
            while (pos < len) {
              const c = a[pos]!;
              if (c === COMMA || c === LF || c === CR) break;
              pos++;
            }
            // The value is wrong whatever we pick; keep the raw bytes, quotes included, so that
            // it is at least not silently a plausible value.
            s--;
            e = pos;
            esc = 0;
          }
        }
      } else {
        let stray = false;
        while (pos < len) {
          const b = a[pos]!;
          if (b > COMMA) {
            pos++;
            continue;
          }
          if (b === COMMA || b === LF || b === CR) break;
          if (b === QUOTE && !stray) {
            stray = true;
            this.hold(new CsvError(line, 'quote inside an unquoted field (quote the whole field and double the quote)'));
          }
          pos++;
        }
        e = pos;
      }
      if (n >= starts.length && n < limit) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
        escaped = this.escaped;
      }
      if (n < starts.length) {
        starts[n] = s;
        ends[n] = e;
        escaped[n] = esc;
        kept = n + 1;
      }
      n++;
      if (pos >= len) break;
      const d = a[pos]!;
      pos++;
      if (d === COMMA) continue;
      if (d === CR && pos < len && a[pos] === LF) pos++;
      line++;
      break;
    }
    // The record ran into the window's end (or ended with the window's last byte): read it again
    // from a refilled window.
    if (pos >= len && !this.eof) return false;
    this.pos = pos;
    this.physLine = line;
    this.count = n;
    this.kept = kept;
    return true;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const escaped = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

/** A view of `bytes` as a Buffer (for its fast UTF-8 decoding), sharing the memory. */
function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Physical lines (LF, CRLF or a lone CR end one) that hold bytes which are not well-formed
 * UTF-8: overlong forms, surrogates and code points above U+10FFFF count as invalid, as in the
 * WHATWG decoder and `isUtf8`. Each line is listed once however many bad bytes it has.
 */
export function invalidUtf8Lines(a: Uint8Array): number[] {
  const out: number[] = [];
  const len = a.length;
  let line = 1;
  let i = 0;
  while (i < len) {
    const b = a[i]!;
    if (b < 0x80) {
      if (b === LF || (b === CR && (i + 1 >= len || a[i + 1] !== LF))) line++;
      i++;
      continue;
    }
    const more = utf8Length(a, i, len) - 1;
    if (more > 0) {
      i += more + 1;
    } else {
      if (out.length === 0 || out[out.length - 1] !== line) out.push(line);
      // Resume at the next byte: it may start a valid sequence or be a line break.
      i++;
    }
  }
  return out;
}

/**
 * As `invalidUtf8Lines`, over bytes `[from, to)` of a window that starts at file offset `base`,
 * where lines are not known yet: the file offset of the first invalid byte after each line
 * break (or after `from`) is added to `out`. The scan moves as `invalidUtf8Lines` does, so
 * checking a file in pieces that end where a character may start (`utf8CompleteEnd`) finds
 * what checking it whole finds.
 */
export function invalidUtf8Offsets(a: Uint8Array, from: number, to: number, base: number, out: number[]): void {
  let fresh = true;
  let i = from;
  while (i < to) {
    const b = a[i]!;
    if (b < 0x80) {
      if (b === LF || b === CR) fresh = true;
      i++;
      continue;
    }
    const more = utf8Length(a, i, to) - 1;
    if (more > 0) {
      i += more + 1;
    } else {
      if (fresh) out.push(base + i);
      fresh = false;
      i++;
    }
  }
}

/**
 * Where to stop checking bytes `[from, to)` that more bytes follow: before a last character
 * whose bytes are not all there yet. Every byte that is not a continuation byte starts a step
 * of the scan (a valid sequence only takes continuation bytes after its first), so stopping
 * there and going on later scans exactly as the whole would.
 */
export function utf8CompleteEnd(a: Uint8Array, from: number, to: number): number {
  const stop = Math.max(from, to - 4);
  let q = to - 1;
  while (q >= stop && (a[q]! & 0xc0) === 0x80) q--;
  if (q < stop) return to;
  const b = a[q]!;
  if (b < 0x80) return to;
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
  return q + need <= to ? to : q;
}

/** Bytes of the well-formed UTF-8 sequence at `i` (a byte ≥ 0x80), all before `len`; 0 when invalid. */
function utf8Length(a: Uint8Array, i: number, len: number): number {
  const b = a[i]!;
  let more = 0;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) more = 1;
  else if (b === 0xe0) { more = 2; lo = 0xa0; }
  else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) more = 2;
  else if (b === 0xed) { more = 2; hi = 0x9f; }
  else if (b === 0xf0) { more = 3; lo = 0x90; }
  else if (b >= 0xf1 && b <= 0xf3) more = 3;
  else if (b === 0xf4) { more = 3; hi = 0x8f; }
  let ok = more > 0 && i + more < len;
  if (ok) {
    const c1 = a[i + 1]!;
    ok = c1 >= lo && c1 <= hi;
    for (let k = 2; ok && k <= more; k++) {
      const c = a[i + k]!;
      ok = c >= 0x80 && c <= 0xbf;
    }
  }
  return ok ? more + 1 : 0;
}
