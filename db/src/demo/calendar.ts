import { civilFromDay, type Day, dayFromCivil, FiscalCalendar, formatDay, monthIndexOfDay, parseDay } from '@prestasi/engine';

/** The demo's fiscal year is the calendar year, as for most Malaysian private companies. */
export const DEMO_FISCAL_YEAR_START = 1;
export const DEMO_CALENDAR = new FiscalCalendar(DEMO_FISCAL_YEAR_START);

/**
 * The twelve full months before `today`'s month: the demo's year of deals. It depends only on
 * the month of `today`, so the demo generated on any day of one month is the same workspace.
 */
export interface DemoWindow {
  readonly today: Day;
  /** Month indexes (year × 12 + month − 1) of the twelve months, oldest first. */
  readonly months: readonly number[];
  readonly from: Day;
  readonly to: Day;
  /** The last day quotas are written for: the end of the fiscal year containing `today`. */
  readonly quotasUntil: Day;
}

export function demoWindow(todayText: string): DemoWindow {
  const today = parseDay(todayText);
  if (today === undefined) throw new RangeError(`today must be a date YYYY-MM-DD, not "${todayText}"`);
  const current = monthIndexOfDay(today);
  const months = Array.from({ length: 12 }, (_, i) => current - 12 + i);
  return {
    today,
    months,
    from: firstDayOf(months[0]!),
    to: firstDayOf(current) - 1,
    quotasUntil: DEMO_CALENDAR.fiscalYearOf(today).end,
  };
}

export function firstDayOf(monthIndex: number): Day {
  return dayFromCivil(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

export function lastDayOf(monthIndex: number): Day {
  return firstDayOf(monthIndex + 1) - 1;
}

/** Monday to Friday of a month, from `notBefore` on. */
export function workingDays(monthIndex: number, notBefore: Day = -Infinity): Day[] {
  const days: Day[] = [];
  for (let d = Math.max(firstDayOf(monthIndex), notBefore); d <= lastDayOf(monthIndex); d++) {
    // Day 0 (1970-01-01) was a Thursday: (d + 4) mod 7 is 0 on Sundays.
    const weekday = (((d + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) days.push(d);
  }
  return days;
}

/** Today in the machine's time zone, as the calendar on the wall says. */
export function localToday(now: Date = new Date()): string {
  return formatDay(dayFromCivil(now.getFullYear(), now.getMonth() + 1, now.getDate()));
}

export { civilFromDay, formatDay };
