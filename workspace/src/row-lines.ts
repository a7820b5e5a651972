/**
 * The physical line of each row of a file, to point problems found after reading at it. Kept as
 * the rows where `line - row` changes: a file of one-line records without empty lines is one
 * entry, where an Int32Array per row would be 4 MB of fresh memory per million rows (and first
 * touches of fresh memory are slow on the machines this runs on; see ByteSource). Each record
 * spans at least one line, so a file has at most as many entries as it has extra lines.
 */
export class RowLines {
  /** Rows where the shift changes, ascending, and the shift `line - row` from each on. */
  private rows = new Int32Array(8);
  private shifts = new Int32Array(8);
  private count = 0;

  /** Row `row` is on line `line`; rows are set in order (the last one may be set again). */
  set(row: number, line: number): void {
    const shift = line - row;
    const n = this.count;
    if (n > 0) {
      if (this.shifts[n - 1] === shift) return;
      if (this.rows[n - 1] === row) {
        this.shifts[n - 1] = shift;
        return;
      }
    }
    if (n === this.rows.length) {
      const rows = new Int32Array(n * 2);
      const shifts = new Int32Array(n * 2);
      rows.set(this.rows);
      shifts.set(this.shifts);
      this.rows = rows;
      this.shifts = shifts;
    }
    this.rows[n] = row;
    this.shifts[n] = shift;
    this.count = n + 1;
  }

  /** The line of row `row`; `undefined` before any row was set. */
  get(row: number): number | undefined {
    const rows = this.rows;
    let lo = 0;
    let hi = this.count - 1;
    if (hi < 0 || row < rows[0]!) return undefined;
    // The last entry at or before `row`.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (rows[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return row + this.shifts[lo]!;
  }

  /** The lines of rows 0, 1, … (tests, and readers that have them as a list). */
  static of(lines: ArrayLike<number>): RowLines {
    const out = new RowLines();
    for (let r = 0; r < lines.length; r++) out.set(r, lines[r]!);
    return out;
  }
}
