import type { ByteSource } from './byte-source.js';
import { CsvCursor, type CsvWindowOptions } from './csv.js';
import type { ProblemSink } from './problems.js';

/** A CSV file opened with its columns checked: `index(name)` is -1 for an absent column. */
export class Table {
  readonly cursor: CsvCursor;
  private readonly columns = new Map<string, number>();

  private constructor(
    bytes: Uint8Array | ByteSource,
    readonly sink: ProblemSink,
    options?: CsvWindowOptions,
  ) {
    this.cursor = new CsvCursor(bytes, options);
    this.cursor.header.forEach((name, i) => {
      if (!this.columns.has(name)) this.columns.set(name, i);
    });
  }

  /** Opens `bytes`, reporting missing required columns; `undefined` when the header is unusable. */
  static open(bytes: Uint8Array | ByteSource, sink: ProblemSink, required: readonly string[], options?: CsvWindowOptions): Table | undefined {
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
    const before = this.cursor.problems.length;
    const more = this.cursor.next();
    this.malformed = this.cursor.problems.length > before && this.cursor.problems.at(-1)!.line >= this.cursor.line;
    this.flushCsvProblems();
    return more;
  }

  /** Trimmed text of a column, `""` when absent. */
  text(column: number): string {
    return column < 0 ? '' : this.cursor.trimmed(column);
  }

  get line(): number {
    return this.cursor.line;
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
