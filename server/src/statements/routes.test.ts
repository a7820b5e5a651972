import { fileURLToPath } from 'node:url';
import { importWorkspace } from '@prestasi/db';
import { readWorkspaceFolder } from '@prestasi/workspace';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';
import { STATEMENT_CSV_HEADER } from './csv.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/malaysia-2026', import.meta.url));

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

forEachDatabase('GET /api/statements/{payee}/statement.csv', (use) => {
  /** CSV text to rows of cells (this file's writer quotes only cells with a comma, quote or line break). */
  const parse = (csv: string) => {
    const rows: string[][] = [];
    for (const m of csv.matchAll(/((?:"(?:[^"]|"")*"|[^,\r\n]*)(?:,(?:"(?:[^"]|"")*"|[^,\r\n]*))*)\r\n/g)) {
      rows.push([...m[1]!.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((c) => (c[1]!.startsWith('"') ? c[1]!.slice(1, -1).replaceAll('""', '"') : c[1]!)));
    }
    return rows;
  };
  const cents = (text: string) => {
    const [whole, frac = ''] = text.replace('-', '').split('.');
    return (text.startsWith('-') ? -1n : 1n) * BigInt(whole! + frac.padEnd(2, '0'));
  };

  it('lists every line, adjustment and the payout of a statement, safe for a spreadsheet, as a file named after payee, period and run', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'test' });
    const http = api(createApp({ db }));
    await http.post('/api/runs', { period: '2026-Q1' });
    expect((await http.post('/api/adjustments', { payee: 'a', period: '2026-Q1', amount: '-5.00', reason: '=HYPERLINK("x")' })).status).toBe(201);
    await http.post('/api/runs', { period: '2026-Q1' });
    const res = await createApp({ db }).request('/api/statements/a/statement.csv?period=2026-Q1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="statement-a-2026-Q1-run-2.csv"');
    const rows = parse(await res.text());
    expect(rows[0]).toEqual([...STATEMENT_CSV_HEADER]);
    expect(rows.slice(1).map((r) => r.slice(0, 11))).toEqual([
      ['a', 'Aisyah', '2026-Q1', '2', 'draft', 'ae', 'MYR', 'line', 'commission', 't1', '100.00'],
      ['a', 'Aisyah', '2026-Q1', '2', 'draft', 'ae', 'MYR', 'line', 'commission', 't2', '25.00'],
      ['a', 'Aisyah', '2026-Q1', '2', 'draft', 'ae', 'MYR', 'adjustment', '', '', '-5.00'],
      ['a', 'Aisyah', '2026-Q1', '2', 'draft', 'ae', 'MYR', 'payout', '', '', '120.00'],
    ]);
    expect(rows[3]![11]).toBe(`'=HYPERLINK("x")`);
    expect(rows[1]![11]).toContain('t1');
  });

  it('adds up, result by result, to each payout of the example workspace for a whole year: lines, clawbacks, adjustments and draws', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, readWorkspaceFolder(EXAMPLE), { actor: 'test' });
    const http = api(createApp({ db }));
    expect((await http.post('/api/runs', { period: '2026' })).status).toBe(201);
    const payees = (await db.selectFrom('payees').select('id').orderBy('id').execute()).map((p) => p.id);
    const kinds = new Set<string>();
    let results = 0;
    for (const payee of payees) {
      const statement = (await http.get(`/api/statements/${payee}?period=2026`)).body;
      const rows = parse((await http.get(`/api/statements/${payee}/statement.csv?period=2026`)).body as string).slice(1);
      const col = (name: (typeof STATEMENT_CSV_HEADER)[number]) => STATEMENT_CSV_HEADER.indexOf(name);
      let sum = 0n;
      const payouts: string[] = [];
      for (const r of rows) {
        kinds.add(r[col('kind')]!);
        if (r[col('kind')] !== 'payout') sum += cents(r[col('amount')]!);
        else {
          expect(sum).toBe(cents(r[col('amount')]!));
          payouts.push(r[col('amount')]!);
          sum = 0n;
        }
      }
      expect(payouts).toEqual(statement.results.map((r: { payout: string }) => r.payout));
      results += payouts.length;
    }
    expect(results).toBeGreaterThan(30);
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['line', 'payout', 'clawback', 'adjustment', 'draw']));

    // The whole run in one file: each payee's statement file after the other, under one header.
    const run = (await http.get('/api/runs')).body.runs[0];
    const all = await createApp({ db }).request(`/api/runs/${run.id}/statements.csv`);
    expect(all.headers.get('content-disposition')).toBe(`attachment; filename="statements-2026-run-${run.number}.csv"`);
    const text = await all.text();
    const [header, ...rest] = text.split('\r\n');
    let expected = '';
    for (const payee of payees) {
      const own = (await http.get(`/api/statements/${payee}/statement.csv?period=2026`)).body as string;
      expected += own.slice(own.indexOf('\r\n') + 2);
    }
    expect(header).toBe(STATEMENT_CSV_HEADER.join(','));
    expect(rest.join('\r\n')).toBe(expected);
    expect((await http.get('/api/runs/999999/statements.csv')).status).toBe(404);
  });
});
