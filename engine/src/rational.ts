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

/** The largest integer a double holds exactly, with every integer below it. */
const SAFE_NUMBER = Number.MAX_SAFE_INTEGER;

/** Powers of ten a double holds exactly (10^22 is the last). */
const POW10_NUMBER: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Whether `x`, an integer or the rounded result of adding or multiplying two, is exact: below 2^53. */
function exact(x: number): boolean {
  return x <= SAFE_NUMBER && x >= -SAFE_NUMBER;
}

/**
 * Most values a calculation meets (amounts in cents, rates, quotas, attainment) have numerator
 * and denominator below 2^53, where doubles do integer arithmetic exactly and without allocating:
 * such a value is kept as two doubles (`n / d`), and every operation first tries doubles, checking
 * that each product and sum stayed below 2^53 (a rounded result never falls below 2^53 when the
 * exact one is at or above it, so the check is sound). Anything larger is kept as bigints. Each
 * value has one form only (the double form whenever it fits), so equal values have equal fields.
 */
export class Rational {
  /** The value `n / d` when `big` is undefined: integers, `d > 0`, in lowest terms, both below 2^53. */
  private readonly n: number;
  private readonly d: number;
  /** The value as `[numerator, denominator]` when it does not fit the double form. */
  private readonly big: readonly [bigint, bigint] | undefined;

  private constructor(n: number, d: number, big: readonly [bigint, bigint] | undefined) {
    this.n = n;
    this.d = d;
    this.big = big;
  }

  static readonly ZERO = new Rational(0, 1, undefined);
  static readonly ONE = new Rational(1, 1, undefined);

  /** Numerator in lowest terms (negative for a negative value). */
  get num(): bigint {
    return this.big === undefined ? BigInt(this.n) : this.big[0];
  }

