/**
 * Calendar days as plain integers: days since 1970-01-01 in the proleptic Gregorian calendar.
 * The engine compares, sorts and subtracts days constantly (periods, windows, proration), and an
 * integer does all of that without Date objects or time zones.
 *
 * The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`, which are exact for
 * every year (negative ones included) because they count in 400-year eras.
 */

export interface Civil {
  y: number;
  m: number;
  d: number;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1-12) of year `y`; 0 for a month outside 1-12. */
export function daysInMonth(y: number, m: number): number {
  switch (m) {
    case 1: case 3: case 5: case 7: case 8: case 10: case 12:
      return 31;
    case 4: case 6: case 9: case 11:
      return 30;
    case 2:
      return isLeapYear(y) ? 29 : 28;
    default:
      return 0;
  }
}

/**
 * Day number of `y-m-d`. Does not validate: an out-of-range day or month just counts on (so
 * `daysFromCivil(2026, 1, 32)` is 2026-02-01), which callers use for "last day of month + 1".
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): Civil {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * `YYYY-MM-DD`. Years outside 0000-9999 cannot come from a workspace but can come from date
 * arithmetic; they use ISO 8601's expanded form (`+010000-01-01`, `-000001-12-31`) so the output
 * still sorts and never silently collides with a four-digit year.
 */
export function formatDay(days: number): string {
  const { y, m, d } = civilFromDays(days);
  const year =
    y >= 0 && y <= 9999
      ? String(y).padStart(4, '0')
      : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
  return `${year}-${pad2(m)}-${pad2(d)}`;
}

/** Day number of a real calendar date, or NaN (day -1 is 1969-12-31, so no sentinel integer). */
export function validDay(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return Number.NaN;
  return daysFromCivil(y, m, d);
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Reads `YYYY-MM-DD` at bytes `[start, end)`, ignoring surrounding ASCII whitespace. Exactly four
 * year digits and two each for month and day: `2026-1-01` is rejected, as the format says.
 */
export function dayFromBytes(a: Uint8Array, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && isSpaceCode(a[s]!)) s++;
  while (e > s && isSpaceCode(a[e - 1]!)) e--;
  if (e - s !== 10 || a[s + 4] !== 0x2d || a[s + 7] !== 0x2d) return Number.NaN;
  const y0 = a[s]! - 48, y1 = a[s + 1]! - 48, y2 = a[s + 2]! - 48, y3 = a[s + 3]! - 48;
  const m0 = a[s + 5]! - 48, m1 = a[s + 6]! - 48, d0 = a[s + 8]! - 48, d1 = a[s + 9]! - 48;
  // One unsigned test per digit: a non-digit byte becomes negative or > 9, and `>>> 0` folds
  // both cases into "greater than 9".
  if (((y0 >>> 0) > 9) || ((y1 >>> 0) > 9) || ((y2 >>> 0) > 9) || ((y3 >>> 0) > 9) ||
      ((m0 >>> 0) > 9) || ((m1 >>> 0) > 9) || ((d0 >>> 0) > 9) || ((d1 >>> 0) > 9)) {
    return Number.NaN;
  }
  return validDay(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
}

const scratch = new Uint8Array(10);

/** `parseDay('2026-02-28')`; same rules as the CSV reader's `date()`. NaN when invalid. */
export function parseDay(text: string): number {
  let s = 0;
  let e = text.length;
  while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
  while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
  if (e - s !== 10) return Number.NaN;
  for (let i = 0; i < 10; i++) {
    const c = text.charCodeAt(s + i);
    // Anything outside ASCII cannot be part of a date; masking it to a byte could fake a digit.
    if (c > 0x7f) return Number.NaN;
    scratch[i] = c;
  }
  return dayFromBytes(scratch, 0, 10);
}
