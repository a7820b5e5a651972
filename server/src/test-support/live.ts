import { calculate } from '@prestasi/engine';
import { type Db, type LiveResult, loadEngineInput, readLiveResults } from '@prestasi/db';
import { computeYear, liveResultOf } from '../live/update.js';

/**
 * What a full calculation of the fiscal year gives, as the live store keeps it (no period
 * locked), and checks that computing it in units gives what one calculation of the year does.
 */
export async function fullYear(db: Db, year: string): Promise<LiveResult[]> {
  const { input } = await loadEngineInput(db);
  const outcome = calculate(input, { period: year, summary: true });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const whole = sorted(outcome.result.results.map((r) => liveResultOf(r, year, input)));
  const units = computeYear(input, year, undefined);
  if (units.problems.length > 0 || JSON.stringify(sorted(units.results)) !== JSON.stringify(whole)) throw new Error('the year in units differs from the year at once');
  return whole;
}

/** The live store's results of the fiscal year. */
export async function storedYear(db: Db, year: string): Promise<LiveResult[]> {
  return sorted((await readLiveResults(db, {})).filter((r) => r.year === year));
}

const sorted = (rows: readonly LiveResult[]) => [...rows].sort((a, b) => (`${a.payee} ${a.plan} ${a.period}` < `${b.payee} ${b.plan} ${b.period}` ? -1 : 1));
