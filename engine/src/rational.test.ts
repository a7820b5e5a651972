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

/** The operations in plain bigint arithmetic on `[num, den]` pairs, written apart from the class under test. */
const ref = {
  add: ([a, b]: [bigint, bigint], [c, d]: [bigint, bigint]) => reference(a * d + c * b, b * d),
  mul: ([a, b]: [bigint, bigint], [c, d]: [bigint, bigint]) => reference(a * c, b * d),
  div: ([a, b]: [bigint, bigint], [c, d]: [bigint, bigint]) => reference(a * d, b * c),
  cmp: ([a, b]: [bigint, bigint], [c, d]: [bigint, bigint]) => Math.sign(Number(a * d - c * b)),
  floor: ([a, b]: [bigint, bigint]) => (a >= 0n ? a / b : -((-a + b - 1n) / b)),
  /** Rounds to `scale` places by comparing twice the remainder with the divisor. */
  round: ([a, b]: [bigint, bigint], scale: number, mode: 'half_up' | 'half_even') => {
    const n = a < 0n ? -a * 10n ** BigInt(scale) : a * 10n ** BigInt(scale);
    let q = n / b;
    const twice = 2n * (n - q * b);
    if (twice > b || (twice === b && (mode === 'half_up' || q % 2n === 1n))) q++;
    return a < 0n ? -q : q;
  },
};

describe('every operation agrees with bigint arithmetic, on both sides of 2^53', () => {
  /** Values whose parts lie around 2^53, below it, far above it, and money-like decimals. */
  const part = fc.oneof(
    near,
    fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
    fc.bigInt({ min: 1n, max: 100n }),
    fc.bigInt({ min: 2n ** 26n, max: 2n ** 27n }),
  );
  const den = fc.oneof(
    fc.constantFrom(1n, 2n, 3n, 4n, 10n, 100n, 1000n, 7n, 12n, 10n ** 10n),
    part.map((x) => (x < 0n ? -x : x)).filter((x) => x !== 0n),
  );
  const value = fc.tuple(part, den).map(([n, d]) => reference(n, d));
  const of = ([n, d]: [bigint, bigint]) => Rational.of(n, d);
  const pairOf = (r: Rational) => [r.num, r.den];

  it('add, sub, mul, div, cmp, eq, floor, ceil, neg', () => {
    fc.assert(
      fc.property(value, value, (x, y) => {
        const a = of(x);
        const b = of(y);
        expect(pairOf(a.add(b))).toEqual(ref.add(x, y));
        expect(pairOf(a.sub(b))).toEqual(ref.add(x, [-y[0], y[1]]));
        expect(pairOf(a.mul(b))).toEqual(ref.mul(x, y));
        if (y[0] !== 0n) expect(pairOf(a.div(b))).toEqual(ref.div(x, y));
        expect(a.cmp(b)).toBe(ref.cmp(x, y));
        expect(a.eq(b)).toBe(x[0] === y[0] && x[1] === y[1]);
        expect(a.eq(of([...x]))).toBe(true);
        expect(a.floor().num).toBe(ref.floor(x));
        expect(a.ceil().num).toBe(-ref.floor([-x[0], x[1]]));
        expect(pairOf(a.neg())).toEqual(reference(-x[0], x[1]));
        expect(a.sign()).toBe(Math.sign(Number(x[0])));
      }),
      { seed: 2053, numRuns: 5000 },
    );
  });

  it.each([
    // Cross products of about 2^106 that differ by one: doubles would call these equal.
    [[2n ** 53n - 1n, 2n ** 53n - 2n], [2n ** 53n - 2n, 2n ** 53n - 3n]],
    [[-(2n ** 52n + 1n), 2n ** 52n], [-(2n ** 52n + 3n), 2n ** 52n + 2n]],
  ] as [bigint, bigint][][])('compares %s and %s exactly', (x, y) => {
    expect(of(x!).cmp(of(y!))).toBe(ref.cmp(x!, y!));
    expect(of(y!).cmp(of(x!))).toBe(ref.cmp(y!, x!));
  });

  it('roundToScale and toFixedString, both modes, including halves', () => {
    const halves = fc.tuple(part, fc.integer({ min: 0, max: 12 })).map(([n, s]) => reference(2n * n + 1n, 2n * 10n ** BigInt(s)));
    fc.assert(
      fc.property(fc.oneof(value, halves), fc.integer({ min: 0, max: 24 }), fc.constantFrom('half_up', 'half_even'), (x, scale, mode) => {
        const r = of(x);
        const units = ref.round(x, scale, mode as 'half_up' | 'half_even');
        expect(r.roundToScale(scale, mode as 'half_up' | 'half_even')).toBe(units);
        const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
        const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
        expect(r.toFixedString(scale, mode as 'half_up' | 'half_even')).toBe(units < 0n ? `-${text}` : text);
      }),
      { seed: 2054, numRuns: 5000 },
    );
  });

  it('fromInt gives what of gives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger()), (m) => {
        expect(pairOf(Rational.fromInt(m))).toEqual([BigInt(m), 1n]);
        expect(Rational.fromInt(m).eq(Rational.of(BigInt(m)))).toBe(true);
      }),
      { seed: 2055, numRuns: 3000 },
    );
  });
});
