import type { ByteSource } from './byte-source.js';
import { CsvCursor, type CsvWindowOptions } from './csv.js';
import type { ProblemSink } from './problems.js';
import { isSpaceByte } from './scalars.js';

export interface TableOptions extends CsvWindowOptions {
  /**
   * Records of a plain file in memory (no quote, valid UTF-8, every record as many fields as
   * the header) split from its text at once, by String.split, rather than read byte by byte by
   * the cursor (see PlainLines); any other file is read by the cursor, which says what is wrong.
   * For the small files (payees, assignments, quotas…), whose 10,000 rows the cursor reads
   * before V8 has optimized it.
   */
  readonly splitPlain?: boolean;
}

/** A CSV file opened with its columns checked: `index(name)` is -1 for an absent column. */
export class Table {
  readonly cursor: CsvCursor;
  private readonly columns = new Map<string, number>();

  /** The records after the header, when read as plain lines (see TableOptions.splitPlain). */
  private readonly plain: PlainLines | undefined;

  private constructor(
    bytes: Uint8Array | ByteSource,
    readonly sink: ProblemSink,
    options?: TableOptions,
  ) {
    this.cursor = new CsvCursor(bytes, options);
    this.cursor.header.forEach((name, i) => {
      if (!this.columns.has(name)) this.columns.set(name, i);
    });
    if (options?.splitPlain && bytes instanceof Uint8Array) this.plain = PlainLines.split(bytes, this.cursor);
  }

  /** Opens `bytes`, reporting missing required columns; `undefined` when the header is unusable. */
  static open(bytes: Uint8Array | ByteSource, sink: ProblemSink, required: readonly string[], options?: TableOptions): Table | undefined {
    const table = new Table(bytes, sink, options);
    if (table.cursor.header.length === 0) {
      table.flushCsvProblems();
      sink.error(1, 'the file is empty: a header row is required');
      return undefined;
    }
    const missing = required.filter((c) => !table.columns.has(c));
    for (const c of missing) sink.error(1, `missing required column "${c}"`);
    return missing.length > 0 ? undefined : table;
  }

  get header(): readonly string[] {
    return this.cursor.header;
  }

  index(name: string): number {
    return this.columns.get(name) ?? -1;
  }

  /**
   * True when the current record itself is malformed (bad quoting, wrong number of fields):
   * its cells are shifted or cut, so checking them would only add noise to the real problem.
   */
  malformed = false;

  /** Moves to the next record, passing on the reader's structural problems. */
  next(): boolean {
    if (this.plain) return this.plain.next();
    const before = this.cursor.problems.length;
    const more = this.cursor.next();
    this.malformed = this.cursor.problems.length > before && this.cursor.problems.at(-1)!.line >= this.cursor.line;
    this.flushCsvProblems();
    return more;
  }

  /** Trimmed text of a column, `""` when absent. */
  text(column: number): string {
    if (column < 0) return '';
    return this.plain ? this.plain.text(column) : this.cursor.trimmed(column);
  }

  get line(): number {
    return this.plain ? this.plain.line : this.cursor.line;
  }

  private reported = 0;
  private flushCsvProblems(): void {
    const problems = this.cursor.problems;
    for (; this.reported < problems.length; this.reported++) {
      const p = problems[this.reported]!;
      this.sink.error(p.line, p.message);
    }
  }
}

/**
 * The records of a plain file after its header, split from its text: lines at LF, CRLF or CR
 * (empty ones skipped but counted, as the cursor counts them), fields at commas, each trimmed of
 * the bytes the cursor trims. `split` gives `undefined` for any file this would not read as the
 * cursor does: a quote, invalid UTF-8, a problem in the header, a record of another field count.
 */
class PlainLines {
  private at = -1;
  private fields: string[] = [];

  private constructor(
    private readonly lines: readonly string[],
    /** Physical line of `lines[0]`. */
    private readonly firstLine: number,
  ) {}

  static split(bytes: Uint8Array, cursor: CsvCursor): PlainLines | undefined {
    if (cursor.problems.length > 0 || cursor.utf8Pending || bytes.length > PLAIN_MAX_BYTES) return undefined;
    const rest = bytes.subarray(cursor.position);
    if (rest.indexOf(QUOTE) >= 0) return undefined;
    const lines = Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength).toString('utf8').split(LINE_BREAK);
    const expected = cursor.header.length;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line !== '' && fieldCount(line) !== expected) return undefined;
    }
    return new PlainLines(lines, cursor.physicalLine);
  }

  next(): boolean {
    const lines = this.lines;
    let i = this.at + 1;
    while (i < lines.length && lines[i] === '') i++;
    this.at = i;
    if (i >= lines.length) {
      this.fields = [];
      return false;
    }
    this.fields = lines[i]!.split(',');
    return true;
  }

  text(column: number): string {
    const field = this.fields[column];
    return field === undefined ? '' : trimSpaceBytes(field);
  }

  get line(): number {
    return this.firstLine + this.at;
  }
}

/** Above this a file is read by the cursor, a window at a time, rather than held as lines. */
const PLAIN_MAX_BYTES = 64 << 20;
const QUOTE = 0x22;
const LINE_BREAK = /\r\n|\r|\n/;

function fieldCount(line: string): number {
  let n = 1;
  for (let at = line.indexOf(','); at >= 0; at = line.indexOf(',', at + 1)) n++;
  return n;
}

/** `text` without the characters the cursor trims from a field's ends (space, tab, LF, VT, FF, CR). */
function trimSpaceBytes(text: string): string {
  const n = text.length;
  if (n === 0 || (!isSpaceByte(text.charCodeAt(0)) && !isSpaceByte(text.charCodeAt(n - 1)))) return text;
  let s = 0;
  let e = n;
  while (s < e && isSpaceByte(text.charCodeAt(s))) s++;
  while (e > s && isSpaceByte(text.charCodeAt(e - 1))) e--;
  return text.slice(s, e);
}
