import { type Day, firstDayOfMonthIndex, monthIndexOfDay } from './day.js';

export type PeriodKind = 'month' | 'quarter' | 'year';

/**
 * A plan period or a selected period. `key` orders periods of one kind and identifies them
 * within it; `start`/`end` are inclusive days.
 */
export interface Period {
  readonly kind: PeriodKind;
  readonly label: string;
  readonly key: number;
  readonly start: Day;
  readonly end: Day;
}

const LABEL = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$/;

/**
 * Periods under one fiscal calendar. A fiscal year is named after the calendar year in which
 * it ends, so with a start in April, `2027` runs 2026-04-01..2027-03-31.
 */
export class FiscalCalendar {
  /** Month offset of the fiscal year start from January (0 for January). */
  private readonly offset: number;

  constructor(readonly fiscalYearStart: number) {
    if (!Number.isInteger(fiscalYearStart) || fiscalYearStart < 1 || fiscalYearStart > 12) {
      throw new RangeError(`fiscal_year_start must be a month 1-12, not ${fiscalYearStart}`);
    }
    this.offset = fiscalYearStart - 1;
  }

  /** First month index of fiscal year `year`. */
  private fiscalYearStartMonth(year: number): number {
    return year * 12 + this.offset - (this.offset > 0 ? 12 : 0);
  }

  private fiscalYearOfMonth(monthIndex: number): number {
    return Math.floor((monthIndex - this.offset) / 12) + (this.offset > 0 ? 1 : 0);
  }

  parse(label: string): Period | undefined {
    // A quotas file names the same few periods on every row.
    let period = this.parsed.get(label);
    if (period === undefined) {
      period = this.parseLabel(label);
      if (period !== undefined) this.parsed.set(label, period);
    }
    return period;
  }

  /** Labels parsed so far (only valid ones, so hostile input cannot grow it beyond the valid labels). */
  private readonly parsed = new Map<string, Period>();

  private parseLabel(label: string): Period | undefined {
    const m = LABEL.exec(label);
    if (!m) return undefined;
    const year = Number(m[1]);
    if (m[2] !== undefined) {
      const month = Number(m[2]);
      if (month < 1 || month > 12) return undefined;
      return this.byKey('month', year * 12 + month - 1);
    }
    if (m[3] !== undefined) return this.byKey('quarter', (this.fiscalYearStartMonth(year) - this.offset) / 3 + Number(m[3]) - 1);
    return this.byKey('year', year);
  }

  /** The period of `kind` containing `day`. */
  containing(kind: PeriodKind, day: Day): Period {
    return this.byKey(kind, this.keyOf(kind, day));
  }

  /** The key of the period of `kind` containing `day`, without building the period. */
  keyOf(kind: PeriodKind, day: Day): number {
    return this.keyOfMonth(kind, monthIndexOfDay(day));
  }

  /** The key of the period of `kind` containing month index `mi` (see `monthIndexOfDay`). */
  keyOfMonth(kind: PeriodKind, mi: number): number {
    switch (kind) {
      case 'month':
        return mi;
      case 'quarter':
        return Math.floor((mi - this.offset) / 3);
      case 'year':
        return this.fiscalYearOfMonth(mi);
    }
  }

  /**
   * Periods are immutable, and a run asks for the same few thousands of times (every span of
   * every payee), so each is built once per calendar.
   */
  private readonly built = { month: new Map<number, Period>(), quarter: new Map<number, Period>(), year: new Map<number, Period>() };

  byKey(kind: PeriodKind, key: number): Period {
    const built = this.built[kind];
    let period = built.get(key);
    if (period === undefined) built.set(key, (period = this.build(kind, key)));
    return period;
  }

  private build(kind: PeriodKind, key: number): Period {
    switch (kind) {
      case 'month':
        return this.month(key);
      case 'quarter':
        return this.quarter(key);
      case 'year':
        return this.year(key);
    }
  }

  /** The periods of `kind` that lie wholly inside `outer`, in order. */
  inside(kind: PeriodKind, outer: Period): Period[] {
    const periods: Period[] = [];
    for (let key = this.keyOf(kind, outer.start); ; key++) {
      const p = this.byKey(kind, key);
      if (p.start > outer.end) break;
      if (p.start >= outer.start && p.end <= outer.end) periods.push(p);
    }
    return periods;
  }

  fiscalYearOf(day: Day): Period {
    return this.containing('year', day);
  }

  private month(mi: number): Period {
    const year = Math.floor(mi / 12);
    const label = `${String(year).padStart(4, '0')}-${String((mi % 12) + 1).padStart(2, '0')}`;
    return { kind: 'month', label, key: mi, start: firstDayOfMonthIndex(mi), end: firstDayOfMonthIndex(mi + 1) - 1 };
  }

  /** Quarter keys count quarters from the fiscal month offset: key × 3 + offset is its first month. */
  private quarter(key: number): Period {
    const first = key * 3 + this.offset;
    const year = this.fiscalYearOfMonth(first);
    const n = Math.floor((first - this.fiscalYearStartMonth(year)) / 3) + 1;
    return {
      kind: 'quarter',
      label: `${String(year).padStart(4, '0')}-Q${n}`,
      key,
      start: firstDayOfMonthIndex(first),
      end: firstDayOfMonthIndex(first + 3) - 1,
    };
  }

  private year(year: number): Period {
    const first = this.fiscalYearStartMonth(year);
    return {
      kind: 'year',
      label: String(year).padStart(4, '0'),
      key: year,
      start: firstDayOfMonthIndex(first),
      end: firstDayOfMonthIndex(first + 12) - 1,
    };
  }
}
