import { importWorkspace } from '@prestasi/db';
import { describe, expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';
import { spreadsheetSafe } from '../csv.js';

/**
 * Payees whose names a spreadsheet would run, one paid in two currencies (a USD plan beside the
 * MYR one), and one whose payout is negative.
 */
const HOSTILE = {
  ...WORKSPACE,
  'payees.csv': 'id,name\na,"=HYPERLINK(""http://evil.example"",""click"")"\nb,-2+3\nc,"@SUM(1, 2)"\nd,"Tan, ""Boss"""\n',
  'plans/us.yaml': 'id: us\nname: US\nperiod: month\ncurrency: USD\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - { id: commission, type: commission, measure: bookings, rate: 0.05 }\n',
  'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,\nc,us,2026-01-01,2026-01-31\nc,ae,2026-02-01,\nd,ae,2026-01-01,\n',
  'fx.csv': 'date,currency,rate\n2026-01-01,USD,4.5\n',
  'transactions.csv':
    'id,date,amount,currency,owner,splits,region\nt1,2026-01-10,1000,,a,,north\nt2,2026-02-10,500,,,a:50;b:50,south\nt3,2026-01-20,900,USD,c,,north\nt4,2026-03-01,200,,c,,north\nt5,2026-03-02,-800,,d,,north\n',
};

forEachDatabase('payroll export', (use) => {
  async function paidRun() {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(HOSTILE), { actor: 'test' });
    const http = api(createApp({ db }));
    const run = (await http.post('/api/runs', { period: '2026-Q1' })).body.run;
    await http.post(`/api/runs/${run.id}/approve`);
    await http.post(`/api/runs/${run.id}/pay`);
    return { http, app: createApp({ db }), run };
  }

  it('writes one spreadsheet-safe CSV row per payee and currency of a paid run', async () => {
    const { app, run } = await paidRun();
    const res = await app.request(`/api/runs/${run.id}/payroll.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="payroll-2026-Q1-run-${run.number}.csv"`);
    expect(await res.text()).toBe(
      [
        'employee_id,name,period,amount,currency',
        `a,"'=HYPERLINK(""http://evil.example"",""click"")",2026-Q1,125.00,MYR`,
        "b,'-2+3,2026-Q1,25.00,MYR",
        `c,"'@SUM(1, 2)",2026-Q1,20.00,MYR`,
        `c,"'@SUM(1, 2)",2026-Q1,45.00,USD`,
        'd,"Tan, ""Boss""",2026-Q1,-80.00,MYR',
        '',
      ].join('\r\n'),
    );
  });

  it('gives the same rows as JSON, as they are', async () => {
    const { http, run } = await paidRun();
    const res = await http.get(`/api/runs/${run.id}/payroll.json`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      run: run.id,
      period: '2026-Q1',
      rows: [
        { employeeId: 'a', name: '=HYPERLINK("http://evil.example","click")', period: '2026-Q1', amount: '125.00', currency: 'MYR' },
        { employeeId: 'b', name: '-2+3', period: '2026-Q1', amount: '25.00', currency: 'MYR' },
        { employeeId: 'c', name: '@SUM(1, 2)', period: '2026-Q1', amount: '20.00', currency: 'MYR' },
        { employeeId: 'c', name: '@SUM(1, 2)', period: '2026-Q1', amount: '45.00', currency: 'USD' },
        { employeeId: 'd', name: 'Tan, "Boss"', period: '2026-Q1', amount: '-80.00', currency: 'MYR' },
      ],
    });
  });

  it.each([
    ['a draft run', 'draft', 409, 'CONFLICT'],
    ['an approved run', 'approved', 409, 'CONFLICT'],
    ['an unknown run', 'none', 404, 'NOT_FOUND'],
  ])('refuses %s', async (_, state, status, code) => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(HOSTILE), { actor: 'test' });
    const http = api(createApp({ db }));
    const run = (await http.post('/api/runs', { period: '2026-Q1' })).body.run;
    if (state === 'approved') await http.post(`/api/runs/${run.id}/approve`);
    const id = state === 'none' ? run.id + 100 : run.id;
    for (const format of ['csv', 'json']) {
      const res = await http.get(`/api/runs/${id}/payroll.${format}`);
      expect([format, res.status, res.body.error?.code]).toEqual([format, status, code]);
    }
  });
});

describe('spreadsheetSafe', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['plain', 'plain'],
    ['', ''],
    ['a=b', 'a=b'],
  ])('makes %j safe as %j', (text, safe) => {
    expect(spreadsheetSafe(text)).toBe(safe);
  });

  it.each([
    ['-120.00', '-120.00'],
    ['0.00', '0.00'],
    ['-1+1', "'-1+1"],
    ['=1', "'=1"],
  ])('leaves the plain decimal amount %j a number (%j)', (text, safe) => {
    expect(spreadsheetSafe(text, 'amount')).toBe(safe);
  });
});
