import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Db, exportWorkspace, importWorkspace, verifyAuditLog } from '@prestasi/db';
import { calcFromFiles, formatProblem, loadWorkspace } from '@prestasi/workspace';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { type Answer, api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';
import { planText } from '@prestasi/workspace';
import { previewPlan } from './service.js';

/** ae (quarterly, 10% of bookings) for a and b; sdr (monthly, JSON) for nobody yet. */
const FIXTURE: Readonly<Record<string, string>> = {
  ...WORKSPACE,
  'plans/ae.yaml': '# Account executives\nid: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - { id: commission, type: commission, measure: bookings, rate: 0.1 }\n',
  'plans/sdr.json': '{"id": "sdr", "period": "month", "measures": {"deals": {"count": true}}, "components": [{"id": "per_deal", "type": "formula", "formula": "deals * 10"}]}\n',
  'assignments.csv': 'payee,plan,from,to\na,ae,2025-01-01,\nb,ae,2025-01-01,\n',
};

const AE = {
  id: 'ae',
  name: 'AE',
  period: 'quarter',
  measures: { bookings: { sum: 'amount' } },
  components: [{ id: 'commission', type: 'commission', measure: 'bookings', rate: '0.1' }],
};

const withComponent = (change: Record<string, unknown>, plan: Record<string, unknown> = AE) => ({
  ...plan,
  components: [{ ...AE.components[0], ...change }],
});

let app: OpenAPIHono;

async function setUp(db: Db) {
  await emptyDatabase(db);
  await importWorkspace(db, workspaceBytes(FIXTURE), { actor: 'test' });
  app = createApp({ db });
  return api(app);
}

/** The api helper sends GET and POST; PUT goes to the same app. */
async function put(id: string, body: unknown): Promise<Answer> {
  const res = await app.request(`/api/plans/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

forEachDatabase('plans: reading', (use) => {
  it('lists plans with their period, version and payees on them today', async () => {
    const http = await setUp(use().db);
    expect((await http.get('/api/plans')).body).toEqual({
      plans: [
        { id: 'ae', name: 'AE', period: 'quarter', version: 1, fileName: 'ae.yaml', assignedPayees: 2 },
        { id: 'sdr', name: 'sdr', period: 'month', version: 1, fileName: 'sdr.json', assignedPayees: 0 },
      ],
    });
  });

  it('gives a plan as an object with the structure of its file, its text and its versions', async () => {
    const http = await setUp(use().db);
    const res = await http.get('/api/plans/ae');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'ae', version: 1, plan: AE, source: FIXTURE['plans/ae.yaml'] });
    expect(res.body.versions).toEqual([{ version: 1, fileName: 'ae.yaml', createdAt: expect.any(String), createdBy: 'test' }]);
    expect((await http.get('/api/plans/sdr')).body.plan).toEqual({
      id: 'sdr',
      period: 'month',
      measures: { deals: { count: true } },
      components: [{ id: 'per_deal', type: 'formula', formula: 'deals * 10' }],
    });
    expect((await http.get('/api/plans/nope')).status).toBe(404);
  });
});

forEachDatabase('plans: saving', (use) => {
  it('saves an edited object as the next version, in the file an export writes, audited; the same plan again saves nothing', async () => {
    const { db } = use();
    await setUp(db);
    const edited = { ...withComponent({ rate: '0.125' }), name: 'Account Executive' };
    const res = await put('ae', { plan: edited, baseVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ saved: true, version: 2, name: 'Account Executive', plan: edited });
    const files = await exportWorkspace(db);
    expect(new TextDecoder().decode(files.get('plans/ae.yaml'))).toBe(res.body.source);
    const q1 = calcFromFiles(files, { period: '2026-Q1' });
    expect(q1.ok && q1.output.results.map((r) => [r.payee, r.payout])).toEqual([
      ['a', '156.25'],
      ['b', '31.25'],
    ]);
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'plan.update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'tester@test', entity: 'plan', entity_id: 'ae' });
    expect(audit[0]!.before).toMatchObject({ version: 1, source: FIXTURE['plans/ae.yaml'] });
    expect(audit[0]!.after).toMatchObject({ version: 2, source: res.body.source });
    expect((await verifyAuditLog(db)).ok).toBe(true);

    const first = await app.request('/api/plans/ae?version=1');
    expect(await first.json()).toMatchObject({ version: 1, name: 'AE', plan: AE, source: FIXTURE['plans/ae.yaml'] });
    expect((await app.request('/api/plans/ae?version=3')).status).toBe(404);

    const again = await put('ae', { plan: edited });
    expect(again.body).toMatchObject({ saved: false, version: 2 });
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'plan.update').execute()).toHaveLength(1);
  });

  it('keeps YAML text as written, comments included, and writes a JSON plan back as JSON', async () => {
    const { db } = use();
    await setUp(db);
    const text = FIXTURE['plans/ae.yaml']!.replace('rate: 0.1 }', 'rate: 0.15 } # from Q2');
    expect((await put('ae', { source: text })).body).toMatchObject({ saved: true, source: text });
    const sdr = { id: 'sdr', period: 'month', measures: { deals: { count: true } }, components: [{ id: 'per_deal', type: 'formula', formula: 'deals * 12.5' }] };
    const res = await put('sdr', { plan: sdr });
    expect(res.status).toBe(200);
    const files = await exportWorkspace(db);
    expect(new TextDecoder().decode(files.get('plans/ae.yaml'))).toBe(text);
    expect(JSON.parse(new TextDecoder().decode(files.get('plans/sdr.json')))).toEqual(sdr);
    expect((await put('sdr', { source: 'id: sdr\n' })).body.error.code).toBe('INVALID_INPUT');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a rate that is no number', withComponent({ rate: 'abc' }), 'components[0].rate', 'component commission rate must be a plain decimal number, not "abc"'],
    ['an unknown measure', withComponent({ measure: 'nope' }), 'components[0].measure', 'component commission: unknown measure "nope"'],
    ['rate and tiers both', withComponent({ tiers: [{ to: '1', rate: '0.1' }, { rate: '0.2' }] }), 'components[0]', 'component commission: a commission needs exactly one of rate or tiers'],
    ['a last tier with an upper bound', withComponent({ rate: undefined, tiers: [{ to: '1', rate: '0.1' }, { to: '2', rate: '0.2' }] }), 'components[0].tiers[1].to', 'component commission: the last tier must not have "to"'],
    ['a tier without a rate', withComponent({ rate: undefined, tiers: [{ to: '1' }, { rate: '0.2' }] }), 'components[0].tiers[0]', 'component commission: a tier needs a rate'],
    ['a period that is no period', { ...AE, period: 'week' }, 'period', 'period must be month, quarter or year, not "week"'],
    ['a where on a column the deals do not have', { ...AE, measures: { bookings: { sum: 'amount', where: { segment: 'smb' } } } }, 'measures.bookings.where.segment', 'where of measure bookings: "segment" is not a column of transactions.csv'],
    ['a formula that does not parse', withComponent({ type: 'formula', measure: undefined, rate: undefined, formula: 'bookings *' }), 'components[0].formula', ''],
    ['a new id', { ...AE, id: 'ae2' }, 'id', 'plan id "ae2" must stay "ae": a plan cannot be renamed'],
  ])('refuses %s with the message of prestasi check and the field it is about, saving nothing', async (_, plan, path, message) => {
    const { db } = use();
    await setUp(db);
    const res = await put('ae', { plan: JSON.parse(JSON.stringify(plan)) });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_WORKSPACE');
    const problem = res.body.error.details.problems.find((p: { warning: boolean }) => !p.warning);
    expect(problem).toMatchObject({ file: 'plans/ae.yaml', path, line: expect.any(Number) });
    if (message !== '') expect(problem.message).toBe(message);
    if (path !== 'id') {
      // The same words and line as `prestasi check` on the workspace with that file.
      const files = new Map(await exportWorkspace(db));
      files.set('plans/ae.yaml', new TextEncoder().encode(planText(JSON.parse(JSON.stringify(plan)), 'yaml')));
      const check = loadWorkspace(files);
      expect(check.ok).toBe(false);
      expect(formatProblem(check.ok ? problem : check.problems.find((p) => !p.warning)!)).toBe(`plans/ae.yaml:${problem.line}: ${problem.message}`);
    }
    expect((await db.selectFrom('plan_versions').select('version').where('plan_id', '=', 'ae').execute()).map((v) => v.version)).toEqual([1]);
  });

  it('refuses a stale base version and an unknown plan', async () => {
    const { db } = use();
    await setUp(db);
    expect((await put('ae', { plan: withComponent({ rate: '0.2' }) })).status).toBe(200);
    const stale = await put('ae', { plan: withComponent({ rate: '0.3' }), baseVersion: 1 });
    expect([stale.status, stale.body.error.code, stale.body.error.details]).toEqual([409, 'CONFLICT', { version: 2 }]);
    expect((await put('nope', { plan: { ...AE, id: 'nope' } })).status).toBe(404);
  });

  it('checks the whole workspace: a plan change that breaks another file is refused', async () => {
    const { db } = use();
    await setUp(db);
    // An adjustment in a quarter: a monthly ae leaves it without a plan.
    await importWorkspace(db, workspaceBytes({ ...FIXTURE, 'adjustments.csv': 'payee,period,amount,reason\na,2026-Q1,10,fix\n' }), { actor: 'test' });
    const res = await put('ae', { plan: { ...AE, period: 'month' } });
    expect(res.status).toBe(422);
    expect(res.body.error.details.problems).toContainEqual({ file: 'adjustments.csv', line: 2, path: null, message: 'a has no plan with period 2026-Q1', warning: false });
  });
});

forEachDatabase('plans: validation and preview', (use) => {
  it('validates inline without saving', async () => {
    const { db } = use();
    const http = await setUp(db);
    const audit = (await db.selectFrom('audit_log').select('id').execute()).length;
    expect((await http.post('/api/plans/validate', { plan: withComponent({ rate: '0.2' }) })).body).toEqual({ ok: true, problems: [] });
    expect((await http.post('/api/plans/validate', { plan: { ...withComponent({ rate: '-x' }), extra: 1 } })).body).toEqual({
      ok: false,
      problems: [
        { file: 'plans/ae.yaml', line: 11, path: 'components[0].rate', message: 'component commission rate must be a plain decimal number, not "-x"', warning: false },
        { file: 'plans/ae.yaml', line: 12, path: 'extra', message: 'unknown key "extra" in the plan is ignored', warning: true },
      ],
    });
    // A new plan is checked as a file of its own; a plan kept as JSON takes JSON text.
    expect((await http.post('/api/plans/validate', { source: 'id: new\nperiod: month\n' })).body).toEqual({ ok: true, problems: [] });
    expect((await http.post('/api/plans/validate', { source: 'id: sdr\nperiod: month\n' })).status).toBe(400);
    expect((await http.post('/api/plans/validate', { source: 'id: [\n' })).body.ok).toBe(false);
    expect((await http.post('/api/plans/validate', { plan: [] })).status).toBe(400);
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(audit);
    expect((await db.selectFrom('plan_versions').select('version').execute()).length).toBe(2);
  });

  it('previews what the edited plan would pay beside the current plan, computed, then from the latest run', async () => {
    const { db } = use();
    const http = await setUp(db);
    const request = { plan: withComponent({ rate: '0.2' }), period: '2026-Q1' };
    // a: 1000 + half of 500 = 1250 at 10% = 125.00, at 20% = 250.00; b: 250 → 25.00, 50.00.
    const rows = [
      { payee: 'a', name: 'Aisyah', period: '2026-Q1', currency: 'MYR', current: '125.00', edited: '250.00', difference: '125.00', components: [{ id: 'commission', current: '125.00', edited: '250.00' }] },
      { payee: 'b', name: 'Boon', period: '2026-Q1', currency: 'MYR', current: '25.00', edited: '50.00', difference: '25.00', components: [{ id: 'commission', current: '25.00', edited: '50.00' }] },
    ];
    const totals = [{ currency: 'MYR', current: '150.00', edited: '300.00', difference: '150.00' }];
    expect((await http.post('/api/plans/ae/preview', request)).body).toEqual({ plan: 'ae', period: '2026-Q1', current: { source: 'computed' }, payees: rows, totals });

    const run = (await http.post('/api/runs', { period: '2026-Q1' })).body.run;
    // Data after the run: the preview's current figures stay the run's, the edited ones see the new deal.
    await importWorkspace(db, workspaceBytes({ ...FIXTURE, 'transactions.csv': `${FIXTURE['transactions.csv']}t3,2026-03-01,100,b,,north\n` }), { actor: 'test' });
    const res = await http.post('/api/plans/ae/preview', request);
    expect(res.body.current).toEqual({ source: 'run', runId: run.id, runNumber: 1, status: 'draft' });
    expect(res.body.payees[1]).toMatchObject({ payee: 'b', current: '25.00', edited: '70.00', difference: '45.00' });
    expect(await db.selectFrom('plan_versions').select('version').where('plan_id', '=', 'ae').execute()).toHaveLength(1);

    const invalid = await http.post('/api/plans/ae/preview', { plan: withComponent({ rate: 'x' }) });
    expect([invalid.status, invalid.body.error.details.problems[0].path]).toEqual([422, 'components[0].rate']);
  });

  it.each([
    ['2026-11-30', '2026-Q1'],
    ['2026-04-15', '2026-Q1'],
    ['2026-02-15', '2025-Q4'],
  ])('previews, on %s, the last full quarter with deals: %s', async (today, period) => {
    const { db } = use();
    await setUp(db);
    expect((await previewPlan(db, 'ae', { input: { plan: AE } }, today)).period).toBe(period);
  });
});
