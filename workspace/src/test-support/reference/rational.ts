// A tiny exact rational number for the reference implementation.
// Deliberately independent of engine/src/rational.ts.

export type RoundingRule = 'half_up' | 'half_even';

const DECIMAL_RE = /^-?[0-9]+(\.[0-9]+)?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Floor division for bigints (rounds toward minus infinity). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  if ((n % d !== 0n) && ((n < 0n) !== (d < 0n))) return q - 1n;
  return q;
}

function pow10(k: number): bigint {
  let r = 1n;
  for (let i = 0; i < k; i++) r *= 10n;
  return r;
}

export class Rat {
  readonly n: bigint;
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
  }

  static of(n: bigint, d: bigint = 1n): Rat {
    if (d === 0n) throw new Error('Rat: zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    if (g > 1n) {
      n = n / g;
      d = d / g;
    }
    if (n === 0n) d = 1n;
    return new Rat(n, d);
  }

  static int(v: number | bigint): Rat {
    return Rat.of(BigInt(v), 1n);
  }

  static readonly ZERO: Rat = new Rat(0n, 1n);
  static readonly ONE: Rat = new Rat(1n, 1n);

  static isDecimalText(text: string): boolean {
    return DECIMAL_RE.test(text);
  }

  /** Parses a plain decimal (optional '-', digits, optional '.' and digits). */
  static parseDecimal(text: string): Rat | undefined {
    if (!DECIMAL_RE.test(text)) return undefined;
    let negative = false;
    let body = text;
    if (body.startsWith('-')) {
      negative = true;
      body = body.slice(1);
    }
    const dot = body.indexOf('.');
    let digits = body;
    let scale = 0;
    if (dot >= 0) {
      digits = body.slice(0, dot) + body.slice(dot + 1);
      scale = body.length - dot - 1;
    }
    const n = BigInt(digits);
    return Rat.of(negative ? -n : n, pow10(scale));
  }

  /** units × 10^-scale */
  static fromUnits(units: bigint, scale: number): Rat {
    if (scale >= 0) return Rat.of(units, pow10(scale));
    return Rat.of(units * pow10(-scale), 1n);
  }

  add(o: Rat): Rat {
    return Rat.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Rat): Rat {
    return Rat.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Rat): Rat {
    return Rat.of(this.n * o.n, this.d * o.d);
  }
  /** Throws on division by zero; callers check isZero() first when it matters. */
  div(o: Rat): Rat {
    if (o.n === 0n) throw new Error('Rat: division by zero');
    return Rat.of(this.n * o.d, this.d * o.n);
  }
  neg(): Rat {
    return Rat.of(-this.n, this.d);
  }
  abs(): Rat {
    return this.n < 0n ? this.neg() : this;
  }
  cmp(o: Rat): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Rat): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: Rat): boolean {
    return this.cmp(o) < 0;
  }
  le(o: Rat): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rat): boolean {
    return this.cmp(o) > 0;
  }
  ge(o: Rat): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  sign(): number {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }

  floor(): Rat {
    return Rat.of(floorDiv(this.n, this.d), 1n);
  }
  ceil(): Rat {
    return Rat.of(-floorDiv(-this.n, this.d), 1n);
  }

  /**
   * Rounds to a whole number of 10^-scale units (scale may be negative) and
   * returns that number of units. half_up rounds ties away from zero.
   */
  roundToUnits(scale: number, rule: RoundingRule): bigint {
    // y = this × 10^scale = num / den
    let num = this.n;
    let den = this.d;
    if (scale >= 0) num = num * pow10(scale);
    else den = den * pow10(-scale);
    const q = floorDiv(num, den);
    const rem = num - q * den; // 0 <= rem < den
    const twice = 2n * rem;
    if (twice < den) return q;
    if (twice > den) return q + 1n;
    // exact tie between q and q + 1
    if (rule === 'half_up') {
      return num > 0n ? q + 1n : q; // away from zero
    }
    return q % 2n === 0n ? q : q + 1n;
  }

  round(scale: number, rule: RoundingRule): Rat {
    return Rat.fromUnits(this.roundToUnits(scale, rule), scale);
  }

  /** True when the value has a finite decimal expansion. */
  isTerminating(): boolean {
    let d = this.d;
    while (d % 2n === 0n) d /= 2n;
    while (d % 5n === 0n) d /= 5n;
    return d === 1n;
  }

  /** Exact decimal text, minimal digits. Only for terminating values. */
  toExactDecimal(): string {
    if (!this.isTerminating()) throw new Error('Rat: not terminating');
    let scale = 0;
    while (!Rat.of(this.n * pow10(scale), this.d).isInteger()) scale++;
    return formatUnits(this.n * pow10(scale) / this.d, scale);
  }

  toString(): string {
    return this.isTerminating() ? this.toExactDecimal() : `${this.n}/${this.d}`;
  }
}

/** Formats units × 10^-scale with exactly `scale` decimals (scale >= 0); never "-0". */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  let digits = abs.toString();
  if (scale > 0) {
    while (digits.length <= scale) digits = '0' + digits;
    digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  }
  return (negative && abs !== 0n ? '-' : '') + digits;
}
