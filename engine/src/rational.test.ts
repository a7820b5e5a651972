import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from './rational.js';

/** Lowest terms by the textbook bigint algorithm, written apart from the class under test. */
function reference(num: bigint, den: bigint): [bigint, bigint] {
  let a = num < 0n ? -num : num;
  let b = den < 0n ? -den : den;
  while (b !== 0n) [a, b] = [b, a % b];
  const sign = den < 0n ? -1n : 1n;
  return [(sign * num) / a, (sign * den) / a];
}

const LIMIT = 2n ** 53n;

/** Integers around 2^53, where `Rational.of` moves between its double and bigint paths. */
const near = fc.oneof(
  fc.bigInt({ min: -(LIMIT + 10n), max: LIMIT + 10n }),
  fc.bigInt({ min: LIMIT - 1000n, max: LIMIT + 1000n }),
  fc.bigInt({ min: -(LIMIT + 1000n), max: -(LIMIT - 1000n) }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
);
/** Pairs with a large common factor, so reduction has work to do on either path. */
const pair = fc.tuple(near, near.filter((d) => d !== 0n), fc.bigInt({ min: 1n, max: 2n ** 40n })).map(([n, d, k]) => [n * k, d * k] as const);

describe('Rational.of', () => {
  it('reduces to lowest terms with a positive denominator, on both sides of 2^53', () => {
    fc.assert(
      fc.property(fc.oneof(pair, fc.tuple(near, near.filter((d) => d !== 0n))), ([num, den]) => {
        const r = Rational.of(num, den);
        expect([r.num, r.den]).toEqual(reference(num, den));
      }),
      { seed: 53, numRuns: 5000 },
    );
  });

  it.each([
    [2n ** 53n - 1n, 2n ** 53n - 2n],
    [2n ** 53n, 2n ** 52n],
    [-(2n ** 53n), 6n],
    [9007199254740991n * 3n, 3n],
    [0n, 7n],
    [-0n, -7n],
  ])('%s / %s', (num, den) => {
    const r = Rational.of(num, den);
    expect([r.num, r.den]).toEqual(reference(num, den));
  });
});

describe('Rational.terminatingScale', () => {
  /** Decimal places of num/den by long division, written apart from the class under test. */
  function places(den: bigint): number | undefined {
    for (let scale = 0; scale <= 400; scale++) if ((10n ** BigInt(scale)) % den === 0n) return scale;
    return undefined;
  }

  it('finds the decimal places of a terminating fraction on both sides of 2^53', () => {
    const dens = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom(1n, 3n, 7n, 9007199254740881n)).map(
        ([twos, fives, other]) => 2n ** BigInt(twos) * 5n ** BigInt(fives) * other,
      ),
      fc.bigInt({ min: 1n, max: 2n ** 60n }),
    );
    fc.assert(
      fc.property(dens, (den) => {
        expect(Rational.of(1n, den).terminatingScale()).toBe(places(den));
      }),
      { seed: 10, numRuns: 2000 },
    );
  });
});
