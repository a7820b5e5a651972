import { importWorkspace } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

const TX = 'id,date,amount,owner,splits,region\nt1,2026-01-10,1000,a,,north\nt2,2026-02-10,500,,a:50;b:50,south\n';

interface Expected {
  readonly files: string[];
  readonly payees: { payee: string; payout: [string, string, string]; why: Record<string, unknown>; lines?: unknown }[];
  readonly inputs?: Record<string, unknown>;
}

forEachDatabase('GET /api/runs/{a}/diff/{b}', (use) => {
  it.each<[string, Record<string, string>, Expected]>([
    ['nothing changed', {}, { files: [], payees: [] }],
    [
      'a new deal',
      { 'transactions.csv': `${TX}t3,2026-03-01,400,b,,north\n` },
      {
        files: ['transactions.csv'],
        payees: [
          {
            payee: 'b',
            payout: ['25.00', '65.00', '40.00'],
            why: { deals: ['t3'], plans: [], quotas: false, assignments: false, adjustments: false, payee: false },
            lines: { added: [{ component: 'commission', transaction: 't3', amount: '40.00' }], removed: [], changed: [] },
          },
        ],
      },
    ],
    [
      'a deal whose amount changed',
      { 'transactions.csv': TX.replace('t1,2026-01-10,1000', 't1,2026-01-10,3000') },
      {
        files: ['transactions.csv'],
        payees: [
          {
            payee: 'a',
            payout: ['125.00', '325.00', '200.00'],
            why: { deals: ['t1'] },
            lines: { added: [], removed: [], changed: [{ component: 'commission', transaction: 't1', from: '100.00', to: '300.00', change: '200.00' }] },
          },
        ],
      },
    ],
    [
      'a plan edit',
      { 'plans/ae.yaml': WORKSPACE['plans/ae.yaml']!.replace('rate: 0.1', 'rate: 0.2') },
      {
        files: ['plans/ae.yaml'],
        inputs: { plans: [{ plan: 'ae', from: 1, to: 2 }] },
        payees: [
          { payee: 'a', payout: ['125.00', '250.00', '125.00'], why: { deals: ['t1', 't2'], plans: [{ plan: 'ae', from: 1, to: 2 }] } },
          { payee: 'b', payout: ['25.00', '50.00', '25.00'], why: { deals: ['t2'], plans: [{ plan: 'ae', from: 1, to: 2 }] } },
        ],
      },
    ],
    [
      'a quota that changes no payout',
      { 'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,5000\n' },
      { files: ['quotas.csv'], inputs: { quotas: ['a'] }, payees: [] },
    ],
    [
      'a manual adjustment',
      { 'adjustments.csv': 'payee,period,amount,reason\na,2026-Q1,-20.5,advance repaid\n' },
      { files: ['adjustments.csv'], inputs: { adjustments: ['a'] }, payees: [{ payee: 'a', payout: ['125.00', '104.50', '-20.50'], why: { deals: [], adjustments: true } }] },
    ],
    [
      'an assignment that now ends in January',
      { 'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,2026-01-31\n' },
      {
        files: ['assignments.csv'],
        inputs: { assignments: ['b'] },
        payees: [
          {
            payee: 'b',
            payout: ['25.00', '0.00', '-25.00'],
            why: { deals: ['t2'], assignments: true },
            lines: { added: [], removed: [{ component: 'commission', transaction: 't2', amount: '25.00' }], changed: [] },
          },
        ],
      },
    ],
  ])('%s', async (_, changes, expected) => {
    const { db } = use();
    await emptyDatabase(db);
    const http = api(createApp({ db }));
    const base = { ...WORKSPACE, 'transactions.csv': TX };
    await importWorkspace(db, workspaceBytes(base), { actor: 'test' });
    const first = (await http.post('/api/runs', { period: '2026-Q1' })).body.run.id;
    await importWorkspace(db, workspaceBytes({ ...base, ...changes }), { actor: 'test' });
    const second = (await http.post('/api/runs', { period: '2026-Q1' })).body.run.id;

    const res = await http.get(`/api/runs/${first}/diff/${second}`);
    expect(res.status).toBe(200);
    const diff = res.body;
    expect([diff.from.id, diff.to.id]).toEqual([first, second]);
    expect(diff.inputs.files).toEqual(expected.files);
    expect(diff.inputs.changed).toBe(expected.files.length > 0);
    if (expected.inputs) expect(diff.inputs).toMatchObject(expected.inputs);
    expect(diff.payees.map((p: any) => p.payee)).toEqual(expected.payees.map((p) => p.payee));
    expected.payees.forEach((e, i) => {
      const p = diff.payees[i];
      expect(p.payout).toEqual({ from: e.payout[0], to: e.payout[1], change: e.payout[2] });
      expect(p.why).toMatchObject(e.why);
      if (e.lines) expect(p.results[0].lines).toEqual(e.lines);
    });
    const change = expected.payees.reduce((s, p) => s + BigInt(p.payout[2].replace('.', '')), 0n);
    expect(diff.totals.map((t: any) => [t.currency, BigInt(t.change.replace('.', ''))])).toEqual([['MYR', change]]);

    // The other way round, every change flips its sign.
    const back = (await http.get(`/api/runs/${second}/diff/${first}`)).body;
    expect(back.payees.map((p: any) => p.payout.change)).toEqual(expected.payees.map((p) => (p.payout[2].startsWith('-') ? p.payout[2].slice(1) : `-${p.payout[2]}`)));
  });

  it('tells results that exist in only one run apart: a payee new to the period', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const http = api(createApp({ db }));
    await importWorkspace(db, workspaceBytes(WORKSPACE), { actor: 'test' });
    const first = (await http.post('/api/runs', { period: '2026-Q1' })).body.run.id;
    await importWorkspace(
      db,
      workspaceBytes({ ...WORKSPACE, 'payees.csv': `${WORKSPACE['payees.csv']}c,Chong,a\n`, 'assignments.csv': `${WORKSPACE['assignments.csv']}c,ae,2026-03-01,\n` }),
      { actor: 'test' },
    );
    const second = (await http.post('/api/runs', { period: '2026-Q1' })).body.run.id;
    const diff = (await http.get(`/api/runs/${first}/diff/${second}`)).body;
    expect(diff.inputs).toMatchObject({ files: ['assignments.csv', 'payees.csv'], payees: ['c'], assignments: ['c'] });
    expect(diff.payees).toMatchObject([{ payee: 'c', name: 'Chong', payout: { from: '0.00', to: '0.00', change: '0.00' }, results: [{ presence: 'added' }] }]);
  });
});
