import { createSession, type Db, importWorkspace, insertUser, type Role } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';
import { TEST_ORIGIN } from '../test-support/auth.js';
import { workspaceBytes, WORKSPACE } from '../test-support/workspace.js';

/** m manages r1 and r2; r2 manages r3 (so m's subtree is m, r1, r2, r3); x is elsewhere, under nobody. */
const ORG = {
  ...WORKSPACE,
  'payees.csv': 'id,name,manager\nm,Mei Ling,\nr1,Rahim,m\nr2,Ravi,m\nr3,Rosli,r2\nx,Xavier,\n',
  'assignments.csv': 'payee,plan,from,to\nm,ae,2026-01-01,\nr1,ae,2026-01-01,\nr2,ae,2026-01-01,\nr3,ae,2026-01-01,\nx,ae,2026-01-01,\n',
  'transactions.csv': 'id,date,amount,owner,splits,region\nt1,2026-01-10,1000,r1,,north\nt2,2026-02-10,500,r3,,south\nt3,2026-02-11,700,x,,south\nt4,2026-03-01,900,m,,north\n',
  'adjustments.csv': 'payee,period,plan,amount,reason\nr1,2026-Q1,,10,one\nx,2026-Q1,,20,two\nr3,2026-Q1,,30,three\n',
};

type Who = 'rep' | 'manager' | 'finance' | 'admin';
const PAYEE_OF: Record<Who, string | null> = { rep: 'r1', manager: 'm', finance: null, admin: null };

async function setUp(db: Db) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(ORG), { actor: 'importer@test' });
  const cookies = new Map<Who, string>();
  for (const who of Object.keys(PAYEE_OF) as Who[]) {
    const user = await insertUser(db, { email: `${who}@rows.test`, role: who as Role, payeeId: PAYEE_OF[who] });
    cookies.set(who, `prestasi_session=${(await createSession(db, user.id, { ttlSeconds: 600, via: 'password' })).token}`);
  }
  const app = createApp({ db });
  const as = (who: Who) => async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { cookie: cookies.get(who)!, origin: TEST_ORIGIN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const run = (await as('finance')('POST', '/api/runs', { period: '2026-Q1' })).body.run.id as number;
  return { as, run };
}

