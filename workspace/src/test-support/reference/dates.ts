// Dates as whole days since 1970-01-01 (UTC), and Prestasi periods.

export type Day = number;
export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  readonly name: string;
  readonly kind: PeriodKind;
  /** inclusive bounds */
  readonly start: Day;
  readonly end: Day;
}

const MS_PER_DAY = 86_400_000;

export function dayFromYmd(y: number, m: number, d: number): Day {
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function ymdFromDay(day: Day): { y: number; m: number; d: number } {
  const date = new Date(day * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function pad(n: number, width: number): string {
  let s = String(n);
  while (s.length < width) s = '0' + s;
  return s;
}

export function formatDay(day: Day): string {
  const { y, m, d } = ymdFromDay(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Parses YYYY-MM-DD; undefined when malformed or not a real calendar date. */
export function parseDate(text: string): Day | undefined {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (match === null) return undefined;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1) return undefined;
  const day = dayFromYmd(y, m, d);
  const back = ymdFromDay(day);
  if (back.y !== y || back.m !== m || back.d !== d) return undefined;
  return day;
}

/** Adds months to a (year, month) pair. */
function addMonths(y: number, m: number, k: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + k;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

function lastDayOfMonthSpan(y: number, m: number, months: number): Day {
  const next = addMonths(y, m, months);
  return dayFromYmd(next.y, next.m, 1) - 1;
}

/** Fiscal year `fy` (named by the calendar year in which it ends) starts at this (year, month). */
function fiscalYearStart(fy: number, fys: number): { y: number; m: number } {
  return fys === 1 ? { y: fy, m: 1 } : { y: fy - 1, m: fys };
}

export function monthPeriod(y: number, m: number): Period {
  return {
    name: `${pad(y, 4)}-${pad(m, 2)}`,
    kind: 'month',
    start: dayFromYmd(y, m, 1),
    end: lastDayOfMonthSpan(y, m, 1),
  };
}

export function quarterPeriod(fy: number, q: number, fys: number): Period {
  const s = fiscalYearStart(fy, fys);
  const qs = addMonths(s.y, s.m, (q - 1) * 3);
  return {
    name: `${pad(fy, 4)}-Q${q}`,
    kind: 'quarter',
    start: dayFromYmd(qs.y, qs.m, 1),
    end: lastDayOfMonthSpan(qs.y, qs.m, 3),
  };
}

export function yearPeriod(fy: number, fys: number): Period {
  const s = fiscalYearStart(fy, fys);
  return {
    name: pad(fy, 4),
    kind: 'year',
    start: dayFromYmd(s.y, s.m, 1),
    end: lastDayOfMonthSpan(s.y, s.m, 12),
  };
}

/** Fiscal year name and quarter number of a calendar month. */
function fiscalOfMonth(y: number, m: number, fys: number): { fy: number; q: number } {
  const fy = fys === 1 ? y : m >= fys ? y + 1 : y;
  const offset = (m - fys + 12) % 12;
  return { fy, q: Math.floor(offset / 3) + 1 };
}

export function periodContaining(kind: PeriodKind, day: Day, fys: number): Period {
  const { y, m } = ymdFromDay(day);
  if (kind === 'month') return monthPeriod(y, m);
  const { fy, q } = fiscalOfMonth(y, m, fys);
  if (kind === 'quarter') return quarterPeriod(fy, q, fys);
  return yearPeriod(fy, fys);
}

export function parsePeriod(text: string, fys: number): Period | undefined {
  let match = /^([0-9]{4})-([0-9]{2})$/.exec(text);
  if (match !== null) {
    const m = Number(match[2]);
    if (m < 1 || m > 12) return undefined;
    return monthPeriod(Number(match[1]), m);
  }
  match = /^([0-9]{4})-Q([1-4])$/.exec(text);
  if (match !== null) return quarterPeriod(Number(match[1]), Number(match[2]), fys);
  match = /^([0-9]{4})$/.exec(text);
  if (match !== null) return yearPeriod(Number(match[1]), fys);
  return undefined;
}

/** The fiscal year containing a period. */
export function fiscalYearOf(p: Period, fys: number): Period {
  return periodContaining('year', p.start, fys);
}

/** Periods of `kind` that lie entirely inside `outer`, in order. */
export function periodsInside(kind: PeriodKind, outer: Period, fys: number): Period[] {
  const out: Period[] = [];
  let p = periodContaining(kind, outer.start, fys);
  while (p.start <= outer.end) {
    if (p.start >= outer.start && p.end <= outer.end) out.push(p);
    p = periodContaining(kind, p.end + 1, fys);
  }
  return out;
}

/** Periods of `kind` that overlap [from, to], in order. */
export function periodsOverlapping(kind: PeriodKind, from: Day, to: Day, fys: number): Period[] {
  const out: Period[] = [];
  let p = periodContaining(kind, from, fys);
  while (p.start <= to) {
    out.push(p);
    p = periodContaining(kind, p.end + 1, fys);
  }
  return out;
}
