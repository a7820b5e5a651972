import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Accumulator, SumTable } from './accumulator.js';
import type { DecimalColumn } from './input.js';
import { Rational } from './rational.js';
import { Factor } from './factor.js';

/** A column of decimals written as text, as the workspace reader would hold them. */
function column(values: readonly string[]): DecimalColumn {
  const mantissa = new Float64Array(values.length);
  const scale = new Uint16Array(values.length);
  const big = new Map<number, bigint>();
  values.forEach((v, i) => {
    const [int, frac = ''] = v.replace('-', '').split('.');
    const digits = BigInt(`${v.startsWith('-') ? '-' : ''}${int}${frac}`);
    scale[i] = frac.length;
    mantissa[i] = Number(digits);
    if (digits > 999_999_999_999_999n || digits < -999_999_999_999_999n) big.set(i, digits);
  });
  return { mantissa, scale, big };
}

const exact = (values: readonly string[]) => values.reduce((s, v) => s.add(Rational.parse(v)!), Rational.ZERO);

/** Decimals of up to 18 digits (longer than a double holds exactly) and up to 6 places. */
const decimal = fc
  .tuple(fc.constantFrom(10n ** 3n, 10n ** 9n, 10n ** 15n, 10n ** 18n), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.boolean(), fc.integer({ min: 0, max: 6 }))
  .map(([size, n, negative, scale]) => {
    const digits = (n % size).toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative ? `-${text}` : text;
  });

describe('SumTable', () => {
  it('sums exactly, whatever the scales and magnitudes, like one Accumulator per slot', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), decimal), { maxLength: 200 }), (adds) => {
        const values = adds.map(([, v]) => v);
        const col = column(values);
        const accumulators = [new Accumulator(), new Accumulator(), new Accumulator()];
        const plain = [new Accumulator(), new Accumulator(), new Accumulator()];
        const viaTable = new SumTable(plain);
        adds.forEach(([slot], row) => {
          viaTable.addColumn(slot, col, row);
          accumulators[slot]!.addColumn(col, row);
        });
        viaTable.flush();
        for (let slot = 0; slot < 3; slot++) {
          const expected = exact(adds.filter(([s]) => s === slot).map(([, v]) => v));
          expect(plain[slot]!.total().toString()).toBe(expected.toString());
          expect(accumulators[slot]!.total().toString()).toBe(expected.toString());
        }
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('spills before a sum could leave the exact range of doubles', () => {
    const big = '4503599627370.495'; // 2^52 / 1000, at scale 3
    const values = Array.from({ length: 10 }, () => big);
    const col = column(values);
    const acc = new Accumulator();
    const table = new SumTable([acc]);
    for (let r = 0; r < values.length; r++) table.addColumn(0, col, r);
    table.flush();
    expect(acc.total().toString()).toBe(exact(values).toString());
  });

  it('keeps what its accumulators already held', () => {
    const acc = new Accumulator();
    acc.addRational(Rational.of(1n, 3n));
    const table = new SumTable([acc]);
    table.addScaled(0, 125, 2);
    table.addScaled(0, 1, 0);
    table.flush();
    expect(acc.total().eq(Rational.of(1n, 3n).add(Rational.parse('2.25')!))).toBe(true);
  });
});

describe('Accumulator.addColumnTimes', () => {
  // Exchange rates: decimals of fx.csv (a product of integers), and a factor between two foreign
  // currencies that repeats (rate ÷ rate, the rational path). Either way, exactly Σ value × factor.
  const factor = fc.oneof(
    decimal.filter((d) => !d.startsWith('-') && Rational.parse(d)!.sign() > 0),
    fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 99_999 })).map(([a, b]) => `${a}/${b}`),
  );
  it('adds each cell times its factor exactly, whatever the magnitudes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimal, fc.integer({ min: 0, max: 3 })), { maxLength: 100 }), fc.array(factor, { minLength: 4, maxLength: 4 }), (cells, texts) => {
        const factors = texts.map((t) => {
          const [num, den] = t.split('/');
          const value = den === undefined ? Rational.parse(t)! : Rational.of(BigInt(num!), BigInt(den));
          return new Factor(value);
        });
        const col = column(cells.map(([v]) => v));
        const acc = new Accumulator();
        cells.forEach(([, f], row) => acc.addColumnTimes(col, row, factors[f]!));
        const expected = cells.reduce((s, [v, f]) => s.add(Rational.parse(v)!.mul(factors[f]!.value)), Rational.ZERO);
        expect(acc.total().eq(expected)).toBe(true);
      }),
      { seed: 6, numRuns: 500 },
    );
  });

  it('takes a rate of fx.csv as an integer over a power of ten, and a repeating factor as it is', () => {
    expect(new Factor(Rational.parse('4.1056')!)).toMatchObject({ units: 41056, scale: 4 });
    expect(new Factor(Rational.of(1n, 3n))).toMatchObject({ units: undefined, scale: 0 });
    expect(new Factor(Rational.parse('123456789012345678.9')!)).toMatchObject({ units: undefined });
  });
});
