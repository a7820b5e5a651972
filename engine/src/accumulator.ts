import type { DecimalColumn } from './input.js';
import type { Factor } from './factor.js';
import { pow10, Rational } from './rational.js';

/** Plain sums stay at most this in magnitude, so adding one more value (also at most this) is exact. */
export const LIMIT = 2 ** 52;
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * An exact running sum that stays on plain integer arithmetic while it can: decimals from one
 * column share a scale, so summing a million amounts is a million double additions of integers
 * (exact below 2^53), spilled into a bigint before they could lose a digit. Values that carry a
 * split share or an exchange rate arrive as rationals and are kept apart.
 */
export class Accumulator {
  private scale = 0;
  private small = 0;
  private big = 0n;
  private rest: Rational = Rational.ZERO;

  addColumn(column: DecimalColumn, row: number): void {
    if (column.big.size > 0) {
      const b = column.big.get(row);
      if (b !== undefined) {
        this.addBig(b, column.scale[row]!);
        return;
      }
    }
    this.addScaled(column.mantissa[row]!, column.scale[row]!);
  }

  addScaled(mantissa: number, scale: number): void {
    let m = mantissa;
    if (scale !== this.scale) {
      if (scale < this.scale) {
        m *= POW10[this.scale - scale] ?? Infinity;
        if (!(Math.abs(m) <= LIMIT)) {
          this.addBig(BigInt(mantissa), scale);
          return;
        }
      } else {
        this.rescale(scale);
      }
    }
    this.small += m;
    if (this.small > LIMIT || this.small < -LIMIT) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }

  addBig(mantissa: bigint, scale: number): void {
    if (scale > this.scale) this.rescale(scale);
    this.big += mantissa * pow10(this.scale - scale);
  }

  addRational(value: Rational): void {
    this.rest = this.rest.add(value);
  }

  /**
   * Adds the cell times `factor` (an exchange rate, a share): when the factor is a decimal, the cell's
   * mantissa times the factor's is an integer at the two scales together, added like any other
   * (exact while it stays below 2^52: a double rounds a larger product above it), instead of a
   * rational product and sum per row.
   */
  addColumnTimes(column: DecimalColumn, row: number, factor: Factor): void {
    const units = factor.units;
    if (units !== undefined && (column.big.size === 0 || !column.big.has(row))) {
      const product = column.mantissa[row]! * units;
      if (Math.abs(product) <= LIMIT) {
        this.addScaled(product, column.scale[row]! + factor.scale);
        return;
      }
    }
    this.addRational(columnValue(column, row).mul(factor.value));
  }

  /** Adds the factor itself (a share counted). */
  addFactor(factor: Factor): void {
    const units = factor.units;
    if (units !== undefined && Math.abs(units) <= LIMIT) this.addScaled(units, factor.scale);
    else this.addRational(factor.value);
  }

  total(): Rational {
    return Rational.of(this.big + BigInt(this.small), pow10(this.scale)).add(this.rest);
  }

  private rescale(scale: number): void {
    this.big = (this.big + BigInt(this.small)) * pow10(scale - this.scale);
    this.small = 0;
    this.scale = scale;
  }
}

/** The exact value of one cell of a decimal column. */
export function columnValue(column: DecimalColumn, row: number): Rational {
  const big = column.big.size > 0 ? column.big.get(row) : undefined;
  return Rational.fromScaled(big ?? BigInt(column.mantissa[row]!), column.scale[row]!);
}

/**
 * Many exact sums side by side in flat arrays, one slot per `Accumulator`: the per-row path of
 * aggregation adds plain column values here (one array read and one addition, no object to
 * chase), and `flush` hands every slot's total to its accumulator. Same exactness rule as
 * `Accumulator`: a slot holds an integer mantissa at one scale, below 2^52 in magnitude, and
 * anything that would not stay exact goes to the accumulator itself.
 */
export class SumTable {
  /** Per slot: the integer mantissa so far, and its scale (read by the aggregation's inner loop). */
  readonly small: Float64Array;
  readonly scale: Uint16Array;

  constructor(private readonly accumulators: readonly Accumulator[]) {
    this.small = new Float64Array(accumulators.length);
    this.scale = new Uint16Array(accumulators.length);
  }

  addColumn(slot: number, column: DecimalColumn, row: number): void {
    if (column.big.size > 0) {
      const b = column.big.get(row);
      if (b !== undefined) {
        this.accumulators[slot]!.addBig(b, column.scale[row]!);
        return;
      }
    }
    this.addScaled(slot, column.mantissa[row]!, column.scale[row]!);
  }

  /** Adds `mantissa × 10^-scale`; `mantissa` is an integer of at most 2^52 in magnitude. */
  addScaled(slot: number, mantissa: number, scale: number): void {
    const current = this.scale[slot]!;
    let m = mantissa;
    if (scale !== current) {
      if (scale < current) {
        m *= POW10[current - scale] ?? Infinity;
        if (!(Math.abs(m) <= LIMIT)) {
          this.accumulators[slot]!.addBig(BigInt(mantissa), scale);
          return;
        }
      } else {
        this.flushSlot(slot);
        this.scale[slot] = scale;
      }
    }
    // Both terms are at most 2^52, so the sum (at most 2^53) is exact.
    const sum = this.small[slot]! + m;
    if (sum > LIMIT || sum < -LIMIT) {
      this.accumulators[slot]!.addBig(BigInt(sum), this.scale[slot]!);
      this.small[slot] = 0;
    } else this.small[slot] = sum;
  }

  /** Adds `a × b × 10^-scale` for integers `a` and `b` whose product may exceed 2^52. */
  addProduct(slot: number, a: number, b: number, scale: number): void {
    this.accumulators[slot]!.addBig(BigInt(a) * BigInt(b), scale);
  }

  /** Hands every slot's sum to its accumulator. */
  flush(): void {
    for (let slot = 0; slot < this.small.length; slot++) this.flushSlot(slot);
  }

  private flushSlot(slot: number): void {
    const small = this.small[slot]!;
    if (small !== 0) {
      this.accumulators[slot]!.addBig(BigInt(small), this.scale[slot]!);
      this.small[slot] = 0;
    }
  }
}
