import { type Db, importWorkspace, localToday, type Role } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';
import { teamAttainment } from './service.js';

/** a manages b, who manages c; quarterly quotas 2000, 1000 and 400; a has 1250 of bookings, b 250, c none. */
const FIXTURE = {
  ...WORKSPACE,
  'payees.csv': 'id,name,manager\na,Aisyah,\nb,Boon,a\nc,Chong,b\n',
  'plans/ae.yaml':
    'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n' +
    '  - { id: commission, type: commission, measure: bookings, basis: amount, rate: 0.1 }\n' +
    '  - { id: bonus, type: bonus, measure: bookings, steps: [{ at: 0.5, amount: 300 }] }\n',
  'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,\nc,ae,2026-01-01,\n',
  'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,2000\nb,2026-Q1,bookings,1000\nc,2026-Q1,bookings,400\n',
};

async function fresh(db: Db, role: Role = 'finance', payeeId: string | null = null) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(FIXTURE), { actor: 'test' });
  return api(createApp({ db, role, payeeId }));
}

const row = (payee: string, manager: string | null, value: string, quota: string, attainment: string, behind: boolean, earned: string) => ({
  payee,
  name: { a: 'Aisyah', b: 'Boon', c: 'Chong' }[payee],
  manager,
  plan: 'ae',
  period: '2026-Q1',
  currency: 'MYR',
  earned,
  payout: earned,
  measures: [{ measure: 'bookings', value, quota, attainment, behindPace: behind }],
  behindPace: behind,
});

forEachDatabase('team attainment', (use) => {
  it.each([
    // 45 of Q1's 90 days gone: a at 0.625 is ahead, b at 0.25 and c at 0 behind.
    ['2026-02-14', '0.5', [false, true, true]],
    // Before Q1 begins nobody is behind; once it ended, anyone short of the quota is.
    ['2026-03-31', '1', [true, true, true]],
  ] as const)('on %s (%s of the quarter gone) says who is behind pace', async (today, elapsed, behind) => {
    const { db } = use();
    await fresh(db);
    const answer = await teamAttainment(db, { visible: 'all', today });
    expect(answer.periods).toEqual([{ period: '2026-Q1', start: '2026-01-01', end: '2026-03-31', elapsed }]);
    expect(answer.payees).toEqual([
      // a: 1250 × 10% = 125 and the 300 bonus at half the quota.
      row('a', null, '1250.00', '2000.00', '0.625', behind[0], '425.00'),
      row('b', 'a', '250.00', '1000.00', '0.25', behind[1], '25.00'),
      row('c', 'b', '0.00', '400.00', '0', behind[2], '0.00'),
    ]);
  });

  it.each<[Role, string, string | undefined, number, string[]]>([
    ['manager', 'a', undefined, 200, ['a', 'b', 'c']],
    ['manager', 'b', undefined, 200, ['b', 'c']],
    ['manager', 'a', 'b', 200, ['b', 'c']],
    ['manager', 'b', 'a', 404, []],
    ['finance', 'a', 'c', 200, ['c']],
  ])('a %s linked to %s, drilling into %s: %i %j', async (role, self, payee, status, payees) => {
    const http = await fresh(use().db, role, role === 'finance' ? null : self);
    const res = await http.get(`/api/team/attainment?period=2026-Q1${payee === undefined ? '' : `&payee=${payee}`}`);
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(res.body.payees.map((r: { payee: string }) => r.payee)).toEqual(payees);
      expect(res.body.periods).toEqual([{ period: '2026-Q1', start: '2026-01-01', end: '2026-03-31', elapsed: '1' }]);
    }
  });

  it('defaults to the period holding today', async () => {
    const { db } = use();
    const today = localToday();
    const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    const http = await fresh(db);
    await importWorkspace(db, workspaceBytes({ ...FIXTURE, 'quotas.csv': `payee,period,measure,amount\na,${quarter},bookings,1\nb,${quarter},bookings,1\nc,${quarter},bookings,1\n` }), { actor: 'test' });
    const res = await http.get('/api/team/attainment');
    expect(res.status).toBe(200);
    expect(res.body.periods.map((p: { period: string }) => p.period)).toEqual([quarter]);
    expect(res.body.payees.map((r: { period: string }) => r.period)).toEqual([quarter, quarter, quarter]);
  });
});
