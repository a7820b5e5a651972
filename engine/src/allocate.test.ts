import { describe, expect, it } from 'vitest';
import { allocateRounded } from './allocate.js';
import { Rational } from './rational.js';

const q = (s: string) => {
  const [n, d] = s.split('/');
  return Rational.of(BigInt(n!), BigInt(d ?? '1'));
};

describe('allocateRounded', () => {
  it.each([
    // three thirds of 1.00: 0.33 each, one cent missing goes to the first (ties: earlier line)
    [['100/3', '100/3', '100/3'], 100n, [34n, 33n, 33n]],
    // remainders 0.4, 0.4, 0.4 (in cents): 1.2 cents missing after rounding down, earned rounds to 1
    [['2/5', '2/5', '2/5'], 1n, [1n, 0n, 0n]],
    // half cents round up individually (half_up) giving 3; the total 1.5 -> 2, so one comes off the smallest remainder (ties: earlier)
    [['1/2', '1/2', '1/2'], 2n, [0n, 1n, 1n]],
    // largest remainder wins regardless of position
    [['1/10', '3/10', '7/10'], 1n, [0n, 0n, 1n]],
    // one cent too few: taken from the smallest remainder, ties to the earlier line
    [['-100/3', '-100/3', '-100/3'], -100n, [-34n, -33n, -33n]],
  ])('%j to %s', (lines, total, expected) => {
    // totals and lines here are in cents already: scale 0
    expect(allocateRounded(lines.map(q), total, 0, 'half_up')).toEqual(expected);
  });

  it('keeps lines that already add up', () => {
    expect(allocateRounded([q('125/100'), q('375/100')], 5n, 0, 'half_even')).toEqual([1n, 4n]);
  });
});
