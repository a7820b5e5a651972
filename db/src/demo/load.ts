import { DomainError } from '../errors.js';
import type { Db } from '../schema.js';
import { importWorkspace, type ImportSummary } from '../workspace/import.js';
import { type DemoOrganisation, generateDemo } from './generate.js';

/** The import batch source that marks a database holding the demo organisation. */
export const DEMO_SOURCE = 'demo';

export interface LoadDemoOptions {
  /** `YYYY-MM-DD`, passed to `generateDemo`; default: today. */
  readonly today?: string;
  /** Recorded on the import batch and on the plan versions; default `demo`. */
  readonly actor?: string;
}

export type DemoLoad =
  | { readonly loaded: true; readonly demo: DemoOrganisation; readonly summary: ImportSummary }
  /** The demo was loaded before (by batch `batch`, on `at`): nothing was written. */
  | { readonly loaded: false; readonly batch: number; readonly at: Date };

/**
 * Loads the demo organisation, once. A database that already holds it is left alone, so
 * running this twice changes nothing even in a later month (whose demo has other dates: merging
 * it would move assignments and add a month of deals). A database holding anything else is
 * refused with CONFLICT: the demo's people and deals must never mix with a real company's.
 */
export async function loadDemo(db: Db, options: LoadDemoOptions = {}): Promise<DemoLoad> {
  const earlier = await db.selectFrom('import_batches').select(['id', 'created_at']).where('source', '=', DEMO_SOURCE).orderBy('id').limit(1).executeTakeFirst();
  if (earlier !== undefined) return { loaded: false, batch: earlier.id, at: earlier.created_at };
  if (await holdsPayees(db)) {
    throw new DomainError('CONFLICT', 'the database already holds an organisation: load the demo into an empty database');
  }
  const demo = generateDemo(options.today === undefined ? {} : { today: options.today });
  // Two first starts racing here both import the same bytes; imports take turns, and the second
  // one changes nothing.
  const summary = await importWorkspace(db, demo.files, { actor: options.actor ?? DEMO_SOURCE, source: DEMO_SOURCE });
  return { loaded: true, demo, summary };
}

/** Whether any payee exists: the server creates the demo on its first start, before there are any. */
export async function holdsPayees(db: Db): Promise<boolean> {
  return (await db.selectFrom('payees').select('id').limit(1).executeTakeFirst()) !== undefined;
}
