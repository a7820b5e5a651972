import { isCurrencyCode } from '@prestasi/engine';

/** The workspace format's limit on digits in one number. */
const MAX_DIGITS = 1000;

export type DecimalSeparator = '.' | ',';

export type AmountParse =
  | { readonly ok: true; readonly value: string; readonly currency: string | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * Symbols that mark an amount without naming its currency ("$" is the dollar of a dozen
 * countries, "RM" is how Malaysia writes MYR): they are accepted and dropped, and the currency
 * comes from the currency column or the mapping instead. A three-letter ISO code in the cell
 * does name the currency.
 */
const LETTER_SYMBOLS = ['RM', 'Rp', 'Rs', 'kr', 'Kč', 'zł', 'Fr', 'Ft', 'lei', 'R'];
const SYMBOL = new RegExp(`^(?:[A-Z]{0,3}\\p{Sc}|${LETTER_SYMBOLS.map((s) => `${s}(?![A-Za-z])`).join('|')})`, 'u');
const SYMBOL_AT_END = new RegExp(`(?:\\p{Sc}|(?<![A-Za-z])(?:${LETTER_SYMBOLS.join('|')}))$`, 'u');
const CODE = /^[A-Za-z]{3}(?![A-Za-z])/;
const CODE_AT_END = /(?<![A-Za-z])[A-Za-z]{3}$/;
const SPACES = /[\u00a0\u2007\u2009\u202f]/g;
const PLAIN = /^-?(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0)(?:\.\d+)?$/;
const NEGATIVE_ZERO = /^-0(?:\.0+)?$/;

/**
 * Reads an amount as CRMs print it (`$1,234.50`, `USD 1,234.50`, `RM 12,000.00`, `(500.00)`,
 * `1.234,50 €` with a decimal comma) into the workspace's plain decimal text (`1234.50`),
 * digit by digit: the value never passes through a float, and the scale is kept as written.
 * Thousands separators must sit where they belong (groups of three, or the Indian 2-2-3),
 * so that `1,5` under a decimal point is refused rather than guessed.
 */
export function parseAmount(text: string, decimal: DecimalSeparator = '.'): AmountParse {
  // Most cells are plain (`12345.67`, `12,345.67`): read them without the general machinery below.
  if (decimal === '.' && text.length <= 64 && PLAIN.test(text)) {
    const value = text.includes(',') ? text.replaceAll(',', '') : text;
    return { ok: true, value: NEGATIVE_ZERO.test(value) ? value.slice(1) : value, currency: undefined };
  }
  let s = text.replace(SPACES, ' ').replaceAll('\u2212', '-').trim();
  if (s === '') return { ok: false, reason: 'it is empty' };
  let negative = false;
  let currency: string | undefined;
  const sign = (): boolean => {
    if (negative) return false;
    negative = true;
    return true;
  };
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // Sign and currency may come in either order at either end: -$1,000 · $-1,000 · 1.000,00 € · 1,000-
  for (let round = 0; round < 3; round++) {
    if (s.startsWith('-')) {
      if (!sign()) return { ok: false, reason: 'it has two minus signs' };
      s = s.slice(1).trimStart();
      continue;
    }
    const symbol = SYMBOL.exec(s);
    if (symbol !== null) {
      s = s.slice(symbol[0].length).trimStart();
      continue;
    }
    const code = CODE.exec(s);
    if (code === null || currency !== undefined) break;
    currency = code[0].toUpperCase();
    s = s.slice(3).trimStart();
  }
  for (let round = 0; round < 3; round++) {
    if (s.endsWith('-')) {
      if (!sign()) return { ok: false, reason: 'it has two minus signs' };
      s = s.slice(0, -1).trimEnd();
      continue;
    }
    const symbol = SYMBOL_AT_END.exec(s);
    if (symbol !== null) {
      s = s.slice(0, -symbol[0].length).trimEnd();
      continue;
    }
    const code = CODE_AT_END.exec(s);
    if (code === null) break;
    if (currency !== undefined) return { ok: false, reason: 'it names two currencies' };
    currency = code[0].toUpperCase();
    s = s.slice(0, -3).trimEnd();
  }
  if (currency !== undefined && !isCurrencyCode(currency)) return { ok: false, reason: `"${currency}" is not an ISO 4217 currency code` };
  if (/^\d[\d.,]*[eE][+-]?\d+$/.test(s)) return { ok: false, reason: 'scientific notation is not exact (was it opened and saved in a spreadsheet?)' };
  const digits = digitsOf(s, decimal);
  if (typeof digits === 'string') return { ok: false, reason: digits };
  const [whole, fraction] = digits;
  if (whole.length + fraction.length > MAX_DIGITS) return { ok: false, reason: `it has more than ${MAX_DIGITS} digits` };
  const int = whole.replace(/^0+(?=\d)/, '');
  const zero = /^0*$/.test(int) && /^0*$/.test(fraction);
  const value = `${negative && !zero ? '-' : ''}${int}${fraction === '' ? '' : `.${fraction}`}`;
  return { ok: true, value, currency };
}

/** The integer and fraction digits of a number body, or why it is not one. */
function digitsOf(body: string, decimal: DecimalSeparator): [string, string] | string {
  if (body === '') return 'it has no digits';
  const parts = body.split(decimal);
  if (parts.length > 2) return `it has more than one decimal separator "${decimal}"`;
  const [whole = '', fraction = ''] = parts;
  if (parts.length === 2 && !/^\d+$/.test(fraction)) return `the digits after "${decimal}" are not plain digits`;
  if (/^\d+$/.test(whole)) return [whole, fraction];
  const group = decimal === '.' ? /[, ']/ : /[. ']/;
  const separator = group.exec(whole)?.[0];
  if (separator === undefined || !/^\d/.test(whole)) return 'it is not a number';
  const groups = whole.split(separator);
  if (!groups.every((g) => /^\d+$/.test(g))) return 'it is not a number, or mixes thousands separators';
  if (!validGrouping(groups)) return `thousands separator "${separator}" out of place`;
  return [groups.join(''), fraction];
}

/** 1,234,567 (threes) or 12,34,567 (the Indian lakh grouping): the last group has three digits. */
function validGrouping(groups: readonly string[]): boolean {
  const first = groups[0]!;
  const last = groups.at(-1)!;
  const middle = groups.slice(1, -1);
  if (last.length !== 3 || first.length > 3) return false;
  if (middle.every((g) => g.length === 3)) return true;
  return first.length <= 2 && middle.every((g) => g.length === 2);
}
