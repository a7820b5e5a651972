/** The fiscal quarter containing today, as a period key (the demo's fiscal year is the calendar year; the inputs take any period). */
export function thisQuarter(today = new Date()): string {
  return `${today.getFullYear()}-Q${Math.floor(today.getMonth() / 3) + 1}`;
}
