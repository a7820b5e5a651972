import { describe, expect, it } from 'vitest';
import { CsvCursor } from './csv.js';
import { civilFromDays, daysFromCivil, daysInMonth, formatDay, parseDay } from './days.js';
import { decimalFromBytes, newDecimalOut, parseDecimal } from './scalars.js';
import type { DecimalOut } from './scalars.js';

/** Reads `cell` through a real cursor, so the byte path and the string path are both tested. */
function viaCursor<T>(cell: string, read: (c: CsvCursor) => T): T {
  const c = new CsvCursor(new TextEncoder().encode(`x,y\n${cell},1\n`));
  expect(c.next()).toBe(true);
  return read(c);
}

describe('decimal', () => {
  it.each<[string, number, number]>([
    ['12.50', 1250, 2],
    ['-0.5', -5, 1],
    ['0012', 12, 0],
    [' 7 ', 7, 0],
    ['\t7\t', 7, 0],
    ['0', 0, 0],
    ['-0', 0, 0],
    ['-0.00', 0, 2],
    ['0.000001', 1, 6],
    ['12345.67', 1234567, 2],
    ['999999999999999', 999999999999999, 0],
    ['-99999999999999.9', -999999999999999, 1],
    ['0.0000000000000000001', 1, 19],
    ['1.0', 10, 1],
    ['00000000000000000000001', 1, 0],
  ])('accepts %j as %d × 10^-%d', (text, mantissa, scale) => {
    for (const out of [viaCursor(text, (c) => read(c)), readString(text)]) {
      expect(out).toEqual({ mantissa, scale, big: undefined });
      expect(Object.is(out?.mantissa, -0)).toBe(false);
    }
  });

  it.each<[string, bigint, number]>([
    ['1234567890123456', 1234567890123456n, 0],
    ['12345678901234567890', 12345678901234567890n, 0],
    ['-12345678901234567890.123', -12345678901234567890123n, 3],
    ['0.1234567890123456789', 1234567890123456789n, 19],
    ['100000000000000000000', 100000000000000000000n, 0],
  ])('keeps %j exact as a bigint', (text, big, scale) => {
    for (const out of [viaCursor(text, (c) => read(c)), readString(text)]) {
      expect(out).toEqual({ mantissa: Number(big), scale, big });
    }
  });

  it('fills big for 16+ significant digits only', () => {
    expect(readString('1234567890123456')?.big).toBe(1234567890123456n);
    expect(readString('123456789012345')).toEqual({ mantissa: 123456789012345, scale: 0, big: undefined });
    expect(readString('0.000123456789012345')).toEqual({ mantissa: 123456789012345, scale: 18, big: undefined });
  });

  it.each([
    '1e5', '+1', '.5', '1.', '1,000', '', '   ', '--1', '-', '1.2.3', '- 1', '1 000', '0x10', 'NaN',
    'Infinity', '١٢', '１', '12a', 'a12', '"1"', '1_000', '-.5', '1.-5', '\u00a01',
  ])('rejects %j', (text) => {
    expect(readString(text)).toBeUndefined();
    if (!/[,"\n\r]/.test(text)) expect(viaCursor(text, (c) => read(c))).toBeUndefined();
  });

  it('leaves out untouched on failure', () => {
    const out: DecimalOut = { mantissa: 5, scale: 1, big: undefined };
    expect(parseDecimal('x', out)).toBe(false);
    expect(out).toEqual({ mantissa: 5, scale: 1, big: undefined });
  });

  it('refuses more than 1000 digits but takes 1000', () => {
    const out = newDecimalOut();
    expect(parseDecimal('1'.repeat(1000), out)).toBe(true);
    expect(out.big).toBe(BigInt('1'.repeat(1000)));
    expect(parseDecimal('1'.repeat(1001), out)).toBe(false);
    expect(parseDecimal(`0.${'0'.repeat(1000)}`, out)).toBe(false);
  });

  it('reads only the given byte range', () => {
    const bytes = new TextEncoder().encode('9912.5099');
    const out = newDecimalOut();
    expect(decimalFromBytes(bytes, 2, 7, out)).toBe(true);
    expect(out).toEqual({ mantissa: 1250, scale: 2, big: undefined });
  });
});

function read(c: CsvCursor): DecimalOut | undefined {
  const out = newDecimalOut();
  return c.decimal(0, out) ? out : undefined;
}

function readString(text: string): DecimalOut | undefined {
  const out = newDecimalOut();
  return parseDecimal(text, out) ? out : undefined;
}

describe('date', () => {
  it.each<[string, number]>([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2024-02-29', 19782],
    ['2000-02-29', 11016],
    ['2026-01-15', 20468],
    ['2026-12-31', 20818],
    [' 2026-01-15 ', 20468],
    ['0000-01-01', -719528],
    ['9999-12-31', 2932896],
    ['1900-02-28', -25509],
  ])('reads %j as day %d', (text, day) => {
    expect(viaCursor(text, (c) => c.date(0))).toBe(day);
    expect(parseDay(text)).toBe(day);
  });

  it.each([
    '2026-02-29', '1900-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32',
    '2026-04-31', '2026-1-01', '2026-01-1', '26-01-01', '2026/01/01', '20260101', '2026-01-01T00:00',
    '', ' ', '+2026-01-01', '2026-01-01x', '２０２６-01-01', '2026‐01‐01', '-001-01-01', '2026-0a-01',
  ])('rejects %j', (text) => {
    expect(parseDay(text)).toBeNaN();
    expect(viaCursor(text, (c) => c.date(0))).toBeNaN();
  });
});

describe('days', () => {
  it('agrees with Date for every 13th day from year -6000 to 10000', () => {
    for (let d = -2_900_000; d <= 2_930_000; d += 13) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, -14);
      expect(formatDay(d)).toBe(iso);
    }
  });

  it('round-trips every day from 0000-01-01 to 9999-12-31', () => {
    let prev = civilFromDays(-719529);
    expect(prev).toEqual({ y: -1, m: 12, d: 31 });
    for (let day = -719528; day <= 2932896; day++) {
      const c = civilFromDays(day);
      // Each day is the one after the previous day in the calendar.
      const expected =
        prev.d < daysInMonth(prev.y, prev.m)
          ? { y: prev.y, m: prev.m, d: prev.d + 1 }
          : prev.m < 12
            ? { y: prev.y, m: prev.m + 1, d: 1 }
            : { y: prev.y + 1, m: 1, d: 1 };
      if (c.y !== expected.y || c.m !== expected.m || c.d !== expected.d) {
        expect(c).toEqual(expected);
      }
      if (daysFromCivil(c.y, c.m, c.d) !== day) expect(daysFromCivil(c.y, c.m, c.d)).toBe(day);
      prev = c;
    }
  });

  it.each<[number, string]>([
    [0, '1970-01-01'],
    [-1, '1969-12-31'],
    [-719528, '0000-01-01'],
    [-719529, '-000001-12-31'],
    [2932897, '+010000-01-01'],
  ])('formatDay(%d) = %s', (day, text) => {
    expect(formatDay(day)).toBe(text);
  });

  it('counts on past the end of a month', () => {
    expect(daysFromCivil(2026, 1, 32)).toBe(daysFromCivil(2026, 2, 1));
    expect(daysFromCivil(2026, 3, 0)).toBe(daysFromCivil(2026, 2, 28));
  });
});
