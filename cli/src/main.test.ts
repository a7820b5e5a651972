import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';

const root = mkdtempSync(join(tmpdir(), 'prestasi-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PLAN = `id: ae
name: AE
period: quarter
measures:
  bookings: { sum: amount, where: { type: [new] } }
components:
  - { id: commission, type: commission, measure: bookings, rate: 0.1 }
`;

const VALID: Record<string, string | Uint8Array> = {
  'payees.csv': 'id,name,manager\na,Aisyah,\nb,Boon,a\n',
  'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,\nb,ae,2026-01-01,2026-12-31\n',
  'transactions.csv': 'id,date,amount,currency,owner,splits,type,status,cancel_date\nt1,2026-01-10,1000,,a,,new,,\n',
  'plans/ae.yaml': PLAN,
};

let counter = 0;
function workspace(overrides: Record<string, string | Uint8Array | undefined>): string {
  const dir = join(root, `ws${counter++}`);
  for (const [path, content] of Object.entries({ ...VALID, ...overrides })) {
    if (content === undefined) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}


const TX = 'id,date,amount,currency,owner,splits,type,status,cancel_date';

describe('prestasi check: invalid workspaces exit 2 with FILE:LINE problems and nothing on stdout', () => {
  it.each<[string, Record<string, string | Uint8Array | undefined>, string[]]>([
    ['a missing required file', { 'payees.csv': undefined }, ['payees.csv: required file is missing']],
    ['a bad date', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,a,,new,,\nt2,2026-02-30,1,,a,,new,,\n` }, ['transactions.csv:3: date must be a date YYYY-MM-DD, not "2026-02-30"']],
    ['a bad number', { 'transactions.csv': `${TX}\nt1,2026-01-10,"1,000",,a,,new,,\n` }, ['transactions.csv:2: amount must be a plain decimal number, not "1,000"']],
    ['an exponent', { 'transactions.csv': `${TX}\nt1,2026-01-10,1e3,,a,,new,,\n` }, ['transactions.csv:2: amount must be a plain decimal number, not "1e3"']],
    ['an unknown owner', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,zz,,new,,\n` }, ['transactions.csv:2: owner "zz" is not a payee in payees.csv']],
    ['splits not adding up to 100', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,,a:60;b:30,new,,\n` }, ['transactions.csv:2: splits: percentages add up to 90, not 100']],
    ['a payee twice in splits', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,,a:50;a:50,new,,\n` }, ['transactions.csv:2: splits: a appears twice']],
    ['owner and splits', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,a,a:100,new,,\n` }, ['transactions.csv:2: give either owner or splits, not both']],
    ['a duplicate id', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,a,,new,,\nt1,2026-01-11,1,,a,,new,,\n` }, ['transactions.csv:3: duplicate transaction id "t1" (first on line 2)']],
    ['cancel_date before date', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,a,,new,cancelled,2026-01-09\n` }, ['transactions.csv:2: cancel_date is before date']],
    ['cancel_date on a won deal', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,,a,,new,won,2026-01-11\n` }, ['transactions.csv:2: cancel_date is only allowed on a cancelled transaction']],
    ['an unknown currency', { 'transactions.csv': `${TX}\nt1,2026-01-10,1,XYZ,a,,new,,\n` }, ['transactions.csv:2: unknown ISO 4217 currency "XYZ"']],
    ['an unterminated quote', { 'transactions.csv': `${TX}\nt1,2026-01-10,"1,a,,new,,\n` }, ['transactions.csv:2: unterminated quoted field (the quote opened here never closes)']],
    ['overlapping assignments', { 'assignments.csv': 'payee,plan,from,to\na,ae,2026-01-01,2026-06-30\na,ae,2026-06-30,\n' }, ['assignments.csv:3: overlaps the assignment on line 2 of the same payee']],
    ['an unknown plan', { 'assignments.csv': 'payee,plan,from,to\na,zz,2026-01-01,\n' }, ['assignments.csv:2: plan "zz" is not a plan in plans/']],
    ['a manager cycle', { 'payees.csv': 'id,name,manager\na,Aisyah,b\nb,Boon,a\n' }, ['payees.csv:2: manager cycle: a → b → a']],
    ['an unknown manager', { 'payees.csv': 'id,name,manager\na,Aisyah,\nb,Boon,zz\n' }, ['payees.csv:3: manager "zz" is not a payee']],
    ['a non-positive quota', { 'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,0\n' }, ['quotas.csv:2: a quota must be positive']],
    ['two quotas for one period', { 'quotas.csv': 'payee,period,measure,amount\na,2026-Q1,bookings,1\na,2026-Q1,bookings,2\n' }, ['quotas.csv:3: a second quota for a, bookings, 2026-Q1 (first on line 2)']],
    ['unparsable YAML', { 'plans/ae.yaml': 'id: ae\nperiod: [quarter\n' }, ['plans/ae.yaml:3: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['an unknown measure in a formula', { 'plans/ae.yaml': `${PLAN}  - { id: k, type: formula, formula: "bookings + deals" }\n` }, ["plans/ae.yaml:8: component k: formula: unknown measure 'deals' (at character 12)"]],
    ['an unknown function in a formula', { 'plans/ae.yaml': `${PLAN}  - { id: k, type: formula, formula: "sqrt(bookings)" }\n` }, ["plans/ae.yaml:8: component k: formula: unknown function 'sqrt' (at character 1)"]],
    ['a where field that is not a column', { 'plans/ae.yaml': PLAN.replace('type: [new]', 'segment: [smb]') }, ['plans/ae.yaml:5: where of measure bookings: "segment" is not a column of transactions.csv']],
    ['tiers that do not ascend', { 'plans/ae.yaml': PLAN.replace('rate: 0.1 }', 'tiers: [ { to: 1, rate: 0.1 }, { to: 0.5, rate: 0.2 }, { rate: 0.3 } ] }') }, ['plans/ae.yaml:7: component commission: tier bounds must strictly ascend from 0']],
    ['a draw without recoverable', { 'plans/ae.yaml': `${PLAN}draw: { amount: 100 }\n` }, ['plans/ae.yaml:8: draw needs "recoverable: true" or "recoverable: false"']],
    ['an empty transactions file', { 'transactions.csv': '' }, ['transactions.csv:1: the file is empty: a header row is required']],
    ['an id repeated in transactions/*.csv', { 'transactions/b.csv': `${TX}\nt2,2026-01-11,1,,a,,new,,\nt1,2026-01-11,1,,a,,new,,\n` }, ['transactions/b.csv:3: duplicate transaction id "t1" (first in transactions.csv on line 2)']],
    ['a bad cell in transactions/*.csv', { 'transactions/b.csv': `${TX}\nt2,2026-02-30,1,,a,,new,,\n` }, ['transactions/b.csv:2: date must be a date YYYY-MM-DD, not "2026-02-30"']],
    ['transactions/*.csv without transactions.csv', { 'transactions.csv': undefined, 'transactions/b.csv': `${TX}\nt2,2026-01-11,1,,a,,new,,\n` }, ['transactions.csv: required file is missing']],
  ])('%s', async (_name, overrides, expected) => {
    const r = await run(['check', workspace(overrides)]);
    expect(r.err.trim().split('\n').filter((l) => !l.includes('warning:'))).toEqual(expected);
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });

  it('reports every problem at once, in file order', async () => {
    const r = await run([
      'check',
      workspace({
        'payees.csv': 'id,name,manager\na,,\nb,Boon,a\n',
        'transactions.csv': `${TX}\nt1,2026-13-01,1,,a,,new,,\nt2,2026-01-01,x,,b,,new,,\n`,
      }),
    ]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      'payees.csv:2: name is required',
      'transactions.csv:2: date must be a date YYYY-MM-DD, not "2026-13-01"',
      'transactions.csv:3: amount must be a plain decimal number, not "x"',
    ]);
  });

  it('counts the rows of transactions/*.csv with those of transactions.csv, and their columns for the plans', async () => {
    const dir = workspace({
      'transactions/2026-02.csv': 'segment,id,date,amount,owner,type\nsmb,t2,2026-02-01,500,b,new\n',
      'plans/ae.yaml': PLAN.replace('type: [new]', 'segment: [smb]'),
    });
    const r = await run(['check', dir]);
    expect(r).toEqual({ code: 0, out: `ok: ${dir}: 2 payees, 1 plans, 2 assignments, 2 transactions, 0 quotas, 0 exchange rates, 0 adjustments\n`, err: '' });
    const calc = await run(['calc', dir, '--period', '2026-Q1', '--format', 'csv']);
    expect(calc.out).toContain('b,ae,2026-Q1');
    expect(calc.out).toContain('50.00');
  });

  it('passes a valid workspace with a one-line summary', async () => {
    const dir = workspace({});
    const r = await run(['check', dir]);
    expect(r).toEqual({ code: 0, out: `ok: ${dir}: 2 payees, 1 plans, 2 assignments, 1 transactions, 0 quotas, 0 exchange rates, 0 adjustments\n`, err: '' });
  });
});