forEachDatabase('row-level access', (use) => {
  it.each<[Who, string[]]>([
    ['rep', ['r1']],
    ['manager', ['m', 'r1', 'r2', 'r3']],
    ['finance', ['m', 'r1', 'r2', 'r3', 'x']],
  ])('a %s sees the statements, results and adjustments of %j only; any other payee is 404 as an unknown one', async (who, sees) => {
    const { as, run } = await setUp(use().db);
    const call = as(who);
    for (const payee of ['m', 'r1', 'r2', 'r3', 'x']) {
      const res = await call('GET', `/api/statements/${payee}?period=2026-Q1`);
      if (sees.includes(payee)) expect(res.status, payee).toBe(200);
      else expect(res, payee).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: `no payee ${payee}`, details: null } } });
    }
    // Hidden payees look exactly like payees that do not exist.
    if (who !== 'finance') expect((await call('GET', '/api/statements/nobody?period=2026-Q1')).body.error.code).toBe('NOT_FOUND');
    const results = await call('GET', `/api/runs/${run}/results`);
    expect(results.status).toBe(200);
    expect(results.body.results.map((r: { payee: string }) => r.payee).sort()).toEqual(sees);
    const filtered = await call('GET', `/api/runs/${run}/results?payee=x`);
    expect(filtered.body.results.length).toBe(sees.includes('x') ? 1 : 0);
    // A page holds only what the caller sees: hidden payees take no room in it.
    const page = await call('GET', `/api/runs/${run}/results?limit=1`);
    expect(page.body.results.map((r: { payee: string }) => r.payee)).toEqual(sees.slice(0, 1));
    expect(page.body.next).toBe(sees.length > 1 ? sees[0] : null);
    const adjustments = await call('GET', '/api/adjustments?period=2026-Q1');
    expect(adjustments.body.adjustments.map((a: { payee: string }) => a.payee).sort()).toEqual(['r1', 'r3', 'x'].filter((p) => sees.includes(p)));
  });

  it('an admin sees no pay at all: every pay route is 403', async () => {
    const { as, run } = await setUp(use().db);
    for (const path of [`/api/statements/r1?period=2026-Q1`, `/api/runs/${run}/results`, '/api/adjustments', '/api/runs', `/api/runs/${run}/payroll.json`, '/api/disputes']) {
      expect((await as('admin')('GET', path)).status, path).toBe(403);
    }
  });

  it('disputes: a rep raises and reads their own; another payee’s is 404; a manager sees their subtree’s', async () => {
    const { as } = await setUp(use().db);
    const raise = (who: Who, payee: string) => as(who)('POST', '/api/disputes', { payee, period: '2026-Q1', subject: 'Missing deal', comment: 'Where is my deal?' });
    const own = await raise('rep', 'r1');
    expect(own.status).toBe(201);
    expect(own.body.raisedBy).toBe('rep@rows.test');
    expect(await raise('rep', 'x')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no payee x' } } });
    expect((await raise('manager', 'r3')).status).toBe(201);
    expect((await raise('manager', 'x')).status).toBe(404);
    const other = await raise('finance', 'x');
    expect(other.status).toBe(201);
    expect((await as('rep')('GET', '/api/disputes')).body.disputes.map((d: { payee: string }) => d.payee)).toEqual(['r1']);
    expect((await as('manager')('GET', '/api/disputes')).body.disputes.map((d: { payee: string }) => d.payee)).toEqual(['r1', 'r3']);
    expect((await as('rep')('GET', `/api/disputes/${other.body.id}`))).toMatchObject({ status: 404, body: { error: { message: `dispute ${other.body.id} does not exist` } } });
    expect((await as('rep')('POST', `/api/disputes/${other.body.id}/comments`, { body: 'me too' })).status).toBe(404);
    expect((await as('rep')('POST', `/api/disputes/${own.body.id}/comments`, { body: 'any news?' })).status).toBe(201);
    expect((await as('rep')('POST', `/api/disputes/${own.body.id}/assign`, { assignee: 'me' })).status).toBe(403);
  });

  it('a manager asks for an adjustment of a rep below them; finance approves (adding it) or rejects; nobody decides their own', async () => {
    const { as } = await setUp(use().db);
    const ask = (payee: string, who: Who = 'manager') => as(who)('POST', '/api/adjustment-requests', { payee, period: '2026-Q1', amount: '250.00', reason: 'SPIFF for the Genting deal' });
    const asked = await ask('r3');
    expect(asked).toMatchObject({ status: 201, body: { payee: 'r3', plan: 'ae', status: 'open', requestedBy: 'manager@rows.test', adjustment: null } });
    expect((await ask('x')).status).toBe(404);
    expect((await ask('m')).status).toBe(403);
    expect((await ask('r1', 'rep')).status).toBe(403);
    expect((await as('manager')('POST', '/api/adjustments', { payee: 'r3', period: '2026-Q1', amount: '1', reason: 'direct' })).status).toBe(403);
    expect((await as('manager')('POST', `/api/adjustment-requests/${asked.body.id}/approve`)).status).toBe(403);
    const approved = await as('finance')('POST', `/api/adjustment-requests/${asked.body.id}/approve`);
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', decidedBy: 'finance@rows.test', adjustment: expect.any(Number) } });
    expect((await as('finance')('POST', `/api/adjustment-requests/${asked.body.id}/approve`)).status).toBe(409);
    const adjustments = (await as('finance')('GET', '/api/adjustments?period=2026-Q1')).body.adjustments;
    expect(adjustments.find((a: { id: number }) => a.id === approved.body.adjustment)).toMatchObject({ payee: 'r3', amount: '250.00', createdBy: 'finance@rows.test' });
    const second = await ask('r2');
    const rejected = await as('finance')('POST', `/api/adjustment-requests/${second.body.id}/reject`, { reason: 'Paid through the SPIFF plan' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'Paid through the SPIFF plan', adjustment: null });
    expect((await as('manager')('GET', '/api/adjustment-requests')).body.requests.map((r: { status: string }) => r.status)).toEqual(['approved', 'rejected']);
  });
});
