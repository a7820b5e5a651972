import { describe, expect, it } from 'vitest';
import { formatDay } from './day.js';
import { FiscalCalendar } from './period.js';

const span = (fy: number, label: string) => {
  const p = new FiscalCalendar(fy).parse(label);
  return p && [p.label, formatDay(p.start), formatDay(p.end)];
};

describe('FiscalCalendar', () => {
  it.each([
    [1, '2026-02', ['2026-02', '2026-02-01', '2026-02-28']],
    [1, '2024-02', ['2024-02', '2024-02-01', '2024-02-29']],
    [1, '2026-Q1', ['2026-Q1', '2026-01-01', '2026-03-31']],
    [1, '2026-Q4', ['2026-Q4', '2026-10-01', '2026-12-31']],
    [1, '2026', ['2026', '2026-01-01', '2026-12-31']],
    [4, '2027', ['2027', '2026-04-01', '2027-03-31']],
    [4, '2027-Q1', ['2027-Q1', '2026-04-01', '2026-06-30']],
    [4, '2027-Q4', ['2027-Q4', '2027-01-01', '2027-03-31']],
    [2, '2027-Q1', ['2027-Q1', '2026-02-01', '2026-04-30']],
    [2, '2027-Q4', ['2027-Q4', '2026-11-01', '2027-01-31']],
    [12, '2027', ['2027', '2026-12-01', '2027-11-30']],
    [7, '2026-Q3', ['2026-Q3', '2026-01-01', '2026-03-31']],
  ])('fiscal start %i: %s', (fy, label, expected) => {
    expect(span(fy, label)).toEqual(expected);
  });

  it.each(['2026-13', '2026-00', '2026-Q5', '2026-Q0', '26', '2026-1', '2026-q1', ' 2026', ''])('rejects %j', (label) => {
    expect(new FiscalCalendar(1).parse(label)).toBeUndefined();
  });

  it('finds the periods of a kind inside another, and the one containing a day', () => {
    const cal = new FiscalCalendar(2);
    const fy = cal.parse('2027')!;
    expect(cal.inside('quarter', fy).map((p) => p.label)).toEqual(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
    expect(cal.inside('month', cal.parse('2027-Q4')!).map((p) => p.label)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(cal.inside('quarter', cal.parse('2026-11')!)).toEqual([]);
    expect(cal.containing('quarter', cal.parse('2027-01')!.start).label).toBe('2027-Q4');
    expect(cal.fiscalYearOf(cal.parse('2027-01')!.start).label).toBe('2027');
    expect(cal.fiscalYearOf(cal.parse('2026-01')!.start).label).toBe('2026');
  });
});
