/** Characters that make a spreadsheet read a cell as a formula (or hide where it starts). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * A cell a spreadsheet will not run: text starting with = + - @, a tab or a carriage return
 * gets a leading single quote (OWASP's CSV-injection advice). Amounts are the one exception:
 * a plain decimal such as `-120.00` is a number to every spreadsheet, never a formula, and
 * payroll must read it as one.
 */
export function spreadsheetSafe(text: string, kind: 'text' | 'amount' = 'text'): string {
  if (kind === 'amount' && PLAIN_DECIMAL.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One RFC 4180 record, CRLF-terminated as the RFC says. */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}\r\n`;
}

/** The headers of a CSV download named `filename` (its characters other than letters, digits, `.`, `-` and `_` become `_`). */
export function csvDownload(filename: string): Record<string, string> {
  return { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"` };
}
