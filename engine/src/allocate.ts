import { pow10, Rational, type RoundingMode } from './rational.js';

/**
 * Rounds each exact line to the minor unit, then hands the difference between `total` and the
 * sum of rounded lines out one unit at a time: to the lines with the largest rounding remainder
 * when units are missing, from those with the smallest when there are too many; ties go to the
 * earlier line. The result always sums to `total`.
 */
export function allocateRounded(
  exact: readonly Rational[],
  total: bigint,
  digits: number,
  mode: RoundingMode,
): bigint[] {
  const rounded = exact.map((x) => x.roundToScale(digits, mode));
  let k = total - rounded.reduce((a, b) => a + b, 0n);
  if (k === 0n) return rounded;
  const unit = pow10(digits);
  const remainders = exact.map((x, i) => x.sub(Rational.of(rounded[i]!, unit)));
  const order = exact.map((_, i) => i);
  const direction = k > 0n ? 1n : -1n;
  order.sort((a, b) => {
    const c = remainders[a]!.cmp(remainders[b]!);
    return c !== 0 ? (direction > 0n ? -c : c) : a - b;
  });
  for (let n = 0; k !== 0n; n = (n + 1) % order.length) {
    const i = order[n]!;
    rounded[i]! += direction;
    k -= direction;
  }
  return rounded;
}
