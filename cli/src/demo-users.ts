import { createDemoUsers, type Db, DEMO_MANAGER, DEMO_REP, DEMO_SOURCE, randomPassword } from '@prestasi/db';
import type { Io } from './args.js';

/**
 * The demo's sign-in accounts, for a database holding the demo organisation: any that are
 * missing are created with PRESTASI_DEMO_PASSWORD, or else a random password printed this once
 * (it is never stored anywhere but as a hash, and never printed again).
 */
export async function ensureDemoUsers(db: Db, io: Io, env: NodeJS.ProcessEnv): Promise<void> {
  const demo = await db.selectFrom('import_batches').select('id').where('source', '=', DEMO_SOURCE).limit(1).executeTakeFirst();
  if (!demo) return;
  const given = env['PRESTASI_DEMO_PASSWORD'];
  const password = given !== undefined && given !== '' ? given : randomPassword();
  const created = await createDemoUsers(db, { managerPayeeId: DEMO_MANAGER, repPayeeId: DEMO_REP, password });
  if (created.length === 0) return;
  const shown = given !== undefined && given !== '' ? 'the password in PRESTASI_DEMO_PASSWORD' : `the password ${password} (shown this once; set PRESTASI_DEMO_PASSWORD to choose it)`;
  io.out(`prestasi: demo users ${created.join(', ')} sign in with ${shown}\n`);
}