describe('prestasi calc', () => {
  it('prints the spec JSON and is byte-identical run to run', async () => {
    const dir = workspace({});
    const first = await run(['calc', dir, '--period', '2026-Q1']);
    const second = await run(['calc', dir, '--period', '2026-Q1']);
    expect(first.code).toBe(0);
    expect(first.out).toBe(second.out);
    const doc = JSON.parse(first.out) as { period: string; results: { payee: string; payout: string }[]; unapplied: unknown[] };
    expect(doc.period).toBe('2026-Q1');
    expect(doc.results.map((r) => [r.payee, r.payout])).toEqual([
      ['a', '100.00'],
      ['b', '0.00'],
    ]);
    expect(doc.unapplied).toEqual([]);
  });

  it('prints CSV with a column per component', async () => {
    const r = await run(['calc', workspace({}), '--period', '2026-Q1', '--format', 'csv']);
    expect(r.out).toBe(
      'payee,plan,period,currency,component:commission,clawbacks,adjustments,draw_paid,draw_recovered,payout\n' +
        'a,ae,2026-Q1,MYR,100.00,0.00,0.00,0.00,0.00,100.00\n' +
        'b,ae,2026-Q1,MYR,0.00,0.00,0.00,0.00,0.00,0.00\n',
    );
  });

  it.each([
    [['calc', 'WS', '--period', '2026-Q5'], 'unknown period "2026-Q5"'],
    [['calc', 'WS', '--period', '2026-Q1', '--payee', 'nobody'], 'unknown payee "nobody"'],
    [['calc', 'WS'], '--period is required'],
    [['calc', 'WS', '--period', '2026-Q1', '--format', 'xml'], '--format must be json or csv'],
    [['calc', '/nonexistent/folder', '--period', '2026-Q1'], 'not a workspace folder'],
    [['calc', 'WS', '--period', '2026-Q1', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects bad arguments %j with exit 2', async (args, message) => {
    const dir = workspace({});
    const r = await run(args.map((a) => (a === 'WS' ? dir : a)));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });
});

describe('hostile input never hangs or crashes', () => {
  const cases: [string, Record<string, string | Uint8Array>][] = [
    ['a 10 MB single cell', { 'transactions.csv': `${TX}\nt1,2026-01-10,${'9'.repeat(10_000_000)},,a,,new,,\n` }],
    ['binary garbage', { 'payees.csv': Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 256) }],
    ['a formula nested 10,000 deep', { 'plans/ae.yaml': `${PLAN}  - { id: k, type: formula, formula: "${'('.repeat(10_000)}1${')'.repeat(10_000)}" }\n` }],
    ['YAML nested 10,000 deep', { 'plans/ae.yaml': `${'['.repeat(10_000)}${']'.repeat(10_000)}\n` }],
    ['a plan that is not a mapping', { 'plans/ae.yaml': '42\n' }],
    ['an empty plan file', { 'plans/ae.yaml': '' }],
    ['a million commas', { 'transactions.csv': `${TX}\n${','.repeat(1_000_000)}\n` }],
  ];
  it.each(cases)('%s: exit 2 with problems, no stack trace', async (_name, overrides) => {
    const r = await run(['calc', workspace(overrides), '--period', '2026-Q1']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err.length).toBeLessThan(200_000);
  });

  it('stops quietly when the reader closes the pipe early (prestasi calc | head)', async () => {
    const bin = fileURLToPath(new URL('../bin/prestasi.cjs', import.meta.url));
    const payees = Array.from({ length: 20_000 }, (_, i) => `p${i},Payee ${i},`).join('\n');
    const assignments = Array.from({ length: 20_000 }, (_, i) => `p${i},ae,2026-01-01,`).join('\n');
    const dir = workspace({
      'payees.csv': `id,name,manager\n${payees}\n`,
      'assignments.csv': `payee,plan,from,to\n${assignments}\n`,
      'transactions.csv': `${TX}\nt1,2026-01-10,1000,,p0,,new,,\n`,
    });
    const child = spawn(process.execPath, [bin, 'calc', dir, '--period', '2026-Q1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    // Like `head -c 1`: take the first chunk, then close the pipe while the rest is being written.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('computes huge numbers exactly', async () => {
    const big = `9${'0'.repeat(40)}.01`;
    const r = await run(['calc', workspace({ 'transactions.csv': `${TX}\nt1,2026-01-10,${big},,a,,new,,\n` }), '--period', '2026-Q1', '--summary']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { results: { measures: Record<string, string>; payout: string }[] };
    expect(doc.results[0]!.measures['bookings']).toBe(`9${'0'.repeat(40)}.01`);
    expect(doc.results[0]!.payout).toBe(`9${'0'.repeat(39)}.00`);
  });
});
