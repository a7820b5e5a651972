import { formatProblem, type Problem } from '@prestasi/workspace';
import { expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { emptyDatabase, forEachDatabase } from '../test-support/databases.js';
import { loadEngineInput } from './engine-input.js';
import { exportWorkspace } from './export.js';
import { importWorkspace } from './import.js';
import type { Db } from './upsert.js';

const PLAN = `# Account executives
id: ae
name: AE
period: quarter
measures:
  bookings: { sum: amount, where: { region: [north] } }
components:
  - { id: commission, type: commission, measure: bookings, rate: 0.1 }
`;
const TX = 'id,date,amount,currency,owner,splits,region,channel';
const BASE: Record<string, string> = {
  'payees.csv': 'id,name,email,manager,team\na,Aisyah,a@x.my,,north\nb,Boon,,a,\n',
  'plans/ae.yml': PLAN,
  'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,2026-12-31\n',
  'transactions.csv': `${TX}\nt1,2026-01-10,1000.50,,a,,north,\nt2,2026-02-01,200,USD,,a:60;b:40,north,\n`,
  'fx.csv': 'date,currency,rate\n2026-01-01,USD,4.45\n2026-01-01,MYR,1\n',
  'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,1000\n',
  'adjustments.csv': 'payee,period,amount,reason\na,2026-Q1,100,"spot, award"\na,2026-Q1,100,"spot, award"\n',
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const files = (changes: Record<string, string | undefined> = {}) =>
  new Map(
    Object.entries({ ...BASE, ...changes })
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([path, text]) => [path, encoder.encode(text)]),
  );
const text = (exported: Map<string, Uint8Array>) => Object.fromEntries([...exported].map(([p, b]) => [p, decoder.decode(b)]));

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}
const problemsOf = (e: DomainError) => (e.details as { problems: Problem[] }).problems.map(formatProblem);

async function counts(db: Db) {
  const tables = ['payees', 'payee_managers', 'plans', 'plan_versions', 'assignments', 'transactions', 'transaction_splits', 'adjustments'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await db.selectFrom(t).selectAll().execute()).length;
  return out;
}

