import { fileURLToPath } from 'node:url';
import { calculate } from '@prestasi/engine';
import { type Connection, type Db, importWorkspace, type LiveResult, loadEngineInput, readLiveResults } from '@prestasi/db';
import { readWorkspaceFolder } from '@prestasi/workspace';
import { afterAll, beforeAll } from 'vitest';
import { LiveHub } from '../live/hub.js';
import { computeYear, liveResultOf } from '../live/update.js';

export const EXAMPLE = fileURLToPath(new URL('../../../examples/malaysia-2026/', import.meta.url));

/**
 * For a forEachDatabase block: its database holding examples/malaysia-2026 and a live hub on it,
 * closed after the block; with `keep`, 2026 is computed and kept live from the start (else the
 * first deal into it does that).
 */
export function exampleHub(use: () => Connection, options: { readonly keep: boolean }): () => LiveHub {
  let hub: LiveHub | undefined;
  beforeAll(async () => {
    await importWorkspace(use().db, readWorkspaceFolder(EXAMPLE), { actor: 'test' });
    hub = new LiveHub(use().db);
    if (options.keep) await hub.update({ keep: ['2026'] });
  });
  afterAll(async () => {
    await hub?.close();
  });
  return () => {
    if (!hub) throw new Error('no live hub: the block’s setup failed');
    return hub;
  };
}

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
