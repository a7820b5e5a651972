import { type Db, importWorkspace, type Role } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

/** 10% of bookings, and 500 once bookings reach the quarter's quota. a: 2000, b: 1000. */
const FIXTURE = {
  ...WORKSPACE,
  'plans/ae.yaml':
    'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n' +
    '  - { id: commission, type: commission, measure: bookings, basis: amount, rate: 0.1 }\n' +
    '  - { id: bonus, type: bonus, measure: bookings, steps: [{ at: 1, amount: 500 }] }\n',
  'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,2000\nb,2026-Q1,bookings,1000\n',
};

async function fresh(db: Db, role: Role = 'finance', payeeId: string | null = null) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(FIXTURE), { actor: 'test' });
  return api(createApp({ db, role, payeeId }));
}

forEachDatabase('what-if estimates', (use) => {
  it('says what a deal would add: its own line, and a bonus step it reaches', async () => {
    const http = await fresh(use().db);
    // a now: 1000 + half of t2's 500 = 1250 → 125.00, attainment 0.625, no bonus.
    const res = await http.post('/api/estimate', { payee: 'a', amount: '1000.00', date: '2026-03-15', attributes: { region: 'north' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ payee: 'a', date: '2026-03-15', deal: 'what-if' });
    expect(res.body.results).toEqual([
      {
        plan: 'ae',
        period: '2026-Q1',
        currency: 'MYR',
        now: '125.00',
        withDeal: '725.00',
        difference: '600.00',
        lines: [{ component: 'commission', amount: '100.00', explanation: expect.stringContaining('what-if') }],
        components: [
          { id: 'commission', now: '125.00', withDeal: '225.00', difference: '100.00', explanation: '2250.00 bookings × 10%' },
          { id: 'bonus', now: '0.00', withDeal: '500.00', difference: '500.00', explanation: expect.any(String) },
        ],
      },
    ]);
    // Nothing was saved.
    expect(await use().db.selectFrom('transactions').select('id').orderBy('id').execute()).toEqual([{ id: 't1' }, { id: 't2' }]);
  });

  it.each<[string, Record<string, string> | undefined, Record<string, string>, string]>([
    ['left out: the first value the filter accepts, said', undefined, { region: 'north' }, '10.00'],
    ['given and accepted', { region: 'east' }, {}, '10.00'],
    ['given and refused by the filter: the deal earns nothing', { region: 'south' }, {}, '0.00'],
  ])('a column the plan filters on, %s', async (_, attributes, assumed, difference) => {
    const { db } = use();
    await emptyDatabase(db);
    const plan = 'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount, where: { region: [north, east] } }\ncomponents:\n  - { id: commission, type: commission, measure: bookings, basis: amount, rate: 0.1 }\n';
    await importWorkspace(db, workspaceBytes({ ...WORKSPACE, 'plans/ae.yaml': plan }), { actor: 'test' });
    const http = api(createApp({ db }));
    const res = await http.post('/api/estimate', { payee: 'a', amount: '100.00', date: '2026-03-15', ...(attributes ? { attributes } : {}) });
    expect(res.status).toBe(200);
    expect(res.body.assumed).toEqual(assumed);
    expect(res.body.results.map((r: { difference: string }) => r.difference)).toEqual([difference]);
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    ['an attribute deals do not have', { payee: 'a', amount: '10', date: '2026-03-15', attributes: { segment: 'smb' } }, 400, '"segment" is not an attribute of deals: use one of quantity, margin, type, product, region'],
    ['a column the request sets itself', { payee: 'a', amount: '10', date: '2026-03-15', attributes: { owner: 'b' } }, 400, '"owner" is not an attribute of deals'],
    ['a date no plan covers', { payee: 'a', amount: '10', date: '2024-01-01' }, 400, 'a is on no plan on 2024-01-01'],
    ['an unknown payee', { payee: 'zz', amount: '10', date: '2026-03-15' }, 404, 'no payee zz'],
    ['a currency without a rate', { payee: 'a', amount: '10', currency: 'USD', date: '2026-03-15' }, 422, 'missing exchange rate for USD on 2026-03-15'],
    ['an amount that is no decimal', { payee: 'a', amount: '1e5' }, 400, ''],
  ])('refuses %s', async (_, body, status, message) => {
    const http = await fresh(use().db);
    const res = await http.post('/api/estimate', body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(message);
  });

  it.each<[Role, string, string, number]>([
    ['rep', 'b', 'b', 200],
    ['rep', 'b', 'a', 404],
    ['manager', 'a', 'b', 200],
    ['manager', 'b', 'a', 404],
  ])('a %s linked to %s estimating for %s: %i', async (role, self, payee, status) => {
    const http = await fresh(use().db, role, self);
    expect((await http.post('/api/estimate', { payee, amount: '100', date: '2026-02-01' })).status).toBe(status);
  });
});
