import { Rational } from './rational.js';

/**
 * A factor cells are multiplied by (a day's exchange rate, a split's share), and the same as
 * `units × 10^-scale` with `units` an integer below 2^53 when it is one (a rate of fx.csv into
 * the base currency and a split's percentage always are): a cell times it is then one product of
 * integers, exact in a double while it stays below 2^52 (see Accumulator.addColumnTimes).
 */
export class Factor {
  static readonly ONE = new Factor(Rational.ONE);
  readonly units: number | undefined;
  readonly scale: number;

  constructor(readonly value: Rational) {
    const scale = value.terminatingScale();
    const units = scale === undefined ? undefined : value.roundToScale(scale, 'half_even');
    const small = units !== undefined && units <= BigInt(Number.MAX_SAFE_INTEGER) && units >= -BigInt(Number.MAX_SAFE_INTEGER);
    this.units = small ? Number(units) : undefined;
    this.scale = small ? scale! : 0;
  }
}
