import { formatScaled } from '@prestasi/engine';
import { fileURLToPath } from 'node:url';
import { exportWorkspace, importWorkspace, verifyAuditLog } from '@prestasi/db';
import { calcFromFiles, readWorkspaceFolder } from '@prestasi/workspace';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/malaysia-2026/', import.meta.url));
const TX_HEADER = 'id,date,amount,owner,splits,region,status,cancel_date\n';
const TX = 't1,2026-01-10,1000,a,,north,,\nt2,2026-02-10,500,,a:50;b:50,south,,\n';

/** WORKSPACE with more transaction rows: an import merges them in by id. */
const withDeals = (rows: string) => workspaceBytes({ ...WORKSPACE, 'transactions.csv': TX_HEADER + TX + rows });

async function runAndPay(http: ReturnType<typeof api>, period: string) {
  const created = await http.post('/api/runs', { period }, 'maker');
  expect(created.status).toBe(201);
  expect((await http.post(`/api/runs/${created.body.run.id}/approve`, undefined, 'finance')).status).toBe(200);
  expect((await http.post(`/api/runs/${created.body.run.id}/pay`, undefined, 'payroll')).status).toBe(200);
  return created.body;
}

const view = (a: any) => [a.payee, a.period, a.plan, a.amount, a.correctsTransaction, a.correctsPeriod, a.correctsComponent, a.correctsKind];

