import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Db, importWorkspace } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { type Answer, api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

/** ae pays a bonus on attainment of bookings, so it needs a quota; only a has one. */
const FIXTURE = {
  ...WORKSPACE,
  'plans/ae.yaml':
    'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n' + '  - { id: bonus, type: bonus, measure: bookings, steps: [{ at: 1, amount: 500 }] }\n',
  'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,2000\n',
};

let app: OpenAPIHono;

async function fresh(db: Db) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(FIXTURE), { actor: 'test' });
  app = createApp({ db });
  return api(app);
}

async function send(method: string, path: string, body: string, type = 'application/json'): Promise<Answer> {
  const res = await app.request(path, { method, headers: { 'content-type': type }, body });
  return { status: res.status, body: await res.json() };
}

const quotas = (db: Db) => db.selectFrom('quotas').select(['payee_id', 'period', 'measure', 'amount']).orderBy('payee_id').orderBy('period').execute();
const audits = async (db: Db) => (await db.selectFrom('audit_log').select('id').where('action', '=', 'quotas.update').execute()).length;

const A = { payee: 'a', name: 'Aisyah', period: '2026-Q1', measure: 'bookings', amount: '2000', plans: ['ae'] };

forEachDatabase('quotas: the grid', (use) => {
  it.each<[string, Record<string, unknown>[]]>([
    ['', [A]],
    ['?period=2026-Q2', []],
    ['?plan=ae&period=2026-Q1', [A, { payee: 'b', name: 'Boon', period: '2026-Q1', measure: 'bookings', amount: null, plans: ['ae'] }]],
    ['?plan=other', []],
    ['?payee=a', [A]],
  ])('GET /api/quotas%s', async (query, rows) => {
    const http = await fresh(use().db);
    expect((await http.get(`/api/quotas${query}`)).body).toEqual({ quotas: rows });
  });

  it('saves a batch: new, equal and removed cells, audited before and after', async () => {
    const { db } = use();
    await fresh(db);
    const audited = await audits(db);
    const saved = await send('PUT', '/api/quotas', JSON.stringify({ cells: [{ payee: 'b', period: '2026-Q1', measure: 'bookings', amount: '1000.00' }, { ...A, name: undefined, plans: undefined, amount: '2000.0' }] }));
    expect(saved.body).toMatchObject({ inserted: 1, updated: 0, removed: 0, unchanged: 1, changes: [{ payee: 'b', before: null, after: '1000.00' }], errors: [] });
    const removed = await send('PUT', '/api/quotas', JSON.stringify({ cells: [{ payee: 'a', period: '2026-Q1', measure: 'bookings', amount: null }] }));
    expect(removed.body).toMatchObject({ removed: 1, changes: [{ payee: 'a', before: '2000', after: null }] });
    expect(await quotas(db)).toEqual([{ payee_id: 'b', period: '2026-Q1', measure: 'bookings', amount: '1000.00' }]);
    expect(await audits(db)).toBe(audited + 2);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['an unknown payee', { payee: 'zz', amount: '5' }, { cell: 1, column: 'payee', value: 'zz', message: 'payee "zz" is not in payees.csv' }],
    ['a negative amount', { amount: '-5' }, { cell: 1, column: 'amount', value: '-5', message: 'a quota must be positive' }],
    ['an amount that is no number', { amount: '1,000' }, { cell: 1, column: 'amount', value: '1,000', message: 'amount must be a plain decimal number, not "1,000"' }],
    ['no number for a quota that exists', { payee: 'a', amount: '' }, { cell: 1, column: 'amount', value: '', message: 'amount must be a plain decimal number, not ""' }],
    ['letters for a quota that exists', { payee: 'a', amount: 'abc' }, { cell: 1, column: 'amount', value: 'abc', message: 'amount must be a plain decimal number, not "abc"' }],
    ['the same cell twice', { period: '2026-Q2' }, { cell: 1, column: null, value: null, message: 'a second cell for b, bookings, 2026-Q2 (first is cell 0)' }],
  ])('refuses a batch with %s, writing none of it', async (_, change, error) => {
    const { db } = use();
    await fresh(db);
    const audited = await audits(db);
    const cells = [
      { payee: 'b', period: '2026-Q2', measure: 'bookings', amount: '2500' },
      { payee: 'b', period: '2026-Q1', measure: 'bookings', amount: '1000', ...change },
    ];
    const res = await send('PUT', '/api/quotas', JSON.stringify({ cells }));
    expect(res.status).toBe(422);
    expect(res.body.error.details.errors).toEqual([{ line: null, ...error }]);
    expect(await quotas(db)).toEqual([{ payee_id: 'a', period: '2026-Q1', measure: 'bookings', amount: '2000' }]);
    expect(await audits(db)).toBe(audited);
  });
});

