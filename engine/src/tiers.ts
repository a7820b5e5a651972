import { mapped } from './arrays.js';
import { Rational } from './rational.js';

/** A tier with its bounds in measure units: `[from, to)`, `to` absent on the last. */
export interface TierBand {
  readonly from: Rational;
  readonly to: Rational | undefined;
  readonly rate: Rational;
}

export function bandsOf(tiers: readonly { readonly to: Rational | undefined; readonly rate: Rational }[], unit: Rational): TierBand[] {
  let from = Rational.ZERO;
  return mapped(tiers, (t) => {
    const to = t.to === undefined ? undefined : t.to.mul(unit);
    const band = { from, to, rate: t.rate };
    if (to !== undefined) from = to;
    return band;
  });
}

/** Graduated earnings of a measure value: each slice at its tier's rate; below 0, the first rate. */
export function graduated(bands: readonly TierBand[], x: Rational): Rational {
  const first = bands[0];
  if (first === undefined) return Rational.ZERO;
  if (x.sign() <= 0) return x.mul(first.rate);
  let total = Rational.ZERO;
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i]!;
    if (x.le(band.from)) break;
    const top = band.to === undefined ? x : Rational.min(x, band.to);
    total = total.add(top.sub(band.from).mul(band.rate));
  }
  return total;
}

/** Index of the tier whose `[from, to)` holds `x` (the first one for negative values). */
export function tierIndexOf(bands: readonly TierBand[], x: Rational): number {
  for (let i = 0; i < bands.length; i++) {
    const to = bands[i]!.to;
    if (to === undefined || x.lt(to)) return i;
  }
  return bands.length - 1;
}

/** The slices of `[a, b)` (or `[b, a)`) per tier, for explaining a graduated line. */
export function slices(bands: readonly TierBand[], a: Rational, b: Rational): { tier: number; amount: Rational }[] {
  const lo = Rational.min(a, b);
  const hi = Rational.max(a, b);
  const out: { tier: number; amount: Rational }[] = [];
  bands.forEach((band, i) => {
    const from = i === 0 ? lo : Rational.max(lo, band.from);
    const to = band.to === undefined ? hi : Rational.min(hi, band.to);
    if (from.lt(to)) out.push({ tier: i, amount: to.sub(from) });
  });
  return out;
}
