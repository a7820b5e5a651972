import { importWorkspace, verifyAuditLog } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

/** A plan with monthly periods beside the quarterly one, to lock a quarter and then try its months. */
const MONTHLY = {
  ...WORKSPACE,
  'payees.csv': 'id,name,manager\na,Aisyah,\nb,Boon,a\nc,Chong,\n',
  'plans/sdr.yaml': 'id: sdr\nname: SDR\nperiod: month\nmeasures:\n  meetings: { count: true }\ncomponents:\n  - { id: meeting, type: spiff, per: deal, amount: 50 }\n',
  'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,\nc,sdr,2026-01-01,\n',
  'transactions.csv': 'id,date,amount,owner,splits,region\nt1,2026-01-10,1000,a,,north\nt2,2026-02-10,500,,a:50;b:50,south\nm1,2026-02-03,0,c,,north\n',
};

type Step = ['create' | 'approve' | 'pay', string | number, number, string?];

forEachDatabase('run approval', (use) => {
  // Each case: steps of [what, period or the index of a run created before, status, error code].
  it.each<[string, Step[]]>([
    ['draft → approved → paid', [['create', '2026-Q1', 201], ['approve', 0, 200], ['pay', 0, 200]]],
    ['paying a draft', [['create', '2026-Q1', 201], ['pay', 0, 409, 'CONFLICT']]],
    ['approving twice', [['create', '2026-Q1', 201], ['approve', 0, 200], ['approve', 0, 409, 'CONFLICT']]],
    ['paying twice', [['create', '2026-Q1', 201], ['approve', 0, 200], ['pay', 0, 200], ['pay', 0, 409, 'CONFLICT']]],
    ['approving a paid run', [['create', '2026-Q1', 201], ['approve', 0, 200], ['pay', 0, 200], ['approve', 0, 409, 'CONFLICT']]],
    ['approving a run that is not the latest', [['create', '2026-Q1', 201], ['create', '2026-Q1', 201], ['approve', 0, 409, 'CONFLICT'], ['approve', 1, 200]]],
    ['paying an approved run overtaken by a newer one', [['create', '2026-Q1', 201], ['approve', 0, 200], ['create', '2026-Q1', 201], ['pay', 0, 409, 'CONFLICT']]],
    ['a new run of a paid period', [['create', '2026-Q1', 201], ['approve', 0, 200], ['pay', 0, 200], ['create', '2026-Q1', 423, 'PERIOD_LOCKED']]],
    ['a run of a month inside a paid quarter', [['create', '2026-Q1', 201], ['approve', 0, 200], ['pay', 0, 200], ['create', '2026-02', 423, 'PERIOD_LOCKED']]],
    ['a run of the year around a paid quarter', [['create', '2026-Q1', 201], ['approve', 0, 200], ['pay', 0, 200], ['create', '2026', 423, 'PERIOD_LOCKED']]],
    ['the next quarter after a paid one', [['create', '2026-Q1', 201], ['approve', 0, 200], ['pay', 0, 200], ['create', '2026-Q2', 201], ['approve', 1, 200], ['pay', 1, 200]]],
    [
      'approving a draft left in a period another run paid',
      [['create', '2026-Q1', 201], ['create', '2026-Q1', 201], ['approve', 1, 200], ['pay', 1, 200], ['approve', 0, 423, 'PERIOD_LOCKED']],
    ],
    [
      'paying a quarter whose month is paid',
      [['create', '2026-Q1', 201], ['approve', 0, 200], ['create', '2026-02', 201], ['approve', 1, 200], ['pay', 1, 200], ['pay', 0, 423, 'PERIOD_LOCKED']],
    ],
    ['approving an unknown run', [['approve', 99, 404, 'NOT_FOUND']]],
  ])('%s', async (_, steps) => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(MONTHLY), { actor: 'test' });
    const http = api(createApp({ db }));
    const runs: number[] = [];
    for (const [what, arg, status, code] of steps) {
      const id = typeof arg === 'number' ? (runs[arg] ?? arg * 1000) : undefined;
      const res = what === 'create' ? await http.post('/api/runs', { period: arg }, 'maker') : await http.post(`/api/runs/${id}/${what}`, undefined, 'checker');
      expect({ step: `${what} ${arg}`, status: res.status, code: res.body.error?.code }).toEqual({ step: `${what} ${arg}`, status, code });
      if (what === 'create' && status === 201) runs.push(res.body.run.id);
      if (what !== 'create' && status === 200) expect(res.body).toMatchObject({ id, status: what === 'approve' ? 'approved' : 'paid' });
    }
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('records who approved and paid, locks the period, and audits each step with before and after', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(), { actor: 'test' });
    const http = api(createApp({ db }));
    // The audit log outlives emptyDatabase: look only at what this test adds.
    const since = (await db.selectFrom('audit_log').select(({ fn }) => fn.max('id').as('id')).executeTakeFirst())?.id ?? '0';
    const { id } = (await http.post('/api/runs', { period: '2026-Q1' }, 'maker')).body.run;
    const approved = await http.post(`/api/runs/${id}/approve`, undefined, 'finance');
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'finance@test', paidAt: null, latest: true });
    const paid = await http.post(`/api/runs/${id}/pay`, undefined, 'payroll');
    expect(paid.body).toMatchObject({ status: 'paid', approvedBy: 'finance@test', paidBy: 'payroll@test' });
    expect(await db.selectFrom('locked_periods').select(['period', 'run_id']).execute()).toEqual([{ period: '2026-Q1', run_id: id }]);
    const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'entity_id', 'before', 'after']).where('entity', '=', 'run').where('id', '>', since).orderBy('id').execute();
    expect(audit.map((a) => [a.actor, a.action, a.entity_id, a.before])).toEqual([
      ['maker@test', 'run.create', String(id), null],
      ['finance@test', 'run.approve', String(id), { status: 'draft' }],
      ['payroll@test', 'run.pay', String(id), { status: 'approved' }],
    ]);
    expect(audit[2]!.after).toMatchObject({ status: 'paid', paidBy: 'payroll@test', locked: { period: '2026-Q1' } });
  });
});
