import { importWorkspace } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

const PAYEES = 'id,name,email,manager,team\na,Aisyah,aisyah@contoh.my,,north\nb,Boon,,a,\nc,Chong,,,\n';
const TX = 'id,date,amount,owner,splits,region\nt1,2026-01-10,1000,a,,north\nt2,2026-02-10,500,,a:50;b:50,south\nt4,2026-04-02,300,a,,north\n';
const files = (extra = '') => workspaceBytes({ ...WORKSPACE, 'payees.csv': PAYEES, 'transactions.csv': TX + extra });

forEachDatabase('GET /api/statements/{payee}', (use) => {
  async function paidQ1ThenLateDealAndQ2() {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'test' });
    const http = api(createApp({ db }));
    const q1 = (await http.post('/api/runs', { period: '2026-Q1' })).body.run.id;
    await http.post(`/api/runs/${q1}/approve`);
    await http.post(`/api/runs/${q1}/pay`);
    expect((await http.post('/api/adjustments', { payee: 'a', period: '2026-Q2', amount: '12.34', reason: 'parking' })).status).toBe(201);
    await importWorkspace(db, files('t3,2026-03-15,2000,a,,north\n'), { actor: 'test' });
    const q2 = (await http.post('/api/runs', { period: '2026-Q2' })).body.run.id;
    return { http, q1, q2 };
  }

  it("gives every line with its explanation, the labelled adjustments, which run it comes from, and what was paid earlier in the year", async () => {
    const { http, q1, q2 } = await paidQ1ThenLateDealAndQ2();
    const res = await http.get('/api/statements/a?period=2026-Q2');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.payee).toEqual({ id: 'a', name: 'Aisyah', email: 'aisyah@contoh.my', team: 'north' });
    expect(s.run).toMatchObject({ id: q2, period: '2026-Q2', number: 1, status: 'draft', latest: true });
    expect(s.results).toHaveLength(1);
    const r = s.results[0];
    expect(r).toMatchObject({ payee: 'a', plan: 'ae', period: '2026-Q2', currency: 'MYR', measures: { bookings: '300.00' }, quotas: {}, attainment: {} });
    expect(r.components).toEqual([
      {
        id: 'commission',
        earned: '30.00',
        uncapped: '30.00',
        explanation: expect.any(String),
        lines: [{ transaction: 't4', amount: '30.00', explanation: expect.stringContaining('t4') }],
      },
    ]);
    expect(r.adjustments).toEqual([
      expect.objectContaining({ amount: '12.34', reason: 'parking', kind: 'manual', priorPeriod: false, correctsTransaction: null }),
      expect.objectContaining({
        amount: '200.00',
        kind: 'prior_period',
        priorPeriod: true,
        correctsTransaction: 't3',
        correctsPeriod: '2026-Q1',
        correctsPlan: 'ae',
        correctsComponent: 'commission',
        correctsKind: 'line',
        reason: expect.stringMatching(/deal t3.*2026-Q1/),
      }),
    ]);
    expect(r.draw).toEqual({ paid: '0.00', recovered: '0.00', balance: '0.00' });
    expect(r.payout).toBe('242.34');
    expect(s.totals).toEqual([{ currency: 'MYR', payout: '242.34' }]);
    expect(s.paidBefore).toEqual({
      fiscalYear: '2026',
      periods: [{ period: '2026-Q1', run: q1, number: 1, paidAt: expect.any(String), currency: 'MYR', payout: '125.00' }],
      totals: [{ currency: 'MYR', payout: '125.00' }],
    });
  });

  it('says the run is paid once it is, and nothing was paid before the first quarter', async () => {
    const { http, q1 } = await paidQ1ThenLateDealAndQ2();
    const s = (await http.get('/api/statements/b?period=2026-Q1')).body;
    expect(s.run).toMatchObject({ id: q1, status: 'paid' });
    expect(s.results.map((r: any) => r.payout)).toEqual(['25.00']);
    expect(s.paidBefore).toEqual({ fiscalYear: '2026', periods: [], totals: [] });
  });

  it.each([
    ['an unknown payee', '/api/statements/zz?period=2026-Q2', 404, 'NOT_FOUND'],
    ['a period without a run', '/api/statements/a?period=2026-Q3', 404, 'NOT_FOUND'],
    ['no period', '/api/statements/a', 400, 'INVALID_INPUT'],
    ['a period that is no period', '/api/statements/a?period=2026-Q0', 400, 'INVALID_INPUT'],
  ])('answers %s', async (_, path, status, code) => {
    const { http } = await paidQ1ThenLateDealAndQ2();
    const res = await http.get(path);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });

  it('gives a payee without a result in the run an empty statement of that run', async () => {
    const { http, q2 } = await paidQ1ThenLateDealAndQ2();
    const s = (await http.get('/api/statements/c?period=2026-Q2')).body;
    expect(s).toMatchObject({ run: { id: q2 }, results: [], totals: [], paidBefore: { periods: [] } });
  });
});