forEachDatabase('importWorkspace', (use) => {
  it('writes every file and changes nothing when the same workspace comes again', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const first = await importWorkspace(db, files(), { actor: 'alice' });
    expect(first.changed).toMatchObject({ payees: 2, payee_managers: 1, plans: 1, plan_versions: 1, assignments: 2, transactions: 2, transaction_splits: 2, adjustments: 2, fx_rates: 1, quotas: 1 });
    const exported = text(await exportWorkspace(db));
    const again = await importWorkspace(db, files(), { actor: 'bob' });
    expect(Object.values(again.changed).every((n) => n === 0)).toBe(true);
    expect(again.batch).toBe(first.batch! + 1);
    expect(text(await exportWorkspace(db))).toEqual(exported);
    const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'entity_id']).where('action', '=', 'workspace.import').orderBy('id').execute();
    expect(audit.slice(-2)).toEqual([
      { actor: 'alice', action: 'workspace.import', entity_id: String(first.batch) },
      { actor: 'bob', action: 'workspace.import', entity_id: String(again.batch) },
    ]);
  });

  it('a dry run says what the import would change, and writes nothing: no row, no batch, no audit entry', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const nothing = async () => ({
      counts: await counts(db),
      batches: (await db.selectFrom('import_batches').selectAll().execute()).length,
      audit: (await db.selectFrom('audit_log').selectAll().where('action', '=', 'workspace.import').execute()).length,
      files: text(await exportWorkspace(db)),
    });
    const empty = await nothing();
    const dry = await importWorkspace(db, files(), { actor: 'alice', dryRun: true });
    expect(await nothing()).toEqual(empty);
    const real = await importWorkspace(db, files(), { actor: 'alice' });
    expect(dry).toEqual({ ...real, batch: null, dryRun: true });
    expect(real.dryRun).toBe(false);

    const imported = await nothing();
    const changes = { 'transactions.csv': `${TX}\nt1,2026-01-10,999,,a,,north,\nt9,2026-03-01,5,,b,,north,\n` };
    const second = await importWorkspace(db, files(changes), { actor: 'bob', dryRun: true });
    expect(second.changed).toMatchObject({ transactions: 2, payees: 0, plans: 0 });
    expect(await nothing()).toEqual(imported);

    // A conflict is found in a dry run as in the import, with the same problems.
    const overlapping = { 'assignments.csv': 'payee,plan,from,to\na,ae,2026-03-01,\n' };
    const error = await rejection(importWorkspace(db, files(overlapping), { actor: 'bob', dryRun: true }));
    const real409 = await rejection(importWorkspace(db, files(overlapping), { actor: 'bob' }));
    expect([error.code, problemsOf(error)]).toEqual([real409.code, problemsOf(real409)]);
    expect(error.code).toBe('CONFLICT');
    expect(await nothing()).toEqual(imported);
  });

  it('exports the workspace format', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'alice' });
    expect(text(await exportWorkspace(db))).toEqual({
      'prestasi.yaml': 'currency: MYR\nfiscal_year_start: 1\nrounding: half_up\n',
      'payees.csv': 'id,name,email,manager,team\na,Aisyah,a@x.my,,north\nb,Boon,,a,\n',
      'plans/ae.yml': PLAN,
      'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,2026-12-31\n',
      'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,1000\n',
      'fx.csv': 'date,currency,rate\n2026-01-01,USD,4.45\n',
      'transactions.csv':
        'id,date,amount,currency,owner,splits,quantity,margin,type,product,status,cancel_date,channel,region\n' +
        't1,2026-01-10,1000.50,,a,,,,,,,,,north\nt2,2026-02-01,200,USD,,a:60;b:40,,,,,,,,north\n',
      'adjustments.csv': 'payee,period,plan,amount,reason\na,2026-Q1,,100,"spot, award"\na,2026-Q1,,100,"spot, award"\n',
    });
  });

  it.each<[string, Record<string, string | undefined>, Record<string, number>]>([
    ['a new amount', { 'transactions.csv': `${TX}\nt1,2026-01-10,1000.5,,a,,north,\nt2,2026-02-01,200,USD,,a:60;b:40,north,\n` }, { transactions: 1 }],
    ['new splits', { 'transactions.csv': `${TX}\nt1,2026-01-10,1000.50,,a,,north,\nt2,2026-02-01,200,USD,,b:50;a:50,north,\n` }, { transaction_splits: 2 }],
    ['an owner instead of splits', { 'transactions.csv': `${TX}\nt1,2026-01-10,1000.50,,a,,north,\nt2,2026-02-01,200,USD,b,,north,\n` }, { transactions: 1, transaction_splits: 2 }],
    ['a new attribute value', { 'transactions.csv': `${TX}\nt1,2026-01-10,1000.50,,a,,north,web\nt2,2026-02-01,200,USD,,a:60;b:40,north,\n` }, { transactions: 1 }],
    ['a new plan source', { 'plans/ae.yml': PLAN.replace('0.1', '0.12') }, { plan_versions: 1 }],
    ['a new manager', { 'payees.csv': 'id,name,email,manager,team\na,Aisyah,a@x.my,b,north\nb,Boon,,,\n' }, { payee_managers: 2 }],
    ['an assignment ended', { 'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,2026-06-30\nb,ae,2026-01-01,2026-12-31\n' }, { assignments: 1 }],
    ['a third identical adjustment', { 'adjustments.csv': 'payee,period,amount,reason\na,2026-Q1,100,"spot, award"\na,2026-Q1,100.00,"spot, award"\na,2026-Q1,0100,"spot, award"\n' }, { adjustments: 1 }],
    ['new settings', { 'prestasi.yaml': 'rounding: half_even\n' }, { settings: 1 }],
  ])('on a second import, changes only what changed: %s', async (_, changes, expected) => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'alice' });
    const { changed } = await importWorkspace(db, files(changes), { actor: 'alice' });
    expect(Object.fromEntries(Object.entries(changed).filter(([, n]) => n > 0))).toEqual(expected);
    const exported = await exportWorkspace(db);
    for (const [path, content] of Object.entries(changes)) {
      if (path.startsWith('plans/') && content !== undefined) expect(decoder.decode(exported.get(path))).toBe(content);
    }
  });

  it('keeps the history of a reporting line and of a plan', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'alice' });
    await importWorkspace(db, files({ 'payees.csv': 'id,name\na,Aisyah\nb,Boon\n', 'plans/ae.yml': `${PLAN}# v2\n` }), { actor: 'bob' });
    const lines = await db.selectFrom('payee_managers').select(['payee_id', 'manager_id', 'valid_from', 'valid_to']).execute();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ payee_id: 'b', manager_id: 'a', valid_from: null });
    expect(lines[0]!.valid_to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const versions = await db.selectFrom('plan_versions').select(['version', 'created_by']).orderBy('version').execute();
    expect(versions).toEqual([
      { version: 1, created_by: 'alice' },
      { version: 2, created_by: 'bob' },
    ]);
  });

  it('merges: rows of earlier imports stay, and an export holds both', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'alice' });
    await importWorkspace(db, files({ 'transactions.csv': 'id,date,amount,owner,region,segment\nt3,2026-03-01,5,b,,smb\n' }), { actor: 'alice' });
    const exported = text(await exportWorkspace(db));
    expect(exported['transactions.csv']?.split('\n')[0]).toBe('id,date,amount,currency,owner,splits,quantity,margin,type,product,status,cancel_date,channel,region,segment');
    expect(exported['transactions.csv']).toContain('t3,2026-03-01,5,,b,,,,,,,,,,smb\n');
    expect(exported['transactions.csv']).toContain('t1,2026-01-10,1000.50,,a,,,,,,,,,north,\n');
  });

  it.each<[string, Record<string, string | undefined>, string[]]>([
    ['an unknown owner', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,zz,,north,\n` }, ['transactions.csv:2: owner "zz" is not a payee in payees.csv']],
    ['a missing file', { 'payees.csv': undefined }, ['payees.csv: required file is missing']],
    ['a NUL character', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,a,,north,\nt2,2026-01-10,1,,a,,no\u0000rth,\n` }, ['transactions.csv:3: holds a NUL character, which the database cannot store']],
  ])('rejects a workspace with %s, naming FILE:LINE, and writes nothing', async (_, changes, problems) => {
    const { db } = use();
    await emptyDatabase(db);
    const error = await rejection(importWorkspace(db, files(changes), { actor: 'alice' }));
    expect(error.code).toBe('INVALID_WORKSPACE');
    expect(problemsOf(error)).toEqual(problems);
    expect(Object.values(await counts(db)).every((n) => n === 0)).toBe(true);
  });

  it.each<[string, Record<string, string | undefined>, RegExp]>([
    ['an assignment overlapping an earlier one', { 'assignments.csv': 'payee,plan,from,to\na,ae,2026-03-01,\nb,ae,2026-01-01,2026-12-31\n' }, /assignments\.csv:\d+: overlaps the assignment on line \d+/],
    [
      'another plan in the file of an earlier one',
      { 'plans/ae.yml': PLAN.replace('id: ae', 'id: other'), 'assignments.csv': 'payee,plan,from\nb,other,2027-01-01\n', 'adjustments.csv': undefined },
      /plans\/ae\.yml would hold 2 plans: ae, other/,
    ],
  ])('rejects a workspace valid alone but not merged, with %s, and writes nothing', async (_, changes, message) => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'alice' });
    const before = { counts: await counts(db), files: text(await exportWorkspace(db)) };
    const error = await rejection(importWorkspace(db, files(changes), { actor: 'alice' }));
    expect(error.code).toBe('CONFLICT');
    expect([error.message, ...((error.details as { problems?: Problem[] }).problems ?? []).map(formatProblem)].join('\n')).toMatch(message);
    expect({ counts: await counts(db), files: text(await exportWorkspace(db)) }).toEqual(before);
  });

  it('keeps a column whose cells are all empty, which a plan may filter on', async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files({ 'transactions.csv': `${TX}\n` }), { actor: 'alice' });
    expect(decoder.decode((await exportWorkspace(db)).get('transactions.csv'))).toBe(
      'id,date,amount,currency,owner,splits,quantity,margin,type,product,status,cancel_date,channel,region\n',
    );
  });

  it('loadEngineInput gives what the loader gives for the files', async () => {
    const { db } = use();
    await emptyDatabase(db);
    expect((await rejection(loadEngineInput(db))).code).toBe('INVALID_WORKSPACE');
    await importWorkspace(db, files(), { actor: 'alice' });
    const { input } = await loadEngineInput(db);
    expect(input.payees.map((p) => p.id)).toEqual(['a', 'b']);
    expect(input.transactions.length).toBe(2);
    expect(input.adjustments).toHaveLength(2);
  });
});

