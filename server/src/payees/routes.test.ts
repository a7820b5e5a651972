import { type Db, importWorkspace, type Role } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

/** a manages b, who manages c; d is on their own. */
const FIXTURE = { ...WORKSPACE, 'payees.csv': 'id,name,email,manager,team\na,Aisyah,a@contoh.my,,north\nb,Boon,,a,north\nc,Chong,,b,north\nd,Devi,,,south\n' };

const ROW = {
  a: { id: 'a', name: 'Aisyah', email: 'a@contoh.my', manager: null, team: 'north' },
  b: { id: 'b', name: 'Boon', email: null, manager: 'a', team: 'north' },
  c: { id: 'c', name: 'Chong', email: null, manager: 'b', team: 'north' },
  d: { id: 'd', name: 'Devi', email: null, manager: null, team: 'south' },
};

async function fresh(db: Db, role: Role, payeeId: string | null) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(FIXTURE), { actor: 'test' });
  return api(createApp({ db, role, payeeId }));
}

forEachDatabase('payees as each role sees them', (use) => {
  it.each<[Role, string | null, (keyof typeof ROW)[]]>([
    ['rep', 'c', ['c']],
    ['manager', 'b', ['b', 'c']],
    ['manager', 'a', ['a', 'b', 'c']],
    ['finance', null, ['a', 'b', 'c', 'd']],
    ['admin', null, ['a', 'b', 'c', 'd']],
  ])('a %s linked to %s sees %j', async (role, payee, ids) => {
    const http = await fresh(use().db, role, payee);
    expect((await http.get('/api/payees')).body).toEqual({ payees: ids.map((id) => ROW[id]) });
  });
});