forEachDatabase('quotas: goals as each role sees them', (use) => {
  it.each<[string, { role: 'rep' | 'manager'; payeeId: string }, string[]]>([
    ['a rep: their own', { role: 'rep', payeeId: 'b' }, ['b']],
    ['a manager: theirs and those below them', { role: 'manager', payeeId: 'a' }, ['a', 'b']],
    ['a manager below nobody else: their own', { role: 'manager', payeeId: 'b' }, ['b']],
  ])('%s', async (_, who, payees) => {
    const { db } = use();
    await fresh(db);
    const http = api(createApp({ db, ...who }));
    const grid = await http.get('/api/quotas?plan=ae&period=2026-Q1');
    expect(grid.status).toBe(200);
    expect(grid.body.quotas.map((q: { payee: string }) => q.payee)).toEqual(payees);
    expect((await http.get('/api/quotas?payee=zz')).body).toEqual({ quotas: [] });
  });
});

forEachDatabase('quotas: CSV upload', (use) => {
  const FILE = 'payee,period,measure,amount\na,2026-Q1,bookings,2500\nb,2026-Q1,bookings,1000\nzz,2026-Q2,bookings,5\nb,2026-Q5,bookings,1\na,2026-Q2,bookings,2000\n';

  it('reports, on a dry run, every error with line, column, value and why, and what the other rows would change; writes nothing', async () => {
    const { db } = use();
    await fresh(db);
    const audited = await audits(db);
    const res = await send('POST', '/api/quotas/csv?dryRun=1', FILE, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dryRun: true,
      rows: 5,
      inserted: 2,
      updated: 1,
      removed: 0,
      unchanged: 0,
      changes: [
        { payee: 'a', period: '2026-Q1', measure: 'bookings', line: 2, before: '2000', after: '2500' },
        { payee: 'b', period: '2026-Q1', measure: 'bookings', line: 3, before: null, after: '1000' },
        { payee: 'a', period: '2026-Q2', measure: 'bookings', line: 6, before: null, after: '2000' },
      ],
      errors: [
        { line: 4, column: 'payee', value: 'zz', message: 'payee "zz" is not in payees.csv' },
        { line: 5, column: 'period', value: '2026-Q5', message: 'period must be YYYY-MM, YYYY-Qn or YYYY, not "2026-Q5"' },
      ],
    });
    // For real, the same file is refused whole.
    const real = await send('POST', '/api/quotas/csv', FILE, 'text/csv');
    expect([real.status, real.body.error.details.errors.length]).toEqual([422, 2]);
    expect(await quotas(db)).toHaveLength(1);
    expect(await audits(db)).toBe(audited);
  });

  it('merges a clean upload and audits it; a file without a column is one error', async () => {
    const { db } = use();
    await fresh(db);
    const audited = await audits(db);
    const clean = FILE.split('\n').filter((l) => !l.startsWith('zz') && !l.includes('Q5')).join('\n');
    expect((await send('POST', '/api/quotas/csv', clean, 'text/csv')).body).toMatchObject({ dryRun: false, inserted: 2, updated: 1, errors: [] });
    expect(await quotas(db)).toEqual([
      { payee_id: 'a', period: '2026-Q1', measure: 'bookings', amount: '2500' },
      { payee_id: 'a', period: '2026-Q2', measure: 'bookings', amount: '2000' },
      { payee_id: 'b', period: '2026-Q1', measure: 'bookings', amount: '1000' },
    ]);
    expect(await audits(db)).toBe(audited + 1);
    const noMeasure = await send('POST', '/api/quotas/csv?dryRun=1', 'payee,period,amount\na,2026-Q1,5\n', 'text/csv');
    expect(noMeasure.body).toMatchObject({ changes: [], errors: [{ line: 1, column: null, value: null, message: 'missing required column "measure"' }] });
    expect((await send('POST', '/api/quotas/csv', '{}', 'application/json')).status).toBe(415);
  });
});
