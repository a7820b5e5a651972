import { describe, expect, it } from 'vitest';
import { parseAmount } from './amounts.js';
import { type DateFormat, parseDate } from './dates.js';

describe('parseAmount: amounts as CRMs print them, exactly', () => {
  it.each<[string, '.' | ',', string, string?]>([
    ['1234.50', '.', '1234.50'],
    ['$1,234.50', '.', '1234.50'],
    ['USD 1,234.50', '.', '1234.50', 'USD'],
    ['1,234.50 USD', '.', '1234.50', 'USD'],
    ['RM 12,000.00', '.', '12000.00'],
    ['RM12,000', '.', '12000'],
    ['JPY 10,000', '.', '10000', 'JPY'],
    ['US$ 99', '.', '99'],
    ['S$1,000.10', '.', '1000.10'],
    ['€1.234,50', ',', '1234.50'],
    ['1.234,50 €', ',', '1234.50'],
    ['1 234 567,8', ',', '1234567.8'],
    ['1\u00a0234.00', '.', '1234.00'],
    ["CHF 1'234.50", '.', '1234.50', 'CHF'],
    ['12,34,567.00', '.', '1234567.00'],
    ['(500.00)', '.', '-500.00'],
    ['-$1,000', '.', '-1000'],
    ['$-1,000', '.', '-1000'],
    ['1,000-', '.', '-1000'],
    ['\u22125', '.', '-5'],
    ['0012.30', '.', '12.30'],
    ['-0.00', '.', '0.00'],
    ['0.1', '.', '0.1'],
    ['123456789012345678901234567890.123456789', '.', '123456789012345678901234567890.123456789'],
  ])('%j (decimal %s) is %s', (text, decimal, value, currency) => {
    expect(parseAmount(text, decimal)).toEqual({ ok: true, value, currency });
  });

  it.each<[string, '.' | ',', RegExp]>([
    ['', '.', /empty/],
    ['1,5', '.', /thousands separator "," out of place/],
    ['1,000,00', '.', /out of place/],
    ['1.234.567', '.', /more than one decimal separator/],
    ['1.2E+05', '.', /scientific notation/],
    ['abc', '.', /"ABC" is not an ISO 4217/],
    ['XYZ 100', '.', /"XYZ" is not an ISO 4217/],
    ['EUR 1,000 USD', '.', /two currencies/],
    ['--5', '.', /two minus signs/],
    ['.5', '.', /not a number/],
    ['5.', '.', /not plain digits/],
    ['1,000 000', '.', /not a number|mixes/],
    ['twelve', '.', /not a number|ISO/],
    [`1${'0'.repeat(1000)}`, '.', /more than 1000 digits/],
  ])('%j (decimal %s) is refused: %s', (text, decimal, reason) => {
    const parsed = parseAmount(text, decimal);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('parseDate: the layout the mapping names, never a guess', () => {
  it.each<[string, DateFormat, string | undefined]>([
    ['1/31/2026', 'MM/DD/YYYY', '2026-01-31'],
    ['01/31/2026 4:05 PM', 'MM/DD/YYYY', '2026-01-31'],
    ['3/4/2026', 'MM/DD/YYYY', '2026-03-04'],
    ['3/4/2026', 'DD/MM/YYYY', '2026-04-03'],
    ['31/01/2026', 'DD/MM/YYYY', '2026-01-31'],
    ['31/01/2026', 'MM/DD/YYYY', undefined],
    ['31.01.2026 16:05', 'DD.MM.YYYY', '2026-01-31'],
    ['2026-01-31', 'YYYY-MM-DD', '2026-01-31'],
    ['2026-01-31 16:05', 'YYYY-MM-DD', '2026-01-31'],
    ['2026-01-31T16:05:00.000Z', 'YYYY-MM-DD', '2026-01-31'],
    ['2026/1/5', 'YYYY/MM/DD', '2026-01-05'],
    ['2024-02-29', 'YYYY-MM-DD', '2024-02-29'],
    ['2026-02-29', 'YYYY-MM-DD', undefined],
    ['2/30/2026', 'MM/DD/YYYY', undefined],
    ['1/31/26', 'MM/DD/YYYY', undefined],
    ['0000-01-01', 'YYYY-MM-DD', undefined],
    ['2026-01-31 junk', 'YYYY-MM-DD', undefined],
    ['', 'YYYY-MM-DD', undefined],
  ])('%j in %s is %s', (text, format, day) => {
    expect(parseDate(text, format)).toBe(day);
  });
});
