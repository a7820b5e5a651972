/**
 * RFC 4180 reader for workspace CSV files, built for million-row transaction files.
 *
 * The cursor walks the raw bytes once and only records where each field of the current record
 * starts and ends (in reusable typed arrays). Nothing is decoded until the caller asks for a
 * field, and numbers and dates are read straight from the bytes, so a record costs no
 * allocation unless the caller keeps text from it.
 *
 * Problems (bad quoting, wrong field counts, invalid UTF-8, bad header) are collected, never
 * thrown: parsing goes on so that one run reports everything, and hostile input (binary, a
 * quote that never closes, one enormous record) stays linear in time and bounded in memory.
 */

import { isUtf8 } from 'node:buffer';
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

/** Part of a file for a cursor that reads records only (see the CsvCursor constructor). */
export interface CsvRange {
  readonly start: number;
  readonly end: number;
  /** Fields each record should have (the header's count). */
  readonly fields: number;
  /** Physical line at `start`; 1 when left out. */
  readonly line?: number;
}

/** Short values (codes, payee ids, currencies) are shared through a small cache. */
const CACHE_SLOTS = 4096;
const DATE_CACHE_SLOTS = 1024;
const EMPTY_BYTES = new Uint8Array(0);
const CACHE_MAX_BYTES = 32;

export class CsvCursor {
  readonly header: readonly string[];
  readonly problems: CsvError[] = [];

  private readonly bytes: Uint8Array;
  private readonly buf: Buffer;
  private pos = 0;
  /** Where reading stops: the file's length, or the end of a range. */
  private readonly end: number;
  /** Fields a record should have: the header's count, or the range's. */
  private readonly expected: number = 0;
  /** Physical line at `pos`. */
  private physLine = 1;
  private recordLine = 0;
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
  /** Lines holding invalid UTF-8, merged into `problems` in line order as records are read. */
  private utf8Lines: number[] = [];
  /** Recently read dates: key of the digits (see `date`) → day. */
  private readonly dateKeys = new Int32Array(DATE_CACHE_SLOTS).fill(-1);
  private readonly dateDays = new Int32Array(DATE_CACHE_SLOTS);
  private utf8Next = 0;

  /** The string cache of `trimmed`, made on first use (a cursor over part of a file may never need it). */
  private cacheStrings: (string | undefined)[] | undefined;
  private cacheLengths: Uint8Array = EMPTY_BYTES;
  private cacheBytes: Uint8Array = EMPTY_BYTES;

  /**
   * A cursor over a whole file (header first), or, with `range`, over the records in bytes
   * `[range.start, range.end)` of a file whose header was read elsewhere: no header is parsed,
   * records are checked against `range.fields`, lines count from `range.line`, and UTF-8 is not
   * checked (the caller checked the whole file). Lets several readers take one file in parts.
   */
  constructor(bytes: Uint8Array, range?: CsvRange) {
    // Offsets live in Int32Arrays; a file this size is far beyond the memory budget anyway.
    if (bytes.length > 0x7fffffff) throw new RangeError('CSV file larger than 2 GiB');
    this.bytes = bytes;
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (range) {
      if (!(range.start >= 0 && range.start <= range.end && range.end <= bytes.length)) {
        throw new RangeError(`bad CSV range ${range.start}..${range.end} of ${bytes.length} bytes`);
      }
      this.pos = range.start;
      this.end = range.end;
      this.physLine = range.line ?? 1;
      this.header = [];
      this.expected = range.fields;
      this.fieldLimit = range.fields + EXTRA_FIELDS_KEPT;
      return;
    }
    this.end = bytes.length;
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
    // isUtf8 is native and SIMD-fast; the slow locator only runs on files that fail it.
    if (!isUtf8(bytes)) this.utf8Lines = invalidUtf8Lines(bytes);

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

  /** True when some line of the file is not valid UTF-8 (whole-file cursors only). */
  get hasInvalidUtf8(): boolean {
    return this.utf8Lines.length > 0;
  }

  /** Byte offset just past the current record (and, at the end, of the range). */
  get position(): number {
    return this.pos;
  }

  /** Physical line at `position`. */
  get physicalLine(): number {
    return this.physLine;
  }

  /** Where reading stops: the file's length, or the end of the range. */
  get limit(): number {
    return this.end;
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
   * Where field `i` lies in the file, without surrounding whitespace: `out[0]`..`out[1]`.
   * False when the field holds escaped quotes and only `trimmed()` gives its text. Lets a
   * caller keep a million ids as offsets into the file instead of a million strings.
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

  /** The file's bytes, for callers that keep offsets from `span`. */
  get bytesOfFile(): Uint8Array {
    return this.bytes;
  }

  /** Text of bytes `[start, end)` of the file (see `span`). */
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

  private flushUtf8(upTo: number): void {
    const lines = this.utf8Lines;
    while (this.utf8Next < lines.length && lines[this.utf8Next]! <= upTo) {
      this.report(lines[this.utf8Next]!, 'invalid UTF-8');
      this.utf8Next++;
    }
  }

  /** Skips empty lines and reads one record; false when only empty lines were left. */
  private advance(): boolean {
    const a = this.bytes;
    const len = this.end;
    let pos = this.pos;
    let line = this.physLine;
    while (pos < len) {
      const b = a[pos]!;
      if (b === LF) {
        pos++;
        line++;
      } else if (b === CR) {
        pos++;
        if (pos < len && a[pos] === LF) pos++;
        line++;
      } else {
        break;
      }
    }
    this.pos = pos;
    this.physLine = line;
    if (pos >= len) {
      this.count = 0;
      this.kept = 0;
      return false;
    }
    this.recordLine = line;
    if (this.utf8Next < this.utf8Lines.length) this.flushUtf8(line);
    this.readRecord();
    return true;
  }

  /**
   * The hot loop. Locals mirror the fields so V8 keeps them in registers; the unquoted scan
   * tests `b > COMMA` first because every delimiter (`,` `"` CR LF) is at or below 0x2C while
   * letters and digits are above, so ordinary bytes cost one comparison.
   */
  private readRecord(): void {
    const a = this.bytes;
    const len = this.end;
    let pos = this.pos;
    let line = this.physLine;
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
            this.report(openLine, 'unterminated quoted field (the quote opened here never closes)');
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
            this.report(line, 'unexpected character after a closing quote (write a quote inside a quoted field as "")');
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
            this.report(line, 'quote inside an unquoted field (quote the whole field and double the quote)');
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
    this.pos = pos;
    this.physLine = line;
    this.count = n;
    this.kept = kept;
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
    if (ok) {
      i += more + 1;
    } else {
      if (out.length === 0 || out[out.length - 1] !== line) out.push(line);
      // Resume at the next byte: it may start a valid sequence or be a line break.
      i++;
    }
  }
  return out;
}