forEachDatabase('prior-period adjustments', (use) => {
  it('a late deal dated in a paid quarter is paid in the next open one, once, naming the deal and the quarter', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const http = api(createApp({ db }));
    await importWorkspace(db, withDeals(''), { actor: 'test' });
    const q1 = await runAndPay(http, '2026-Q1');

    // A deal closed in Q1 reaches the CRM after Q1 was paid.
    await importWorkspace(db, withDeals('t3,2026-03-15,2000,a,,north,,\n'), { actor: 'test' });
    const q2 = await http.post('/api/runs', { period: '2026-Q2' });
    expect(q2.status).toBe(201);
    expect(q2.body.priorPeriod).toMatchObject({ recomputed: ['2026-Q1'], changed: true, unapplied: [] });
    expect(q2.body.priorPeriod.adjustments.map(view)).toEqual([['a', '2026-Q2', 'ae', '200.00', 't3', '2026-Q1', 'commission', 'line']]);
    expect(q2.body.priorPeriod.adjustments[0]).toMatchObject({
      kind: 'prior_period',
      reason: `prior-period adjustment for 2026-Q1: deal t3, commission (plan ae; 2026-Q1 was paid in run ${q1.run.id})`,
    });

    // The run pays it, and holds exactly what prestasi calc prints on the export.
    const results = (await http.get(`/api/runs/${q2.body.run.id}/results`)).body.results;
    expect(results.find((r: any) => r.payee === 'a')).toMatchObject({ adjustments: [{ amount: '200.00' }], payout: '200.00' });
    const calc = calcFromFiles(await exportWorkspace(db), { period: '2026-Q2', explain: true });
    expect(calc.ok && JSON.parse(JSON.stringify(calc.output.results))).toEqual(results);

    // Running the period again recomputes the same adjustment and keeps it: nothing doubles.
    const again = await http.post('/api/runs', { period: '2026-Q2' });
    expect(again.body.priorPeriod.changed).toBe(false);
    expect(again.body.priorPeriod.adjustments.map((a: any) => a.id)).toEqual(q2.body.priorPeriod.adjustments.map((a: any) => a.id));
    expect((await http.get(`/api/runs/${again.body.run.id}/results?payee=a`)).body.results[0].payout).toBe('200.00');

    // Another late deal, split: the period's prior-period adjustments are replaced, not added to.
    await importWorkspace(db, withDeals('t3,2026-03-15,2000,a,,north,,\nt4,2026-02-01,500,,a:50;b:50,north,,\n'), { actor: 'test' });
    const third = await http.post('/api/runs', { period: '2026-Q2' });
    expect(third.body.priorPeriod.changed).toBe(true);
    expect(third.body.priorPeriod.adjustments.map(view)).toEqual([
      ['a', '2026-Q2', 'ae', '200.00', 't3', '2026-Q1', 'commission', 'line'],
      ['a', '2026-Q2', 'ae', '25.00', 't4', '2026-Q1', 'commission', 'line'],
      ['b', '2026-Q2', 'ae', '25.00', 't4', '2026-Q1', 'commission', 'line'],
    ]);
    const listed = await http.get('/api/adjustments?kind=prior_period');
    if (listed.status === 200) expect(listed.body.adjustments).toHaveLength(3);
    expect(await db.selectFrom('adjustments').select('id').where('kind', '=', 'prior_period').execute()).toHaveLength(3);

    // Once Q2 is paid, Q3 does not pay the same corrections again; it pays only what is new.
    expect((await http.post(`/api/runs/${third.body.run.id}/approve`)).status).toBe(200);
    expect((await http.post(`/api/runs/${third.body.run.id}/pay`)).status).toBe(200);
    await importWorkspace(
      db,
      withDeals('t3,2026-03-15,2000,a,,north,,\nt4,2026-02-01,500,,a:50;b:50,north,,\nt5,2026-01-20,300,b,,north,,\n'),
      { actor: 'test' },
    );
    const q3 = await http.post('/api/runs', { period: '2026-Q3' });
    expect(q3.body.priorPeriod.recomputed).toEqual(['2026-Q1', '2026-Q2']);
    expect(q3.body.priorPeriod.adjustments.map(view)).toEqual([['b', '2026-Q3', 'ae', '30.00', 't5', '2026-Q1', 'commission', 'line']]);

    // A Q1 deal found cancelled within Q1 is left out of Q1 entirely: its commission comes back.
    await importWorkspace(
      db,
      workspaceBytes({
        ...WORKSPACE,
        'transactions.csv': `${TX_HEADER}t1,2026-01-10,1000,a,,north,cancelled,2026-03-01\nt2,2026-02-10,500,,a:50;b:50,south,,\n`,
      }),
      { actor: 'test' },
    );
    const q3again = await http.post('/api/runs', { period: '2026-Q3' });
    expect(q3again.body.priorPeriod.adjustments.map(view)).toEqual([
      ['a', '2026-Q3', 'ae', '-100.00', 't1', '2026-Q1', 'commission', 'line'],
      ['b', '2026-Q3', 'ae', '30.00', 't5', '2026-Q1', 'commission', 'line'],
    ]);
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'adjustments.prior_period').orderBy('id', 'desc').limit(1).execute();
    expect(audit).toEqual([{ action: 'adjustments.prior_period', entity_id: '2026-Q3' }]);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('a correction the payee has no plan for in the open period is reported, not paid', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const http = api(createApp({ db }));
    const files = { ...WORKSPACE, 'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,2026-03-31\n' };
    await importWorkspace(db, workspaceBytes({ ...files, 'transactions.csv': TX_HEADER + TX }), { actor: 'test' });
    await runAndPay(http, '2026-Q1');
    await importWorkspace(db, workspaceBytes({ ...files, 'transactions.csv': `${TX_HEADER}${TX}t3,2026-03-15,700,b,,north,,\n` }), { actor: 'test' });
    const q2 = await http.post('/api/runs', { period: '2026-Q2' });
    expect(q2.status).toBe(201);
    expect(q2.body.priorPeriod.adjustments).toEqual([]);
    expect(q2.body.priorPeriod.unapplied).toEqual([
      {
        payee: 'b',
        plan: 'ae',
        period: '2026-Q1',
        kind: 'line',
        component: 'commission',
        transaction: 't3',
        currency: 'MYR',
        amount: '70.00',
        why: 'b has no plan in MYR in 2026-Q2 to carry it',
      },
    ]);
  });

  it('examples/malaysia-2026 with random late deals: the corrections make up exactly the difference of each payee in the paid quarter', async () => {
    const { db } = use();
    const example = readWorkspaceFolder(EXAMPLE);
    const transactions = new TextDecoder().decode(example.get('transactions.csv'));
    const payees = ['aisyah', 'weijie', 'priya', 'kokkeong', 'hafiz', 'siewling', 'kavitha', 'amirul', 'jiahui', 'meiling'];
    const deal = fc.record({
      owner: fc.constantFrom(...payees),
      day: fc.integer({ min: 0, max: 89 }),
      amount: fc.integer({ min: -500000, max: 9000000 }),
      type: fc.constantFrom('new', 'upsell', 'renewal', 'meeting'),
      product: fc.constantFrom('CORE', 'PRO', 'ANALYTICS'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(deal, { minLength: 1, maxLength: 6 }), async (deals) => {
        await emptyDatabase(db);
        const http = api(createApp({ db }));
        await importWorkspace(db, example, { actor: 'test' });
        const paid = await runAndPay(http, '2026-Q1');
        const paidResults = (await http.get(`/api/runs/${paid.run.id}/results`)).body.results;

        const late = deals
          .map((d, i) => {
            const date = new Date(Date.UTC(2026, 0, 1 + d.day)).toISOString().slice(0, 10);
            return `LATE-${i},${date},${formatScaled(BigInt(d.amount), 2)},MYR,${d.owner},,3,${d.type},${d.product},Penang,outbound,Late Sdn Bhd,,\n`;
          })
          .join('');
        await importWorkspace(db, new Map([...example, ['transactions.csv', new TextEncoder().encode(transactions + late)]]), { actor: 'test' });
        const now = calcFromFiles(await exportWorkspace(db), { period: '2026-Q1' });
        if (!now.ok) throw new Error(JSON.stringify(now.problems));

        const q2 = await http.post('/api/runs', { period: '2026-Q2' });
        expect(q2.status).toBe(201);
        const sen = (s: string) => BigInt(s.replace('.', ''));
        const owed = new Map<string, bigint>();
        const add = (payee: string, amount: bigint) => owed.set(payee, (owed.get(payee) ?? 0n) + amount);
        for (const r of now.output.results) add(r.payee, sen(r.payout));
        for (const r of paidResults) add(r.payee, -sen(r.payout));
        const corrected = new Map<string, bigint>();
        for (const a of [...q2.body.priorPeriod.adjustments, ...q2.body.priorPeriod.unapplied]) corrected.set(a.payee, (corrected.get(a.payee) ?? 0n) + sen(a.amount));
        for (const [payee, amount] of owed) expect([payee, corrected.get(payee) ?? 0n]).toEqual([payee, amount]);
        for (const a of q2.body.priorPeriod.adjustments) expect(a.reason).toMatch(/^prior-period adjustment for 2026-(Q1|0[1-3]): /);

        // The Q2 run pays them: it holds what prestasi calc prints on the export.
        const q2calc = calcFromFiles(await exportWorkspace(db), { period: '2026-Q2', explain: true });
        expect(q2calc.ok && JSON.parse(JSON.stringify(q2calc.output.results))).toEqual((await http.get(`/api/runs/${q2.body.run.id}/results`)).body.results);
      }),
      { seed: 5, numRuns: 6 },
    );
  });
});
