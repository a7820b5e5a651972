import { describe, expect, it } from 'vitest';
import { currentQuarter, fiscalQuarter, recentQuarters } from './fiscal-quarters';

const day = (text: string) => new Date(`${text}T12:00:00`);

describe('fiscal quarters named as the spec names them', () => {
  it.each<[string, number, string]>([
    ['2026-01-01', 1, '2026-Q1'],
    ['2026-11-30', 1, '2026-Q4'],
    // fiscal_year_start 4: 2027 is 2026-04-01 to 2027-03-31, and 2027-Q1 is April to June 2026 (the spec's example).
    ['2026-04-01', 4, '2027-Q1'],
    ['2026-06-30', 4, '2027-Q1'],
    ['2026-07-01', 4, '2027-Q2'],
    ['2026-11-30', 4, '2027-Q3'],
    ['2027-02-15', 4, '2027-Q4'],
    ['2027-03-31', 4, '2027-Q4'],
    ['2026-07-01', 7, '2027-Q1'],
    ['2026-06-30', 7, '2026-Q4'],
    ['2026-12-31', 12, '2027-Q1'],
    ['2026-11-30', 12, '2026-Q4'],
  ])('%s with the year starting in month %i is %s', (date, start, expected) => {
    expect(currentQuarter(start, day(date))).toBe(expected);
  });

  it('counts back across fiscal years', () => {
    expect(recentQuarters(day('2026-05-10'), 5, 4)).toEqual(['2027-Q1', '2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4']);
    expect(recentQuarters(day('2026-02-10'), 2, 1)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
  });

  it('agrees with the months every quarter holds', () => {
    for (let start = 1; start <= 12; start++) {
      for (let m = 0; m < 12; m++) {
        const { year, quarter } = fiscalQuarter(new Date(2026, m, 15), start);
        // The quarter's first month, counted from the fiscal year's first month, holds this one.
        const first = new Date(year - (start === 1 ? 0 : 1), start - 1 + (quarter - 1) * 3, 1);
        const months = (2026 - first.getFullYear()) * 12 + m - first.getMonth();
        expect(months, `start ${start}, month ${m + 1}`).toBeGreaterThanOrEqual(0);
        expect(months).toBeLessThan(3);
      }
    }
  });
});