forEachDatabase('importWorkspace and the settings runs depend on', (use) => {
  /** A run of 2026-Q1 with `status`, written straight into the table. */
  async function run(db: Db, status: 'draft' | 'paid') {
    const now = new Date();
    const paid = status === 'paid' ? { approved_by: 't', approved_at: now, paid_by: 't', paid_at: now } : {};
    await db.insertInto('runs').values({ period: '2026-Q1', number: 1, status, input_digest: 'test', created_by: 't', ...paid }).execute();
  }

  it.each<[string, 'draft' | 'paid', string, string | undefined]>([
    ['another currency after a run', 'draft', 'currency: USD\n', 'the currency and the fiscal year start can only change before the first run: 1 run(s) exist, the first of 2026-Q1'],
    ['another fiscal year start after a run', 'draft', 'fiscal_year_start: 7\n', 'the currency and the fiscal year start can only change before the first run: 1 run(s) exist, the first of 2026-Q1'],
    ['other rounding after a paid run', 'paid', 'rounding: half_even\n', 'rounding can only change while no run is paid: 2026-Q1 is paid'],
    ['other rounding while the run is a draft', 'draft', 'rounding: half_even\n', undefined],
    ['the same settings after a paid run', 'paid', 'currency: MYR\n', undefined],
  ])('%s', async (_, status, yaml, refusal) => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(), { actor: 'test' });
    await run(db, status);
    const before = await exportWorkspace(db);
    // The adjustments of 2026-Q1 would fall outside the plan under another fiscal year: left out, the files stay valid.
    const importing = importWorkspace(db, files({ 'prestasi.yaml': yaml, 'transactions.csv': `${BASE['transactions.csv']}t3,2026-03-01,5,,a,,north,\n`, 'adjustments.csv': undefined }), { actor: 'test' });
    if (refusal === undefined) {
      await importing;
      return;
    }
    const error = await rejection(importing);
    expect({ code: error.code, message: error.message }).toEqual({ code: 'CONFLICT', message: refusal });
    expect(text(await exportWorkspace(db))).toEqual(text(before));
  });
});
