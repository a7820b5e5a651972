/**
 * Exact rational numbers on bigint. Money, rates, quotas and attainment are all carried as
 * rationals so that proration (days ÷ days), fiscal-year quotas (÷ 12) and exchange rates
 * (÷ rate) never lose a digit; only the last step rounds (see `roundToScale`).
 */

export type RoundingMode = 'half_up' | 'half_even';

export class DivisionByZeroError extends Error {
  constructor() {
    super('division by zero');
    this.name = 'DivisionByZeroError';
  }
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** `terminatingScale` of a denominator below 2^53, on doubles (exact there, and allocation-free). */
function smallTerminatingScale(den: number): number | undefined {
  let d = den;
  let twos = 0;
  let fives = 0;
  while (d % 2 === 0) {
    d /= 2;
    twos++;
  }
  while (d % 5 === 0) {
    d /= 5;
    fives++;
  }
  return d === 1 ? Math.max(twos, fives) : undefined;
}

/** gcd of integers below 2^53, on doubles: exact there, and free of the bigint steps' allocations. */
function smallGcd(a: number, b: number): number {
  // Below 2^31 the remainder is the processor's integer division, not a floating-point fmod.
  if (a <= 0x7fffffff && b <= 0x7fffffff) {
    let x = a | 0;
    let y = b | 0;
    while (y !== 0) {
      const t = x % y | 0;
      x = y;
      y = t;
    }
    return x;
  }
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

const powersOfTen: bigint[] = [1n];
export function pow10(n: number): bigint {
  if (n < 0) throw new RangeError('negative power of ten');
  while (powersOfTen.length <= n) powersOfTen.push(powersOfTen[powersOfTen.length - 1]! * 10n);
  return powersOfTen[n]!;
}

export class Rational {
  /** Always in lowest terms with a positive denominator, so equal values have equal fields. */
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new DivisionByZeroError();
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (den === 1n) return new Rational(num, 1n);
    if (den <= SAFE && num <= SAFE && num >= -SAFE) {
      const g = smallGcd(Math.abs(Number(num)), Number(den));
      if (g === 1) return new Rational(num, den);
      const common = BigInt(g);
      return new Rational(num / common, den / common);
    }
    const g = gcd(num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  static fromInt(n: number | bigint): Rational {
    return new Rational(BigInt(n), 1n);
  }

  /** `mantissa × 10^-scale`, the shape the CSV reader produces. */
  static fromScaled(mantissa: bigint, scale: number): Rational {
    return Rational.of(mantissa, pow10(scale));
  }

  /** Parses the workspace's plain decimal syntax exactly; `undefined` when it is not one. */
  static parse(text: string): Rational | undefined {
    const m = DECIMAL.exec(text);
    if (!m) return undefined;
    const frac = m[3] ?? '';
    const digits = BigInt((m[2] ?? '') + frac);
    return Rational.of(m[1] === '-' ? -digits : digits, pow10(frac.length));
  }

  isZero(): boolean {
    return this.num === 0n;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }
  sign(): -1 | 0 | 1 {
    return this.num === 0n ? 0 : this.num < 0n ? -1 : 1;
  }

  add(o: Rational): Rational {
    if (o.num === 0n) return this;
    if (this.num === 0n) return o;
    if (this.den === o.den) return Rational.of(this.num + o.num, this.den);
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return this.add(o.neg());
  }
  mul(o: Rational): Rational {
    if (this.num === 0n || o.num === 0n) return Rational.ZERO;
    if (o.den === 1n && o.num === 1n) return this;
    if (this.den === 1n && this.num === 1n) return o;
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    if (o.num === 0n) throw new DivisionByZeroError();
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return this.num === 0n ? this : new Rational(-this.num, this.den);
  }
  abs(): Rational {
    return this.num < 0n ? this.neg() : this;
  }

  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  le(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  ge(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }
  static min(a: Rational, b: Rational): Rational {
    return a.cmp(b) <= 0 ? a : b;
  }
  static max(a: Rational, b: Rational): Rational {
    return a.cmp(b) >= 0 ? a : b;
  }

  floor(): Rational {
    return new Rational(floorDiv(this.num, this.den), 1n);
  }
  ceil(): Rational {
    return new Rational(-floorDiv(-this.num, this.den), 1n);
  }

  /**
   * The value rounded to `scale` decimal places, as the integer count of `10^-scale` units.
   * `half_up` rounds halves away from zero (as accountants and ISO rounding tables do);
   * `half_even` rounds halves to the even neighbour.
   */
  roundToScale(scale: number, mode: RoundingMode): bigint {
    let n = this.num;
    let d = this.den;
    if (scale >= 0) n *= pow10(scale);
    else d *= pow10(-scale);
    const negative = n < 0n;
    if (negative) n = -n;
    let q = n / d;
    const rem2 = (n - q * d) * 2n;
    if (rem2 > d || (rem2 === d && (mode === 'half_up' || q % 2n === 1n))) q += 1n;
    return negative ? -q : q;
  }

  /** The value rounded to `digits` decimal places (negative digits round to tens, hundreds…). */
  round(digits: number, mode: RoundingMode): Rational {
    const units = this.roundToScale(digits, mode);
    return digits >= 0 ? Rational.of(units, pow10(digits)) : Rational.of(units * pow10(-digits));
  }

  /** Number of decimal places of the exact decimal expansion, or `undefined` if it repeats. */
  terminatingScale(): number | undefined {
    if (this.den <= SAFE) return smallTerminatingScale(Number(this.den));
    let d = this.den;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    return d === 1n ? Math.max(twos, fives) : undefined;
  }

  /** The shortest exact decimal text (`1.3`, `-0.25`, `10`), or `undefined` if it repeats. */
  toExactString(): string | undefined {
    const scale = this.terminatingScale();
    if (scale === undefined) return undefined;
    return formatScaled(this.roundToScale(scale, 'half_even'), scale);
  }

  /** Fixed-point text with exactly `digits` decimals. */
  toFixedString(digits: number, mode: RoundingMode): string {
    return formatScaled(this.roundToScale(digits, mode), digits);
  }

  toString(): string {
    return this.toExactString() ?? `${this.num}/${this.den}`;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Formats `units × 10^-scale` with exactly `scale` decimals; never prints `-0`. */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  let text: string;
  if (scale <= 0) text = digits;
  else {
    const padded = digits.padStart(scale + 1, '0');
    text = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  return negative ? `-${text}` : text;
}
