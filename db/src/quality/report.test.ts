import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { files } from '../crm/test-support/fixtures.js';
import { emptyDatabase, forEachDatabase } from '../test-support/databases.js';
import { importWorkspace } from '../workspace/import.js';
import { type DataQualityReport, dataQualityReport } from './report.js';

/** A workspace with one of each problem the report looks for, and nothing else wrong. */
const WORKSPACE = {
  'prestasi.yaml': 'currency: MYR\n',
  'payees.csv': 'id,name,email\nae-1,Aisyah Rahman,aisyah@contoh.my\nae-2,Boon Tan,boon@contoh.my\nae-3,Chen Wei,\n',
  'plans/ae.yaml':
    'id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n' +
    '  - { id: commission, type: commission, measure: bookings, tiers: [ { to: 1.0, rate: 0.05 }, { rate: 0.1 } ] }\n',
  'assignments.csv': 'payee,plan,from,to\nae-1,ae,2026-01-01,\nae-2,ae,2026-01-01,\nae-3,ae,2026-04-01,\n',
  'quotas.csv': 'payee,period,measure,amount\nae-1,2026-Q1,bookings,100000\nae-2,2026,bookings,400000\n',
  'transactions.csv': [
    'id,date,amount,currency,owner,customer',
    // The same deal twice, under two ids and two spellings of the amount.
    't-1,2026-01-10,5000,,ae-1,Acme',
    'sf:006A,2026-01-10,5000.00,MYR,ae-1, acme ',
    // The same owner, day and amount, another customer: not a duplicate.
    't-2,2026-01-10,5000,,ae-1,Globex',
    // Boon's usual deals, and one far beyond them.
    ...[1000, 1100, 900, 1000, 1050, 950].map((a, i) => `b-${i},2026-03-0${i + 1},${a},,ae-2,`),
    'b-big,2026-03-20,500000,,ae-2,',
    // Chen's plan starts in April.
    'c-1,2026-02-01,700,,ae-3,',
    'a-q2,2026-04-15,3000,,ae-1,',
    '',
  ].join('\n'),
};

forEachDatabase('data quality report', (use) => {
  let report: DataQualityReport;

  beforeAll(async () => {
    const { db } = use();
    await emptyDatabase(db);
    await importWorkspace(db, files(WORKSPACE), { actor: 'test' });
    // January was paid and locked long ago; every January deal was written after that.
    const run = await sql<{ id: number }>`
      insert into runs (period, number, status, input_digest, created_by, approved_by, approved_at, paid_by, paid_at)
      values ('2026-01', 1, 'paid', 'x', 'test', 'test', '2000-01-01', 'test', '2000-01-02') returning id`.execute(db);
    await sql`insert into locked_periods (period, run_id, locked_at) values ('2026-01', ${run.rows[0]!.id}, '2000-01-02')`.execute(db);
    report = await dataQualityReport(db);
  });

  it('finds likely duplicates: same payee, date, amount, currency and customer', () => {
    expect(report.duplicates.total).toBe(1);
    expect(report.duplicates.items).toEqual([
      {
        credited: 'ae-1',
        date: '2026-01-10',
        amount: expect.stringMatching(/^5000(\.00)?$/),
        currency: 'MYR',
        customer: 'acme',
        dealName: null,
        transactions: ['sf:006A', 't-1'],
        sources: [null, null],
        why: expect.stringContaining('2 transactions credit ae-1'),
      },
    ]);
    expect(report.duplicates.rule).toMatch(/same credited payee/);
  });

  it('finds deals of people with no assignment on the deal date', () => {
    expect(report.unassignedOwners).toMatchObject({
      total: 1,
      items: [{ transaction: 'c-1', date: '2026-02-01', amount: '700', currency: 'MYR', payee: 'ae-3', payeeName: 'Chen Wei', assignments: ['ae 2026-04-01..'] }],
    });
    expect(report.unassignedOwners.items[0]!.why).toBe('ae-3 has no plan assignment covering 2026-02-01 (assignments: ae 2026-04-01..): assign a plan for that date or move the deal to the right owner');
  });

  it('finds amounts far outside the payee’s usual, with the median and MAD it used', () => {
    expect(report.outliers).toMatchObject({
      total: 1,
      items: [{ transaction: 'b-big', payee: 'ae-2', amount: '500000', currency: 'MYR', median: '1000', mad: '50', deviations: '9980.0', deals: 7 }],
    });
  });

  it('finds deals written into a locked period after the lock', () => {
    expect(report.lockedPeriods.total).toBe(3);
    expect(report.lockedPeriods.items.map((i) => [i.transaction, i.period])).toEqual([
      ['sf:006A', '2026-01'],
      ['t-1', '2026-01'],
      ['t-2', '2026-01'],
    ]);
  });

  it('finds missing quotas: each payee, period and measure a component needs, a fiscal-year quota counting', () => {
    expect(report.missingQuotas.problems).toEqual([]);
    expect(report.missingQuotas.items).toEqual([
      { payee: 'ae-1', plan: 'ae', period: '2026-Q2', measure: 'bookings', components: ['commission'], why: expect.stringContaining('add one for 2026-Q2 or for fiscal year 2026') },
      { payee: 'ae-3', plan: 'ae', period: '2026-Q2', measure: 'bookings', components: ['commission'], why: expect.stringContaining('ae-3 is on plan ae in 2026-Q2 (2026-04-01..2026-06-30)') },
    ]);
  });

  it('lists at most the limit, counting them all', async () => {
    const small = await dataQualityReport(use().db, { limit: 1 });
    expect(small.lockedPeriods.total).toBe(3);
    expect(small.lockedPeriods.items).toHaveLength(1);
    expect(small.missingQuotas).toMatchObject({ total: 2, items: [{ payee: 'ae-1' }] });
  });

  it('is empty for an empty database', async () => {
    const { db } = use();
    await emptyDatabase(db);
    const empty = await dataQualityReport(db);
    for (const kind of ['duplicates', 'unassignedOwners', 'outliers', 'lockedPeriods', 'missingQuotas'] as const) expect(empty[kind]).toMatchObject({ total: 0, items: [] });
  });
});
