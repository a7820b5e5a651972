import type { DecimalColumn } from './input.js';
import { pow10, Rational } from './rational.js';

const LIMIT = 2 ** 52;
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
