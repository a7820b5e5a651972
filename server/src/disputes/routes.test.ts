import { type Db, exportWorkspace, importWorkspace, verifyAuditLog } from '@prestasi/db';
import { loadWorkspace } from '@prestasi/workspace';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { type Answer, api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

/** a and b are AEs from 2026-01-01; b leaves at the end of 2026-Q2. */
const FIXTURE = { ...WORKSPACE, 'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,2026-06-30\n' };

async function fresh(db: Db) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(FIXTURE), { actor: 'test' });
  return api(createApp({ db }));
}

/** A paid run of `period`, locking it, written straight into the tables. */
async function lock(db: Db, period: string): Promise<void> {
  const now = new Date();
  const run = await db
    .insertInto('runs')
    .values({ period, number: 99, status: 'paid', input_digest: 'test', created_by: 'test', approved_by: 'test', approved_at: now, paid_by: 'test', paid_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('locked_periods').values({ period, run_id: run.id }).execute();
}

const RAISE = { payee: 'a', period: '2026-Q1', subject: 'Missing split on t2', comment: 'I closed t2 with Boon, 50/50.' };

forEachDatabase('disputes: raising', (use) => {
  it.each<[string, (run: number) => Record<string, unknown>, number, Record<string, unknown> | string]>([
    ['on a result', () => RAISE, 201, { payee: 'a', plan: 'ae', period: '2026-Q1', runId: null, status: 'open', assignee: null, raisedBy: 'rep-a@test' }],
    ['on a line of a run', (run) => ({ ...RAISE, runId: run, transaction: 't2', component: 'commission' }), 201, { transaction: 't2', component: 'commission' }],
    ['on a component of a run', (run) => ({ ...RAISE, runId: run, component: 'commission' }), 201, { component: 'commission', transaction: null }],
    ['on a deal without a run', () => ({ ...RAISE, transaction: 't1' }), 201, { transaction: 't1' }],
    ['an unknown payee', () => ({ ...RAISE, payee: 'zz' }), 400, 'payee "zz" is not in payees.csv'],
    ['a period without a plan', () => ({ ...RAISE, period: '2025-Q4' }), 400, 'a has no plan with period 2025-Q4'],
    ['a plan the payee is not on', () => ({ ...RAISE, plan: 'nope' }), 400, 'plan "nope" is not a plan in plans/'],
    ['a run that does not exist', () => ({ ...RAISE, runId: 12345 }), 400, 'run 12345 does not exist'],
    ['a run without that result', (run) => ({ ...RAISE, period: '2026-Q2', runId: run }), 400, `run RUN has no result for a on plan ae in 2026-Q2`],
    ['a component the result has not', (run) => ({ ...RAISE, runId: run, component: 'bonus' }), 400, 'the result of a in 2026-Q1 has no component "bonus"'],
    ['a deal not in the run', (run) => ({ ...RAISE, runId: run, transaction: 't9' }), 400, 'run RUN has no line of t9 for a in 2026-Q1'],
    ['a deal that does not exist', () => ({ ...RAISE, transaction: 't9' }), 400, 'transaction "t9" does not exist'],
    ['a blank subject', () => ({ ...RAISE, subject: '  ' }), 400, ''],
    ['no comment', () => ({ payee: 'a', period: '2026-Q1', subject: 'x' }), 400, ''],
    ['a period that is no period', () => ({ ...RAISE, period: '2026-Q5' }), 400, ''],
    ['an unknown field', () => ({ ...RAISE, status: 'accepted' }), 400, ''],
    ['a NUL in the comment', () => ({ ...RAISE, comment: 'a\u0000b' }), 400, ''],
  ])('%s', async (_, request, status, expected) => {
    const { db } = use();
    const http = await fresh(db);
    const created = await http.post('/api/runs', { period: '2026-Q1' }, 'finance');
    expect(created.status).toBe(201);
    const run = created.body.run.id as number;
    const auditBefore = await db.selectFrom('audit_log').select('id').execute();
    const res = await http.post('/api/disputes', request(run), 'rep-a');
    expect(res.status).toBe(status);
    if (typeof expected === 'string') {
      expect(res.body.error.code).toBe('INVALID_INPUT');
      if (expected !== '') expect(res.body.error.message).toBe(expected.replace('RUN', String(run)));
      expect(await db.selectFrom('disputes').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('audit_log').select('id').execute()).toEqual(auditBefore);
      return;
    }
    expect(res.body).toMatchObject({ ...expected, subject: RAISE.subject, resolution: null, adjustment: null });
    expect(res.body.comments).toEqual([{ id: expect.any(Number), author: 'rep-a@test', body: RAISE.comment, createdAt: expect.any(String) }]);
    expect((await http.get(`/api/disputes/${res.body.id}`)).body).toEqual(res.body);
  });
});

type Step = readonly [what: string, method: 'get' | 'post', path: string, body: unknown, status: number, check?: (res: Answer) => void];

forEachDatabase('disputes: the workflow', (use) => {
  const flows: [string, Step[]][] = [
    [
      'assigned, discussed, accepted into the disputed period',
      [
        ['resolving before it is assigned', 'post', '/resolve', { outcome: 'rejected', reason: 'no' }, 409],
        ['assigning', 'post', '/assign', { assignee: 'finance-1' }, 200, (r) => expect(r.body).toMatchObject({ assignee: 'finance-1', assignedAt: expect.any(String) })],
        ['reassigning', 'post', '/assign', { assignee: 'finance-2' }, 200, (r) => expect(r.body.assignee).toBe('finance-2')],
        ['commenting', 'post', '/comments', { body: 'Checked the CRM: you are right.' }, 201, (r) => expect(r.body).toMatchObject({ author: 'finance@test', body: 'Checked the CRM: you are right.' })],
        ['accepting with no amount', 'post', '/resolve', { outcome: 'accepted', reason: 'x' }, 400],
        ['accepting with a zero amount', 'post', '/resolve', { outcome: 'accepted', amount: '0.00', reason: 'x' }, 400],
        ['accepting with a JSON number', 'post', '/resolve', { outcome: 'accepted', amount: 25, reason: 'x' }, 400],
        ['an unknown outcome', 'post', '/resolve', { outcome: 'maybe', reason: 'x' }, 400],
        [
          'accepting',
          'post',
          '/resolve',
          { outcome: 'accepted', amount: '25.00', reason: 'Half of t2 was missing' },
          200,
          (r) =>
            expect(r.body).toMatchObject({
              status: 'accepted',
              resolvedBy: 'finance@test',
              resolution: 'Half of t2 was missing',
              adjustment: { period: '2026-Q1', plan: 'ae', amount: '25.00', reason: `Half of t2 was missing (dispute ${r.body.id})` },
            }),
        ],
        ['accepting again', 'post', '/resolve', { outcome: 'accepted', amount: '25.00', reason: 'again' }, 409],
        ['rejecting after accepting', 'post', '/resolve', { outcome: 'rejected', reason: 'no' }, 409],
        ['commenting once resolved', 'post', '/comments', { body: 'thanks' }, 409],
        ['assigning once resolved', 'post', '/assign', { assignee: 'x' }, 409],
        ['reading it back', 'get', '', undefined, 200, (r) => expect(r.body.comments).toHaveLength(2)],
      ],
    ],
    [
      'rejected with a reason',
      [
        ['assigning', 'post', '/assign', { assignee: 'finance-1' }, 200],
        ['rejecting without a reason', 'post', '/resolve', { outcome: 'rejected' }, 400],
        ['rejecting with an amount', 'post', '/resolve', { outcome: 'rejected', amount: '1', reason: 'x' }, 400],
        ['rejecting', 'post', '/resolve', { outcome: 'rejected', reason: 't2 was split correctly' }, 200, (r) => expect(r.body).toMatchObject({ status: 'rejected', resolution: 't2 was split correctly', adjustment: null })],
        ['accepting after rejecting', 'post', '/resolve', { outcome: 'accepted', amount: '1', reason: 'x' }, 409],
      ],
    ],
  ];
  it.each(flows)('%s', async (_, steps) => {
    const { db } = use();
    const http = await fresh(db);
    const id = (await http.post('/api/disputes', RAISE, 'rep-a')).body.id as number;
    for (const [what, method, path, body, status, check] of steps) {
      const res = method === 'get' ? await http.get(`/api/disputes/${id}${path}`) : await http.post(`/api/disputes/${id}${path}`, body, 'finance');
      expect(res.status, what).toBe(status);
      if (status >= 400) expect(res.body.error.code, what).toBe(status === 409 ? 'CONFLICT' : 'INVALID_INPUT');
      check?.(res);
    }
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['reading', 'get', {}],
    ['assigning', 'post', { assignee: 'x' }],
    ['commenting', 'post', { body: 'x' }],
  ])('answers 404 %s a dispute that does not exist', async (what, method) => {
    const http = await fresh(use().db);
    const path = what === 'reading' ? '/api/disputes/77' : what === 'assigning' ? '/api/disputes/77/assign' : '/api/disputes/77/comments';
    const res = method === 'get' ? await http.get(path) : await http.post(path, what === 'assigning' ? { assignee: 'x' } : { body: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('records every change in the audit log, inside its transaction', async () => {
    const { db } = use();
    const http = await fresh(db);
    const last = (await db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst())?.id ?? '0';
    const id = (await http.post('/api/disputes', RAISE, 'rep-a')).body.id as number;
    await http.post(`/api/disputes/${id}/assign`, { assignee: 'finance-1' }, 'lead');
    await http.post(`/api/disputes/${id}/assign`, { assignee: 'finance-1' }, 'lead');
    await http.post(`/api/disputes/${id}/comments`, { body: 'looking' }, 'finance-1');
    await http.post(`/api/disputes/${id}/resolve`, { outcome: 'accepted', amount: '10', reason: 'fair' }, 'finance-1');
    await http.post(`/api/disputes/${id}/resolve`, { outcome: 'accepted', amount: '10', reason: 'twice' }, 'finance-1');
    const entries = await db.selectFrom('audit_log').select(['actor', 'action', 'entity', 'entity_id']).where('id', '>', last).orderBy('id').execute();
    const adjustment = (await db.selectFrom('adjustments').select('id').where('kind', '=', 'dispute').executeTakeFirstOrThrow()).id;
    expect(entries).toEqual([
      { actor: 'rep-a@test', action: 'dispute.raise', entity: 'dispute', entity_id: String(id) },
      { actor: 'lead@test', action: 'dispute.assign', entity: 'dispute', entity_id: String(id) },
      { actor: 'finance-1@test', action: 'dispute.comment', entity: 'dispute', entity_id: String(id) },
      { actor: 'finance-1@test', action: 'adjustment.create', entity: 'adjustment', entity_id: String(adjustment) },
      { actor: 'finance-1@test', action: 'dispute.accept', entity: 'dispute', entity_id: String(id) },
    ]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });

  it('settles two resolutions sent at once: one wins, the other is a CONFLICT, one adjustment', async () => {
    const { db } = use();
    const http = await fresh(db);
    const id = (await http.post('/api/disputes', RAISE, 'rep-a')).body.id as number;
    await http.post(`/api/disputes/${id}/assign`, { assignee: 'finance-1' }, 'lead');
    const answers = await Promise.all([
      http.post(`/api/disputes/${id}/resolve`, { outcome: 'accepted', amount: '10', reason: 'one' }, 'f1'),
      http.post(`/api/disputes/${id}/resolve`, { outcome: 'rejected', reason: 'two' }, 'f2'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const adjustments = await db.selectFrom('adjustments').select('id').where('kind', '=', 'dispute').execute();
    expect(adjustments).toHaveLength(answers.find((a) => a.status === 200)!.body.status === 'accepted' ? 1 : 0);
  });

  it('lists disputes by status and payee', async () => {
    const http = await fresh(use().db);
    const ids: number[] = [];
    for (const payee of ['a', 'b', 'a']) ids.push((await http.post('/api/disputes', { ...RAISE, payee }, `rep-${payee}`)).body.id as number);
    await http.post(`/api/disputes/${ids[2]}/assign`, { assignee: 'f' }, 'f');
    await http.post(`/api/disputes/${ids[2]}/resolve`, { outcome: 'rejected', reason: 'no' }, 'f');
    const list = async (query: string) => ((await http.get(`/api/disputes${query}`)).body.disputes as { id: number }[]).map((d) => d.id);
    expect(await list('')).toEqual(ids);
    expect(await list('?payee=a')).toEqual([ids[0], ids[2]]);
    expect(await list('?status=open')).toEqual([ids[0], ids[1]]);
    expect(await list('?status=rejected&payee=a')).toEqual([ids[2]]);
    expect(await list('?payee=nobody')).toEqual([]);
    expect((await http.get('/api/disputes?status=closed')).status).toBe(400);
  });
});

forEachDatabase('disputes: accepted into a locked period', (use) => {
  it.each<[string, string, string, string[], string | undefined]>([
    ['the disputed quarter open', 'a', '2026-Q1', [], '2026-Q1'],
    ['the disputed quarter locked: the next one', 'a', '2026-Q1', ['2026-Q1'], '2026-Q2'],
    ['two quarters locked', 'a', '2026-Q1', ['2026-Q1', '2026-Q2'], '2026-Q3'],
    ['a month of the quarter locked', 'a', '2026-Q1', ['2026-02'], '2026-Q2'],
    ['the fiscal year locked', 'a', '2026-Q2', ['2026'], '2027-Q1'],
    ['a later quarter locked, the disputed one open', 'a', '2026-Q1', ['2026-Q2'], '2026-Q1'],
    ['the payee gone from the plan after the locked quarter', 'b', '2026-Q2', ['2026-Q2'], undefined],
  ])('%s', async (_, payee, period, locked, landing) => {
    const { db } = use();
    const http = await fresh(db);
    const id = (await http.post('/api/disputes', { ...RAISE, payee, period }, 'rep')).body.id as number;
    for (const p of locked) await lock(db, p);
    await http.post(`/api/disputes/${id}/assign`, { assignee: 'f' }, 'f');
    const res = await http.post(`/api/disputes/${id}/resolve`, { outcome: 'accepted', amount: '-12.50', reason: 'overpaid' }, 'f');
    if (landing === undefined) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { problems: [{ message: 'b is not on plan ae in 2026-Q3' }] } });
      expect((await http.get(`/api/disputes/${id}`)).body.status).toBe('open');
      expect(await db.selectFrom('adjustments').selectAll().execute()).toEqual([]);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body.adjustment).toMatchObject({ period: landing, plan: 'ae', amount: '-12.50' });
    const row = await db.selectFrom('adjustments').selectAll().where('id', '=', res.body.adjustment.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'dispute', payee_id: payee, period: landing, corrects_period: period, corrects_plan: 'ae', created_by: 'f@test' });
    // The database still holds a valid workspace, and the engine pays the adjustment.
    const loaded = loadWorkspace(await exportWorkspace(db));
    expect(loaded.ok && loaded.workspace.input.adjustments.map((a) => [a.period, a.plan, a.reason])).toEqual([[landing, 'ae', `overpaid (dispute ${id})`]]);
  });
});
