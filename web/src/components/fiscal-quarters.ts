/**
 * Quarter names as the workspace spec gives them: a fiscal year is named after the calendar year
 * it ends in, so with a fiscal year starting in April, May 2026 is in 2027-Q1. The server says
 * which month the organisation's year starts in (`fiscalYearStart` of GET /api/me).
 */
export function fiscalQuarter(today: Date, fiscalYearStart: number): { year: number; quarter: number } {
  const month = today.getMonth() + 1;
  const year = today.getFullYear();
  const monthsIn = (month - fiscalYearStart + 12) % 12;
  return { year: fiscalYearStart === 1 || month < fiscalYearStart ? year : year + 1, quarter: Math.floor(monthsIn / 3) + 1 };
}

/** The fiscal quarter holding `today`, and `back` quarters before it, newest first, as period keys. */
export function recentQuarters(today: Date, back: number, fiscalYearStart: number): string[] {
  const out: string[] = [];
  let { year, quarter } = fiscalQuarter(today, fiscalYearStart);
  for (let i = 0; i <= back; i++) {
    out.push(`${year}-Q${quarter}`);
    if (--quarter === 0) {
      quarter = 4;
      year--;
    }
  }
  return out;
}

export function currentQuarter(fiscalYearStart: number, today = new Date()): string {
  return recentQuarters(today, 0, fiscalYearStart)[0]!;
}
