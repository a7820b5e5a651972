/**
 * Plain decimals read straight from bytes: `-?[0-9]+(\.[0-9]+)?`, surrounding ASCII whitespace
 * ignored. The result is a scaled integer (`mantissa × 10^-scale`) so the engine can build an
 * exact rational without ever going through a binary float.
 */

export interface DecimalOut {
  /** The digits as an integer; exact only when `big` is undefined. */
  mantissa: number;
  /** Number of digits after the point, as written (`12.50` has scale 2). */
  scale: number;
  /** The exact mantissa, set only when there are more than 15 significant digits. */
  big: bigint | undefined;
}

export function newDecimalOut(): DecimalOut {
  return { mantissa: 0, scale: 0, big: undefined };
}

/**
 * Up to 15 significant digits always fit a double exactly (2^53 ≈ 9.007e15), so the common case
 * never touches bigint.
 */
const MAX_SAFE_DIGITS = 15;

/**
 * A longer run of digits is rejected as "not a number". No amount needs it, and it keeps a
 * hostile multi-megabyte cell from turning into a multi-megabyte bigint that every later
 * rational operation would pay for (and BigInt parsing is superlinear).
 */
export const MAX_DECIMAL_DIGITS = 1000;

export function isSpaceByte(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/** Parses bytes `[start, end)`; on success fills `out` and returns true, else leaves it alone. */
export function decimalFromBytes(a: Uint8Array, start: number, end: number, out: DecimalOut): boolean {
  let s = start;
  let e = end;
  while (s < e && isSpaceByte(a[s]!)) s++;
  while (e > s && isSpaceByte(a[e - 1]!)) e--;
  if (s >= e) return false;
  const neg = a[s] === 0x2d;
  if (neg) s++;
  let p = s;
  let m = 0;
  let sig = 0;
  while (p < e) {
    const d = a[p]! - 48;
    if ((d >>> 0) > 9) break;
    // Leading zeros are not significant: "0012" is 12, and "0.000001" stays a small mantissa.
    if (sig !== 0 || d !== 0) {
      sig++;
      m = m * 10 + d;
    }
    p++;
  }
  const intDigits = p - s;
  if (intDigits === 0) return false;
  let scale = 0;
  if (p < e) {
    if (a[p] !== 0x2e) return false;
    p++;
    const f = p;
    while (p < e) {
      const d = a[p]! - 48;
      if ((d >>> 0) > 9) return false;
      if (sig !== 0 || d !== 0) {
        sig++;
        m = m * 10 + d;
      }
      p++;
    }
    scale = p - f;
    if (scale === 0) return false;
  }
  if (intDigits + scale > MAX_DECIMAL_DIGITS) return false;
  if (sig > MAX_SAFE_DIGITS) {
    let digits = '';
    for (let i = s; i < e; i++) if (a[i] !== 0x2e) digits += String.fromCharCode(a[i]!);
    const big = BigInt(digits);
    out.big = neg ? -big : big;
    out.mantissa = Number(out.big);
  } else {
    // `0 - m` rather than `-m` so "-0" and "-0.00" give +0, not -0.
    out.mantissa = neg ? 0 - m : m;
    out.big = undefined;
  }
  out.scale = scale;
  return true;
}

let scratch = new Uint8Array(64);

/** The same syntax for a string (plan files, settings); false when it is not a plain decimal. */
export function parseDecimal(text: string, out: DecimalOut): boolean {
  const n = text.length;
  if (n > scratch.length) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Non-ASCII can never be part of a number; truncating it to a byte could forge a digit.
    if (c > 0x7f) return false;
    scratch[i] = c;
  }
  return decimalFromBytes(scratch, 0, n, out);
}
