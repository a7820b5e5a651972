import { CsvCursor } from '@prestasi/workspace';

/**
 * The rows of a CSV file the workspace loader has already accepted, as trimmed text by column
 * name ("" for an empty or absent cell). Only for the small files: transactions.csv is read
 * column by column (see transactions.ts).
 */
export function csvRows(bytes: Uint8Array | undefined): Record<string, string>[] {
  if (!bytes) return [];
  const cursor = new CsvCursor(bytes);
  const columns = columnIndex(cursor.header);
  const rows: Record<string, string>[] = [];
  while (cursor.next()) {
    const row: Record<string, string> = {};
    for (const [name, i] of columns) row[name] = cursor.trimmed(i);
    rows.push(row);
  }
  return rows;
}

/** Each named column's first index: the loader reads a repeated name from its first column. */
export function columnIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (name !== '' && !index.has(name)) index.set(name, i);
  });
  return index;
}

/** Text cell or NULL: the format's empty cell is a missing value. */
export function orNull(text: string | undefined): string | null {
  return text === undefined || text === '' ? null : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

function cell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One RFC 4180 line, `\n`-terminated; NULL is the empty cell. */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map((c) => cell(c ?? '')).join(',')}\n`;
}

const encoder = new TextEncoder();

/** A whole small CSV file. */
export function csvFile(header: readonly string[], rows: readonly (readonly (string | null)[])[]): Uint8Array {
  return encoder.encode(csvLine(header) + rows.map(csvLine).join(''));
}
