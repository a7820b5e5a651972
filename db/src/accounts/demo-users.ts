import type { Db, Role } from '../schema.js';
import { insertUser } from './users.js';

export const DEMO_DOMAIN = 'demo.prestasi.my';

export interface DemoUsers {
  /** A first-line manager of at least 5 reps. */
  readonly managerPayeeId: string;
  /** One of that manager's reps. */
  readonly repPayeeId: string;
  readonly password: string;
}

/**
 * The demo organisation's four users, admin@, finance@, manager@ and rep@demo.prestasi.my, all
 * with `password`. Users that exist already are left as they are; returns the emails created.
 */
export async function createDemoUsers(db: Db, demo: DemoUsers): Promise<string[]> {
  const users: { local: string; role: Role; payeeId: string | null; name: string }[] = [
    { local: 'admin', role: 'admin', payeeId: null, name: 'Demo administrator' },
    { local: 'finance', role: 'finance', payeeId: null, name: 'Demo finance' },
    { local: 'manager', role: 'manager', payeeId: demo.managerPayeeId, name: 'Demo manager' },
    { local: 'rep', role: 'rep', payeeId: demo.repPayeeId, name: 'Demo rep' },
  ];
  const created: string[] = [];
  for (const u of users) {
    const email = `${u.local}@${DEMO_DOMAIN}`;
    if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) continue;
    await insertUser(db, { email, name: u.name, role: u.role, payeeId: u.payeeId, password: demo.password });
    created.push(email);
  }
  return created;
}
