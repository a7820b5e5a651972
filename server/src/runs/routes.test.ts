import { fileURLToPath } from 'node:url';
import { exportWorkspace, importWorkspace, verifyAuditLog } from '@prestasi/db';
import { calcFromFiles, readWorkspaceFolder } from '@prestasi/workspace';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { arbitraryWorkspaceCase } from '../../../workspace/src/test-support/arbitrary-workspace.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/malaysia-2026/', import.meta.url));
const encoder = new TextEncoder();

/** What `prestasi calc --explain` prints for the database's export, as plain JSON. */
async function calcOfExport(db: Parameters<typeof exportWorkspace>[0], period: string) {
  const outcome = calcFromFiles(await exportWorkspace(db), { period, explain: true });
  return outcome.ok ? JSON.parse(JSON.stringify(outcome.output)) : { problems: outcome.problems };
}

forEachDatabase('runs', (use) => {
  it.each(['2026-01', '2026-03', '2026-Q1', '2026-Q2', '2026'])(
    'a run of %s of examples/malaysia-2026 holds exactly what prestasi calc prints on the export',
    async (period) => {
      const { db } = use();
      await emptyDatabase(db);
      await importWorkspace(db, readWorkspaceFolder(EXAMPLE), { actor: 'test' });
      const http = api(createApp({ db }));
      const created = await http.post('/api/runs', { period }, 'finance@contoh');
      expect(created.status).toBe(201);
      expect(created.body.run).toMatchObject({ period, number: 1, status: 'draft', latest: true, createdBy: 'finance@contoh', approvedAt: null });

      const expected = await calcOfExport(db, period);
      const results = await http.get(`/api/runs/${created.body.run.id}/results`);
      expect(results.status).toBe(200);
      expect(results.body.results).toEqual(expected.results);
      expect(results.body.unapplied).toEqual(expected.unapplied);
      expect(results.body.results.length).toBeGreaterThan(0);
      expect(results.body.next).toBeNull();

      // Paged by payee: the pages put together are the whole, each payee's results on one page.
      for (const limit of [1, 3, 5000]) {
        const paged: any[] = [];
        const pages: string[][] = [];
        for (let after: string | null = null, n = 0; n === 0 || after !== null; n++) {
          const page = await http.get(`/api/runs/${created.body.run.id}/results?limit=${limit}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`);
          expect(page.status).toBe(200);
          paged.push(...page.body.results);
          pages.push([...new Set<string>(page.body.results.map((r: any) => r.payee))]);
          after = page.body.next;
        }
        expect(paged).toEqual(expected.results);
        expect(pages.every((p) => p.length <= limit)).toBe(true);
        expect(new Set(pages.flat()).size).toBe(pages.flat().length);
      }

      // The lines table holds every line and clawback of every result.
      const lines = await db.selectFrom('run_lines').select(({ fn }) => fn.countAll<string>().as('n')).where('run_id', '=', created.body.run.id).executeTakeFirstOrThrow();
      const expectedLines = expected.results.reduce(
        (n: number, r: any) => n + r.clawbacks.length + r.components.reduce((m: number, c: any) => m + (c.lines?.length ?? 0), 0),
        0,
      );
      expect(Number(lines.n)).toBe(expectedLines);

      // Totals add the payouts up per currency, exactly.
      const detail = await http.get(`/api/runs/${created.body.run.id}`);
      const sen = (s: string) => BigInt(s.replace('.', ''));
      const total = expected.results.reduce((s: bigint, r: any) => s + sen(r.payout), 0n);
      expect(detail.body.totals.map((t: any) => [t.currency, sen(t.payout)])).toEqual([['MYR', total]]);
      expect(detail.body.totals[0].results).toBe(expected.results.length);
    },
  );

  it('a run of more results than are written at once (500) holds every one, with its lines', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const ids = Array.from({ length: 1201 }, (_, i) => `p${String(i).padStart(4, '0')}`);
    const lines = (header: string, rows: string[]) => encoder.encode(`${header}\n${rows.join('\n')}\n`);
    const files = new Map([
      ['payees.csv', lines('id,name', ids.map((id) => `${id},Payee ${id}`))],
      ['assignments.csv', lines('payee,plan,from', ids.map((id) => `${id},ae,2026-01-01`))],
      ['plans/ae.yaml', encoder.encode('id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - { id: commission, type: commission, measure: bookings, rate: 0.05 }\n')],
      ['transactions.csv', lines('id,date,amount,owner', ids.flatMap((id, i) => [`${id}-a,2026-01-${String((i % 28) + 1).padStart(2, '0')},${i + 1}.10,${id}`, `${id}-b,2026-02-03,99.99,${id}`]))],
    ]);
    await importWorkspace(db, files, { actor: 'test' });
    const http = api(createApp({ db }));
    const created = await http.post('/api/runs', { period: '2026-Q1' });
    expect(created.status).toBe(201);
    const expected = await calcOfExport(db, '2026-Q1');
    const stored = await db.selectFrom('run_results').select(['payee_id', 'payout']).where('run_id', '=', created.body.run.id).orderBy('payee_id').execute();
    expect(stored.map((r) => [r.payee_id, String(r.payout)])).toEqual(expected.results.map((r: any) => [r.payee, r.payout]));
    const lineCount = await db.selectFrom('run_lines').select(({ fn }) => fn.countAll<string>().as('n')).where('run_id', '=', created.body.run.id).executeTakeFirstOrThrow();
    expect(Number(lineCount.n)).toBe(ids.length * 2);
  });

  it('numbers runs per period, lists them, and only the last of a period is the latest', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(), { actor: 'test' });
    const http = api(createApp({ db }));
    const made = [];
    for (const period of ['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q1']) made.push((await http.post('/api/runs', { period })).body.run);
    expect(made.map((r) => [r.period, r.number])).toEqual([
      ['2026-Q1', 1],
      ['2026-Q1', 2],
      ['2026-Q2', 1],
      ['2026-Q1', 3],
    ]);
    const q1 = await http.get('/api/runs?period=2026-Q1');
    expect(q1.body.runs.map((r: any) => [r.number, r.latest, r.createdBy])).toEqual([
      [1, false, 'tester@test'],
      [2, false, 'tester@test'],
      [3, true, 'tester@test'],
    ]);
    expect((await http.get('/api/runs')).body.runs).toHaveLength(4);
    expect((await http.get(`/api/runs/${made[0].id}`)).body.run).toMatchObject({ number: 1, latest: false });
    const one = await http.get(`/api/runs/${made[3].id}/results?payee=b`);
    expect(one.body.results.map((r: any) => r.payee)).toEqual(['b']);
  });

  it('numbers runs of one period started at once 1, 2, 3: they take turns', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(), { actor: 'test' });
    const http = api(createApp({ db }));
    const answers = await Promise.all([1, 2, 3].map(() => http.post('/api/runs', { period: '2026-Q1' })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers.map((a) => a.body.run.number).sort()).toEqual([1, 2, 3]);
  });

  it('random valid workspaces: a run holds what prestasi calc prints on the export, or its problems', async () => {
    const { db } = use();
    const app = createApp({ db });
    await fc.assert(
      fc.asyncProperty(arbitraryWorkspaceCase(), async (c) => {
        await emptyDatabase(db);
        await importWorkspace(db, new Map([...c.files].map(([path, text]) => [path, encoder.encode(text)])), { actor: 'test' });
        const expected = await calcOfExport(db, c.period);
        const created = await api(app).post('/api/runs', { period: c.period });
        if (expected.problems) {
          expect(created.status).toBe(422);
          expect(created.body.error.code).toBe('INVALID_WORKSPACE');
          expect(created.body.error.details.problems).toEqual(JSON.parse(JSON.stringify(expected.problems)));
          expect(await db.selectFrom('runs').selectAll().execute()).toEqual([]);
          return;
        }
        expect(created.status).toBe(201);
        const results = await api(app).get(`/api/runs/${created.body.run.id}/results`);
        expect(results.body.results).toEqual(expected.results);
        expect(results.body.unapplied).toEqual(expected.unapplied);
      }),
      { seed: 11, numRuns: 25 },
    );
  });

  it.each<[string, string, string, unknown, number, string]>([
    ['a period that is no period', 'POST', '/api/runs', { period: '2026-13' }, 400, 'INVALID_INPUT'],
    ['a period as a number', 'POST', '/api/runs', { period: 2026 }, 400, 'INVALID_INPUT'],
    ['an unknown field only', 'POST', '/api/runs', { month: '2026-01' }, 400, 'INVALID_INPUT'],
    ['no body', 'POST', '/api/runs', undefined, 400, 'INVALID_INPUT'],
    ['a list of runs of no period', 'GET', '/api/runs?period=Q1', undefined, 400, 'INVALID_INPUT'],
    ['an unknown run', 'GET', '/api/runs/999', undefined, 404, 'NOT_FOUND'],
    ['a run id that is no number', 'GET', '/api/runs/x', undefined, 400, 'INVALID_INPUT'],
    ['a run id of 0', 'GET', '/api/runs/0', undefined, 400, 'INVALID_INPUT'],
    ['a run id past int4', 'GET', '/api/runs/99999999999', undefined, 400, 'INVALID_INPUT'],
    ['results of an unknown run', 'GET', '/api/runs/999/results', undefined, 404, 'NOT_FOUND'],
    ['a diff with an unknown run', 'GET', '/api/runs/1/diff/999', undefined, 404, 'NOT_FOUND'],
  ])('answers %s', async (_, method, path, body, status, code) => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(), { actor: 'test' });
    const http = api(createApp({ db }));
    await http.post('/api/runs', { period: '2026-Q1' });
    const res = method === 'POST' ? await http.post(path, body) : await http.get(path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('answers 422 INVALID_WORKSPACE with FILE:LINE problems when a quota or rate is missing, and writes nothing', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(
      db,
      workspaceBytes({
        ...WORKSPACE,
        'plans/ae.yaml': 'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - { id: commission, type: commission, measure: bookings, tiers: [ { to: 1, rate: 0.1 }, { rate: 0.2 } ] }\n',
        'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,1000\n',
        'transactions.csv': 'id,date,amount,currency,owner,splits,region\nt1,2026-01-10,1000,,a,,north\nt2,2026-02-10,500,USD,,a:50;b:50,south\n',
      }),
      { actor: 'test' },
    );
    const audit = (await verifyAuditLog(db)).entries;
    const res = await api(createApp({ db })).post('/api/runs', { period: '2026-Q1' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_WORKSPACE');
    expect(res.body.error.details.problems).toEqual([
      { file: 'transactions.csv', line: 3, message: 'missing exchange rate for USD on 2026-02-10 (fx.csv)' },
      { file: 'quotas.csv', message: 'missing quota for b, bookings, 2026-Q1' },
    ]);
    expect(await db.selectFrom('runs').selectAll().execute()).toEqual([]);
    expect((await verifyAuditLog(db)).entries).toBe(audit);
  });

  it('records who created the run in the audit log, in the same transaction', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(), { actor: 'test' });
    const res = await api(createApp({ db })).post('/api/runs', { period: '2026-Q1' }, 'siti');
    const entry = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'siti@test', action: 'run.create', entity: 'run', entity_id: String(res.body.run.id) });
    expect(entry.after).toMatchObject({ period: '2026-Q1', number: 1, results: 2, totals: [{ currency: 'MYR', payout: '150.00' }] });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('keeps runs immutable in the database itself', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, workspaceBytes(), { actor: 'test' });
    const { id } = (await api(createApp({ db })).post('/api/runs', { period: '2026-Q1' })).body.run;
    await expect(db.updateTable('run_results').set({ payout: '1' }).where('run_id', '=', id).execute()).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom('run_lines').where('run_id', '=', id).execute()).rejects.toThrow(/immutable/);
    await expect(db.updateTable('runs').set({ input_digest: 'x' }).where('id', '=', id).execute()).rejects.toThrow(/immutable/);
    await expect(db.updateTable('runs').set({ status: 'paid', paid_by: 'x', paid_at: new Date(), approved_by: 'x', approved_at: new Date() }).where('id', '=', id).execute()).rejects.toThrow(/forward/);
    await expect(db.deleteFrom('runs').where('id', '=', id).execute()).rejects.toThrow(/never deleted/);
  });
});