  /** Denominator in lowest terms, always positive. */
  get den(): bigint {
    return this.big === undefined ? BigInt(this.d) : this.big[1];
  }

  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new DivisionByZeroError();
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (den <= SAFE && num <= SAFE && num >= -SAFE) return Rational.small(Number(num), Number(den));
    const g = gcd(num, den);
    return Rational.reduced(g === 1n ? num : num / g, g === 1n ? den : den / g);
  }

  /** `n / d` for integers below 2^53 with `d > 0`, reduced. */
  private static small(n: number, d: number): Rational {
    if (d === 1) return new Rational(n, 1, undefined);
    const g = smallGcd(n < 0 ? -n : n, d);
    return g === 1 ? new Rational(n, d, undefined) : new Rational(n / g, d / g, undefined);
  }

  /** A value already in lowest terms with a positive denominator, in whichever form fits. */
  private static reduced(num: bigint, den: bigint): Rational {
    if (den <= SAFE && num <= SAFE && num >= -SAFE) return new Rational(Number(num), Number(den), undefined);
    return new Rational(Number.NaN, Number.NaN, [num, den]);
  }

  static fromInt(n: number | bigint): Rational {
    if (typeof n === 'number' && Number.isSafeInteger(n)) return new Rational(n === 0 ? 0 : n, 1, undefined);
    return Rational.reduced(BigInt(n), 1n);
  }

  /** `mantissa × 10^-scale`, the shape the CSV reader produces. */
  static fromScaled(mantissa: bigint, scale: number): Rational {
    return Rational.of(mantissa, pow10(scale));
  }

  /** `mantissa × 10^-scale` for an integer `mantissa` held in a double (a decimal column's cell). */
  static fromScaledNumber(mantissa: number, scale: number): Rational {
    if (scale <= 15 && Number.isSafeInteger(mantissa)) return Rational.small(mantissa === 0 ? 0 : mantissa, POW10_NUMBER[scale]!);
    return Rational.of(BigInt(mantissa), pow10(scale));
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
    // Zero always has the double form.
    return this.big === undefined && this.n === 0;
  }
  isInteger(): boolean {
    return this.big === undefined ? this.d === 1 : this.big[1] === 1n;
  }
  sign(): -1 | 0 | 1 {
    if (this.big !== undefined) return this.big[0] < 0n ? -1 : 1;
    return this.n === 0 ? 0 : this.n < 0 ? -1 : 1;
  }

  add(o: Rational): Rational {
    if (o.isZero()) return this;
    if (this.isZero()) return o;
    if (this.big === undefined && o.big === undefined) {
      const d1 = this.d;
      const d2 = o.d;
      if (d1 === d2) {
        const sum = this.n + o.n;
        if (exact(sum)) return sum === 0 ? Rational.ZERO : Rational.small(sum, d1);
      } else {
        // Over the least common multiple of the denominators: smaller products than d1 × d2.
        const g = smallGcd(d1, d2);
        const a = d1 / g;
        const b = d2 / g;
        const den = a * d2;
        const x = this.n * b;
        const y = o.n * a;
        const sum = x + y;
        if (exact(den) && exact(x) && exact(y) && exact(sum)) return sum === 0 ? Rational.ZERO : Rational.small(sum, den);
      }
    }
    const d1 = this.den;
    const d2 = o.den;
    if (d1 === d2) return Rational.of(this.num + o.num, d1);
    return Rational.of(this.num * d2 + o.num * d1, d1 * d2);
  }
  sub(o: Rational): Rational {
    return this.add(o.neg());
  }
  mul(o: Rational): Rational {
    if (this.isZero() || o.isZero()) return Rational.ZERO;
    if (o.isOne()) return this;
    if (this.isOne()) return o;
    if (this.big === undefined && o.big === undefined) {
      // Cross-reduced first: both inputs are in lowest terms, so the product then is too.
      const g1 = smallGcd(this.n < 0 ? -this.n : this.n, o.d);
      const g2 = smallGcd(o.n < 0 ? -o.n : o.n, this.d);
      const num = (this.n / g1) * (o.n / g2);
      const den = (this.d / g2) * (o.d / g1);
      if (exact(num) && exact(den)) return new Rational(num, den, undefined);
    }
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    if (o.isZero()) throw new DivisionByZeroError();
    return this.mul(o.inverse());
  }
  neg(): Rational {
    if (this.isZero()) return this;
    return this.big === undefined ? new Rational(-this.n, this.d, undefined) : new Rational(Number.NaN, Number.NaN, [-this.big[0], this.big[1]]);
  }
  abs(): Rational {
    return this.sign() < 0 ? this.neg() : this;
  }

  /** 1 / this, for a value that is not zero (lowest terms carry over). */
  private inverse(): Rational {
    if (this.big === undefined) return this.n < 0 ? new Rational(-this.d, -this.n, undefined) : new Rational(this.d, this.n, undefined);
    const [num, den] = this.big;
    return num < 0n ? Rational.reduced(-den, -num) : Rational.reduced(den, num);
  }

  private isOne(): boolean {
    return this.big === undefined && this.n === 1 && this.d === 1;
  }

  cmp(o: Rational): -1 | 0 | 1 {
    if (this.big === undefined && o.big === undefined) {
      if (this.d === o.d) return this.n < o.n ? -1 : this.n > o.n ? 1 : 0;
      const l = this.n * o.d;
      const r = o.n * this.d;
      if (exact(l) && exact(r)) return l < r ? -1 : l > r ? 1 : 0;
    }
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Rational): boolean {
    if (this.big === undefined || o.big === undefined) return this.big === o.big && this.n === o.n && this.d === o.d;
    return this.big[0] === o.big[0] && this.big[1] === o.big[1];
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
    if (this.big === undefined) {
      // `%` and the division of a multiple are exact on integers below 2^53.
      const r = this.n % this.d;
      const q = (this.n - r) / this.d;
      return Rational.fromInt(r < 0 ? q - 1 : q);
    }
    return Rational.reduced(floorDiv(this.big[0], this.big[1]), 1n);
  }
  ceil(): Rational {
    if (this.big === undefined) {
      const r = this.n % this.d;
      const q = (this.n - r) / this.d;
      return Rational.fromInt(r > 0 ? q + 1 : q);
    }
    return Rational.reduced(-floorDiv(-this.big[0], this.big[1]), 1n);
  }

  /**
   * The value rounded to `scale` decimal places, as the integer count of `10^-scale` units.
   * `half_up` rounds halves away from zero (as accountants and ISO rounding tables do);
   * `half_even` rounds halves to the even neighbour.
   */
  roundToScale(scale: number, mode: RoundingMode): bigint {
    const units = this.roundedUnits(scale, mode);
    if (units !== undefined) return BigInt(units);
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

  /**
   * `roundToScale` on doubles, by long division a few digits at a time (each step's product
   * stays below 2^53); `undefined` when the value or the result does not fit.
   */
  private roundedUnits(scale: number, mode: RoundingMode): number | undefined {
    if (this.big !== undefined || scale < 0 || scale > 22) return undefined;
    const d = this.d;
    const negative = this.n < 0;
    const a = negative ? -this.n : this.n;
    let r = a % d;
    let q = (a - r) / d;
    const whole = q * POW10_NUMBER[scale]!;
    if (!exact(whole)) return undefined;
    // The digits after the point: `step` at a time, where d × 10^step stays below 2^53.
    let step = 0;
    while (step < 15 && d * POW10_NUMBER[step + 1]! <= SAFE_NUMBER) step++;
    let fraction = 0;
    for (let left = scale; left > 0; ) {
      if (step === 0) return undefined;
      const k = left < step ? left : step;
      const x = r * POW10_NUMBER[k]!;
      r = x % d;
      fraction = fraction * POW10_NUMBER[k]! + (x - r) / d;
      left -= k;
    }
    q = whole + fraction;
    const rem2 = r * 2;
    if (rem2 > d || (rem2 === d && (mode === 'half_up' || q % 2 === 1))) q += 1;
    // The sums above only grow: a result below 2^53 means none of them was rounded.
    if (!exact(q)) return undefined;
    return negative && q !== 0 ? -q : q;
  }

  /** The value rounded to `digits` decimal places (negative digits round to tens, hundreds…). */
  round(digits: number, mode: RoundingMode): Rational {
    const units = this.roundToScale(digits, mode);
    return digits >= 0 ? Rational.of(units, pow10(digits)) : Rational.of(units * pow10(-digits));
  }

  /** Number of decimal places of the exact decimal expansion, or `undefined` if it repeats. */
  terminatingScale(): number | undefined {
    if (this.big === undefined) return smallTerminatingScale(this.d);
    let d = this.big[1];
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
    return this.toFixedString(scale, 'half_even');
  }

  /** Fixed-point text with exactly `digits` decimals. */
  toFixedString(digits: number, mode: RoundingMode): string {
    const units = this.roundedUnits(digits, mode);
    if (units !== undefined) return formatScaledText(units < 0, String(units < 0 ? -units : units), digits);
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
  return formatScaledText(negative, (negative ? -units : units).toString(), scale);
}

/** `digits` (a non-negative integer's text) as `units × 10^-scale`, with a minus sign if `negative`. */
function formatScaledText(negative: boolean, digits: string, scale: number): string {
  let text: string;
  if (scale <= 0) text = digits;
  else {
    const padded = digits.padStart(scale + 1, '0');
    text = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  return negative ? `-${text}` : text;
}
