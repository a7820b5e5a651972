import { importWorkspace, verifyAuditLog } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

/**
 * a moves from ae to ae2 (both quarterly) in February, to sdr (monthly) for March and April and
 * back to ae from May; b is on ae until the end of Q1. So a has two plans in 2026-Q1.
 */
const TWO_PLANS = {
  ...WORKSPACE,
  'plans/sdr.yaml': 'id: sdr\nname: SDR\nperiod: month\nmeasures:\n  meetings: { count: true }\ncomponents:\n  - { id: meeting, type: spiff, per: deal, amount: 50 }\n',
  'plans/ae2.yaml': WORKSPACE['plans/ae.yaml']!.replace('id: ae\nname: AE', 'id: ae2\nname: AE two'),
  'assignments.csv':
    'payee,plan,from,to\na,ae,2026-01-01,2026-02-14\na,ae2,2026-02-15,2026-02-28\na,sdr,2026-03-01,2026-04-30\na,ae,2026-05-01,\nb,ae,2026-01-01,2026-03-31\n',
};

forEachDatabase('adjustments', (use) => {
  it.each<[string, Record<string, unknown>, number, string | undefined, unknown]>([
    ['the plan resolved when the payee has one in the period', { payee: 'b', period: '2026-Q1', amount: '150.00', reason: 'missed split' }, 201, undefined, { plan: 'ae' }],
    ['a month of the monthly plan', { payee: 'a', period: '2026-03', amount: '-20', reason: 'booth duty' }, 201, undefined, { plan: 'sdr', amount: '-20' }],
    ['an amount with more decimals than the currency', { payee: 'b', period: '2026-Q1', amount: '0.125', reason: 'rounding' }, 201, undefined, { amount: '0.125' }],
    ['the plan named among two', { payee: 'a', period: '2026-Q1', plan: 'ae2', amount: '10', reason: 'x' }, 201, undefined, { plan: 'ae2' }],
    ['no plan where the payee has two', { payee: 'a', period: '2026-Q1', amount: '10', reason: 'x' }, 400, 'INVALID_INPUT', { problems: [{ message: 'a has 2 plans in 2026-Q1 (ae, ae2): name one in the plan column' }] }],
    ['a payee not on the plan then', { payee: 'b', period: '2026-Q2', amount: '10', reason: 'x' }, 400, 'INVALID_INPUT', { problems: [{ message: 'b has no plan with period 2026-Q2' }] }],
    ['a plan the payee is not on', { payee: 'b', period: '2026-Q1', plan: 'ae2', amount: '10', reason: 'x' }, 400, 'INVALID_INPUT', { problems: [{ message: 'b is not on plan ae2 in 2026-Q1' }] }],
    ['an unknown payee', { payee: 'zz', period: '2026-Q1', amount: '10', reason: 'x' }, 400, 'INVALID_INPUT', { problems: [{ message: 'payee "zz" is not in payees.csv' }] }],
    ['an unknown plan', { payee: 'a', period: '2026-Q1', plan: 'nope', amount: '10', reason: 'x' }, 400, 'INVALID_INPUT', { problems: [{ message: 'plan "nope" is not a plan in plans/' }] }],
    ['no reason', { payee: 'b', period: '2026-Q1', amount: '10' }, 400, 'INVALID_INPUT', undefined],
    ['a blank reason', { payee: 'b', period: '2026-Q1', amount: '10', reason: '   ' }, 400, 'INVALID_INPUT', undefined],
    ['an amount as a JSON number', { payee: 'b', period: '2026-Q1', amount: 10, reason: 'x' }, 400, 'INVALID_INPUT', undefined],
    ['an amount with an exponent', { payee: 'b', period: '2026-Q1', amount: '1e3', reason: 'x' }, 400, 'INVALID_INPUT', undefined],
    ['an amount with a thousands separator', { payee: 'b', period: '2026-Q1', amount: '1,000', reason: 'x' }, 400, 'INVALID_INPUT', undefined],
    ['a period that is no period', { payee: 'b', period: '2026-Q5', amount: '1', reason: 'x' }, 400, 'INVALID_INPUT', undefined],
    ['a NUL in the reason', { payee: 'b', period: '2026-Q1', amount: '1', reason: 'a\u0000b' }, 400, 'INVALID_INPUT', undefined],
    ['an unknown field', { payee: 'b', period: '2026-Q1', amount: '1', reason: 'x', kind: 'prior_period' }, 400, 'INVALID_INPUT', undefined],
  ])('%s', async (_, body, status, code, expected) => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(TWO_PLANS), { actor: 'test' });
    const http = api(createApp({ db }));
    const res = await http.post('/api/adjustments', body, 'finance');
    expect(res.status).toBe(status);
    if (code) {
      expect(res.body.error.code).toBe(code);
      if (expected !== undefined) expect(res.body.error.details).toEqual(expected);
      expect(await db.selectFrom('adjustments').selectAll().execute()).toEqual([]);
      return;
    }
    expect(res.body).toMatchObject({ ...body, ...(expected as object), kind: 'manual', correctsPeriod: null, createdBy: 'finance@test' });
    // What the API accepted is a valid workspace: a run of the period computes it.
    const run = await http.post('/api/runs', { period: body['period'] });
    expect(run.status).toBe(201);
  });

  it('lists adjustments of the periods inside a period, and a run pays them', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(TWO_PLANS), { actor: 'test' });
    const http = api(createApp({ db }));
    await http.post('/api/adjustments', { payee: 'a', period: '2026-03', amount: '30', reason: 'booth' });
    await http.post('/api/adjustments', { payee: 'b', period: '2026-Q1', amount: '150.00', reason: 'missed split' });
    await http.post('/api/adjustments', { payee: 'a', period: '2026-04', amount: '5', reason: 'later' });
    const q1 = await http.get('/api/adjustments?period=2026-Q1');
    expect(q1.body.adjustments.map((a: any) => [a.payee, a.period, a.amount, a.reason])).toEqual([
      ['a', '2026-03', '30', 'booth'],
      ['b', '2026-Q1', '150.00', 'missed split'],
    ]);
    expect((await http.get('/api/adjustments')).body.adjustments).toHaveLength(3);
    expect((await http.get('/api/adjustments?period=2026-04')).body.adjustments).toHaveLength(1);
    expect((await http.get('/api/adjustments?kind=prior_period')).body.adjustments).toHaveLength(0);

    const run = (await http.post('/api/runs', { period: '2026-Q1' })).body.run.id;
    const results = (await http.get(`/api/runs/${run}/results`)).body.results;
    expect(results.find((r: any) => r.payee === 'b' && r.plan === 'ae')).toMatchObject({ adjustments: [{ amount: '150.00', reason: 'missed split' }], payout: '175.00' });
    expect(results.find((r: any) => r.payee === 'a' && r.plan === 'sdr')).toMatchObject({ period: '2026-03', adjustments: [{ amount: '30.00', reason: 'booth' }] });
  });

  it('refuses an adjustment into a locked period, and into a month of a locked quarter', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(TWO_PLANS), { actor: 'test' });
    const http = api(createApp({ db }));
    const run = (await http.post('/api/runs', { period: '2026-Q1' })).body.run.id;
    await http.post(`/api/runs/${run}/approve`);
    await http.post(`/api/runs/${run}/pay`);
    for (const period of ['2026-Q1', '2026-03']) {
      const res = await http.post('/api/adjustments', { payee: 'a', period, plan: period === '2026-Q1' ? 'ae' : 'sdr', amount: '1', reason: 'late' });
      expect([period, res.status, res.body.error.code]).toEqual([period, 423, 'PERIOD_LOCKED']);
    }
    expect((await http.post('/api/adjustments', { payee: 'a', period: '2026-Q2', plan: 'ae', amount: '1', reason: 'next quarter' })).status).toBe(201);
  });

  it('audits the adjustment with who made it, in the same transaction', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(TWO_PLANS), { actor: 'test' });
    const created = (await api(createApp({ db })).post('/api/adjustments', { payee: 'b', period: '2026-Q1', amount: '7', reason: 'why not' }, 'lim')).body;
    const entry = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'lim@test', action: 'adjustment.create', entity: 'adjustment', entity_id: String(created.id), before: null });
    expect(entry.after).toMatchObject({ payee: 'b', period: '2026-Q1', plan: 'ae', amount: '7', reason: 'why not', kind: 'manual' });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });
});
