import { describe, expect, it } from 'vitest';
import { calcFromFiles, type CalcFilesOptions } from './calc.js';
import { formatProblem } from './problems.js';
import { csv, workspaceFiles } from './test-support/files.js';

/** A quarterly AE plan in the spec's own shape; cases override pieces of it. */
const AE_PLAN = `
id: ae
name: Account Executive
period: quarter
measures:
  bookings: { sum: amount, where: { type: [new, upsell] } }
components:
  - { id: commission, type: commission, measure: bookings, basis: attainment,
      method: graduated, tiers: [ { to: 0.5, rate: 0.02 }, { to: 1.0, rate: 0.08 }, { to: 1.5, rate: 0.12 }, { rate: 0.15 } ] }
  - { id: club, type: bonus, measure: bookings, steps: [ { at: 1.0, amount: 5000 }, { at: 1.2, amount: 8000 } ] }
`;

interface Case {
  readonly files: Readonly<Record<string, string | undefined>>;
  readonly options: CalcFilesOptions;
}

const base = (files: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> => ({
  'payees.csv': csv('id,name,manager', 'a,Aisyah,', 'b,Boon Keat,', 'm,Meena,'),
  'assignments.csv': csv('payee,plan,from,to', 'a,ae,2026-01-01,'),
  'quotas.csv': csv('payee,period,measure,amount', 'a,2026-Q1,bookings,300000'),
  'plans/ae.yaml': AE_PLAN,
  ...files,
});

function run({ files, options }: Case) {
  const outcome = calcFromFiles(workspaceFiles(base(files)), options);
  if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join('\n'));
  return JSON.parse(JSON.stringify(outcome.output)) as {
    results: {
      payee: string;
      plan: string;
      period: string;
      currency: string;
      measures: Record<string, string>;
      quotas: Record<string, string>;
      attainment: Record<string, string>;
      components: { id: string; earned: string; uncapped: string; lines?: { transaction?: string; amount: string }[] }[];
      clawbacks: { transaction: string; component: string; amount: string }[];
      adjustments: { amount: string; reason: string }[];
      draw: { paid: string; recovered: string; balance: string };
      payout: string;
    }[];
    unapplied: unknown[];
  };
}

function problems(files: Readonly<Record<string, string | undefined>>, options: CalcFilesOptions = { period: '2026-Q1' }) {
  const outcome = calcFromFiles(workspaceFiles(base(files)), options);
  return outcome.ok ? [] : outcome.problems.filter((p) => !p.warning).map(formatProblem);
}

const TX = 'id,date,amount,currency,owner,splits,type,product,quantity,status,cancel_date';

describe('commission tiers (the spec example)', () => {
  const transactions = csv(TX, 't-1,2026-01-10,200000,,a,,new,,,,', 't-2,2026-02-10,190000,,a,,upsell,,,,', 't-3,2026-02-11,50000,,a,,renewal,,,,');

  it('pays graduated tiers slice by slice, with lines f(after) − f(before)', () => {
    const [r] = run({ files: { 'transactions.csv': transactions }, options: { period: '2026-Q1' } }).results;
    expect(r!.measures).toEqual({ bookings: '390000.00' });
    expect(r!.quotas).toEqual({ bookings: '300000.00' });
    expect(r!.attainment).toEqual({ bookings: '1.3' });
    // 2% × 150,000 + 8% × 150,000 + 12% × 90,000
    expect(r!.components[0]).toEqual({
      id: 'commission',
      earned: '25800.00',
      uncapped: '25800.00',
      lines: [
        { transaction: 't-1', amount: '7000.00' },
        { transaction: 't-2', amount: '18800.00' },
      ],
    });
    expect(r!.components[1]).toMatchObject({ id: 'club', earned: '8000.00', lines: [{ amount: '8000.00' }] });
    expect(r!.payout).toBe('33800.00');
  });

  it('pays retroactive tiers at the final tier rate on every credit', () => {
    const plan = AE_PLAN.replace('method: graduated', 'method: retroactive');
    const [r] = run({ files: { 'transactions.csv': transactions, 'plans/ae.yaml': plan }, options: { period: '2026-Q1' } }).results;
    expect(r!.components[0]!.earned).toBe('46800.00');
    expect(r!.components[0]!.lines).toEqual([
      { transaction: 't-1', amount: '24000.00' },
      { transaction: 't-2', amount: '22800.00' },
    ]);
  });

  it('treats a tier bound as the start of the next tier', () => {
    const plan = AE_PLAN.replace('method: graduated', 'method: retroactive');
    const tx = csv(TX, 't-1,2026-01-10,150000,,a,,new,,,,');
    const [r] = run({ files: { 'transactions.csv': tx, 'plans/ae.yaml': plan }, options: { period: '2026-Q1' } }).results;
    expect(r!.components[0]!.earned).toBe('12000.00');
  });

  it('earns a negative measure at the first tier rate', () => {
    const tx = csv(TX, 't-1,2026-01-10,-1000,,a,,new,,,,');
    const [r] = run({ files: { 'transactions.csv': tx }, options: { period: '2026-Q1' } }).results;
    expect(r!.components[0]!.earned).toBe('-20.00');
    expect(r!.payout).toBe('-20.00');
  });
});

describe('caps and rounding', () => {
  const plan = (extra: string) => `
id: ae
period: quarter
measures: { bookings: { sum: amount } }
components:
  - { id: commission, type: commission, measure: bookings, rate: 1${extra} }
`;

  it('scales capped lines and hands the missing cent to the earliest of equal remainders', () => {
    const tx = csv(TX, 't-1,2026-01-01,50,,a,,,,,,', 't-2,2026-01-02,50,,a,,,,,,', 't-3,2026-01-03,50,,a,,,,,,');
    const [r] = run({ files: { 'transactions.csv': tx, 'plans/ae.yaml': plan(', cap: 100') }, options: { period: '2026-Q1' } }).results;
    expect(r!.components[0]).toEqual({
      id: 'commission',
      earned: '100.00',
      uncapped: '150.00',
      lines: [
        { transaction: 't-1', amount: '33.34' },
        { transaction: 't-2', amount: '33.33' },
        { transaction: 't-3', amount: '33.33' },
      ],
    });
  });

  it.each([
    ['half_up', '0.01'],
    ['half_even', '0.00'],
  ])('rounds once with %s', (rounding, earned) => {
    const tx = csv(TX, 't-1,2026-01-01,0.005,,a,,,,,,');
    const [r] = run({
      files: { 'transactions.csv': tx, 'plans/ae.yaml': plan(''), 'prestasi.yaml': `rounding: ${rounding}\n` },
      options: { period: '2026-Q1' },
    }).results;
    expect(r!.components[0]!.earned).toBe(earned);
  });

  it('keeps 0.029 exact (5 × 0.029 = 0.145 rounds up, unlike in doubles)', () => {
    const tx = csv(TX, 't-1,2026-01-01,5,,a,,,,,,');
    const [r] = run({
      files: { 'transactions.csv': tx, 'plans/ae.yaml': plan('').replace('rate: 1', 'rate: 0.029') },
      options: { period: '2026-Q1' },
    }).results;
    expect(r!.components[0]!.earned).toBe('0.15');
  });

  it.each([
    ['JPY', '12345', '1234.5', '1235'],
    ['KWD', '1.2345', '0.12345', '0.123'],
  ])('rounds to the minor unit of %s', (currency, amount, _exact, earned) => {
    const tx = csv(TX, `t-1,2026-01-01,${amount},,a,,,,,,`);
    const [r] = run({
      files: {
        'transactions.csv': tx,
        'plans/ae.yaml': plan('').replace('rate: 1', 'rate: 0.1'),
        'prestasi.yaml': `currency: ${currency}\n`,
      },
      options: { period: '2026-Q1' },
    }).results;
    expect(r!.components[0]!.earned).toBe(earned);
    expect(r!.measures['bookings']).toBe(currency === 'JPY' ? '12345' : '1.235');
  });
});

describe('proration and fiscal-year quotas', () => {
  it('prorates the quota and bonus amounts by the days assigned, and counts only credits inside the assignment', () => {
    const tx = csv(TX, 't-0,2026-02-01,10000,,a,,new,,,,', 't-1,2026-02-20,60000,,a,,new,,,,');
    const [r] = run({
      files: {
        'transactions.csv': tx,
        'assignments.csv': csv('payee,plan,from,to', 'a,ae,2026-02-15,'),
        'quotas.csv': csv('payee,period,measure,amount', 'a,2026-Q1,bookings,100000'),
      },
      options: { period: '2026-Q1' },
    }).results;
    // 2026-02-15..03-31 is 45 of Q1's 90 days
    expect(r!.quotas).toEqual({ bookings: '50000.00' });
    expect(r!.measures).toEqual({ bookings: '60000.00' });
    expect(r!.attainment).toEqual({ bookings: '1.2' });
    expect(r!.components[1]!.earned).toBe('4000.00');
  });

  it('takes 1/4 of a fiscal-year quota for a quarter, and the exact period when both exist', () => {
    const tx = csv(TX, 't-1,2026-05-10,45000,,a,,new,,,,');
    const out = run({
      files: {
        'transactions.csv': tx,
        'prestasi.yaml': 'fiscal_year_start: 4\n',
        'quotas.csv': csv('payee,period,measure,amount', 'a,2027,bookings,360000', 'a,2027-Q2,bookings,50000'),
      },
      options: { period: '2027' },
    }).results;
    expect(out.map((r) => [r.period, r.quotas['bookings']])).toEqual([
      ['2027-Q1', '90000.00'],
      ['2027-Q2', '50000.00'],
      ['2027-Q3', '90000.00'],
      ['2027-Q4', '90000.00'],
    ]);
    expect(out[0]!.attainment['bookings']).toBe('0.5');
  });

  it('reports a missing quota as the spec words it', () => {
    expect(problems({ 'quotas.csv': undefined, 'transactions.csv': csv(TX) })).toEqual([
      'quotas.csv: missing quota for a, bookings, 2026-Q1',
    ]);
  });

  it('prints repeating attainment rounded half-even to 10 places', () => {
    const tx = csv(TX, 't-1,2026-01-10,100000,,a,,new,,,,');
    const [r] = run({ files: { 'transactions.csv': tx }, options: { period: '2026-Q1' } }).results;
    expect(r!.attainment).toEqual({ bookings: '0.3333333333' });
  });
});

describe('draws', () => {
  const plan = (recoverable: boolean) => `
id: sdr
period: month
measures: { bookings: { sum: amount } }
components: [ { id: commission, type: commission, measure: bookings, rate: 0.1 } ]
draw: { amount: 3000, recoverable: ${recoverable} }
`;
  const files = (recoverable: boolean) => ({
    'plans/ae.yaml': undefined,
    'plans/sdr.yaml': plan(recoverable),
    'assignments.csv': csv('payee,plan,from,to', 'a,sdr,2026-01-01,'),
    'quotas.csv': undefined,
    'transactions.csv': csv(TX, 't-1,2026-01-10,10000,,a,,,,,,', 't-2,2026-02-10,40000,,a,,,,,,', 't-3,2026-03-10,60000,,a,,,,,,'),
  });

  it('tops up and recovers a recoverable draw across the fiscal year', () => {
    const out = run({ files: files(true), options: { period: '2026-Q1' } }).results;
    expect(out.map((r) => [r.period, r.payout, r.draw])).toEqual([
      ['2026-01', '3000.00', { paid: '2000.00', recovered: '0.00', balance: '2000.00' }],
      ['2026-02', '3000.00', { paid: '0.00', recovered: '1000.00', balance: '1000.00' }],
      ['2026-03', '5000.00', { paid: '0.00', recovered: '1000.00', balance: '0.00' }],
    ]);
  });

  it('computes the earlier months a later month depends on', () => {
    const out = run({ files: files(true), options: { period: '2026-03' } }).results;
    expect(out.map((r) => [r.period, r.payout, r.draw.recovered, r.draw.balance])).toEqual([['2026-03', '5000.00', '1000.00', '0.00']]);
  });

  it('never recovers a non-recoverable draw', () => {
    const out = run({ files: files(false), options: { period: '2026-Q1' } }).results;
    expect(out.map((r) => [r.payout, r.draw.paid, r.draw.recovered])).toEqual([
      ['3000.00', '2000.00', '0.00'],
      ['4000.00', '0.00', '0.00'],
      ['6000.00', '0.00', '0.00'],
    ]);
  });

  it('prorates the draw and rounds it before use', () => {
    const out = run({
      files: { ...files(true), 'assignments.csv': csv('payee,plan,from,to', 'a,sdr,2026-01-21,'), 'transactions.csv': csv(TX) },
      options: { period: '2026-01' },
    }).results;
    // 11 of 31 days: 3000 × 11/31 = 1064.516… → 1064.52
    expect(out[0]!.draw).toEqual({ paid: '1064.52', recovered: '0.00', balance: '1064.52' });
  });
});

describe('cancellations and clawbacks', () => {
  const plan = `
id: ae
period: quarter
measures: { bookings: { sum: amount } }
components: [ { id: commission, type: commission, measure: bookings, rate: 0.1 } ]
clawback: { window_days: 90 }
`;
  const tx = csv(
    TX,
    't-1,2026-03-10,10000,,a,,,,,cancelled,2026-04-05',
    't-2,2026-01-10,5000,,a,,,,,cancelled,2026-02-01',
    't-3,2026-01-05,7000,,a,,,,,cancelled,2026-05-01',
    't-4,2026-04-10,1000,,a,,,,,,',
  );
  const files = { 'plans/ae.yaml': plan, 'quotas.csv': undefined, 'transactions.csv': tx };

  it('leaves out a deal cancelled in its own period, keeps later cancellations counted there', () => {
    const [q1] = run({ files, options: { period: '2026-Q1' } }).results;
    expect(q1!.measures['bookings']).toBe('17000.00');
    expect(q1!.components[0]!.lines).toEqual([
      { transaction: 't-3', amount: '700.00' },
      { transaction: 't-1', amount: '1000.00' },
    ]);
  });

  it('reverses exactly what the deal earned in the period holding cancel_date, within the window only', () => {
    const [q2] = run({ files, options: { period: '2026-Q2' } }).results;
    expect(q2!.clawbacks).toEqual([{ transaction: 't-1', component: 'commission', amount: '-1000.00' }]);
    expect(q2!.payout).toBe('-900.00');
  });

  it('lists a clawback with nowhere to land as unapplied', () => {
    const out = run({
      files: { ...files, 'assignments.csv': csv('payee,plan,from,to', 'a,ae,2026-01-01,2026-03-31') },
      options: { period: '2026-Q2' },
    });
    expect(out.results).toEqual([]);
    expect(out.unapplied).toEqual([
      { payee: 'a', plan: 'ae', period: '2026-Q1', transaction: 't-1', component: 'commission', amount: '-1000.00' },
    ]);
  });

  it('lands in the payee’s other plan, converted at cancel_date, when the same plan has no result', () => {
    const other = `
id: lead
period: month
currency: SGD
measures: { bookings: { sum: amount } }
components: [ { id: override, type: commission, measure: bookings, rate: 0.01 } ]
`;
    const out = run({
      files: {
        ...files,
        'plans/lead.yaml': other,
        'assignments.csv': csv('payee,plan,from,to', 'a,ae,2026-01-01,2026-03-31', 'a,lead,2026-04-01,'),
        'fx.csv': csv('date,currency,rate', '2026-01-01,SGD,3.2'),
      },
      options: { period: '2026-04' },
    });
    // -1000.00 MYR ÷ 3.2 = -312.50 SGD
    expect(out.results[0]!.clawbacks).toEqual([{ transaction: 't-1', component: 'commission', amount: '-312.50' }]);
  });
});

describe('credits: currencies, splits, teams, spiffs, formulas', () => {
  it('converts into the plan currency through the base currency', () => {
    const plan = AE_PLAN.replace('period: quarter', 'period: quarter\ncurrency: SGD');
    const tx = csv(TX, 't-1,2026-01-15,1000,USD,a,,new,,,,');
    const [r] = run({
      files: {
        'plans/ae.yaml': plan,
        'transactions.csv': tx,
        'fx.csv': csv('date,currency,rate', '2026-01-01,USD,4.5', '2026-01-01,SGD,3.3', '2026-01-16,USD,9'),
      },
      options: { period: '2026-Q1' },
    }).results;
    expect(r!.currency).toBe('SGD');
    // 1000 × 4.5 ÷ 3.3 = 1363.6363…
    expect(r!.measures['bookings']).toBe('1363.64');
  });

  it('reports a missing exchange rate at the transaction', () => {
    expect(problems({ 'transactions.csv': csv(TX, 't-1,2026-01-15,1000,USD,a,,new,,,,') })).toEqual([
      'transactions.csv:2: missing exchange rate for USD on 2026-01-15 (fx.csv)',
    ]);
  });

  it('reports a missing exchange rate at the transaction in transactions/*.csv', () => {
    expect(
      problems({ 'transactions.csv': csv(TX, 't-1,2026-01-15,1000,,a,,new,,,,'), 'transactions/usd.csv': csv(TX, 't-2,2026-01-15,1000,,a,,new,,,,', 't-3,2026-01-16,1000,USD,a,,new,,,,') }),
    ).toEqual(['transactions/usd.csv:3: missing exchange rate for USD on 2026-01-16 (fx.csv)']);
  });

  it('credits each split partner their share, and counts shares', () => {
    const plan = `
id: ae
period: quarter
measures: { bookings: { sum: amount }, deals: { count: true } }
components: [ { id: commission, type: commission, measure: bookings, rate: 0.1 } ]
`;
    const out = run({
      files: {
        'plans/ae.yaml': plan,
        'quotas.csv': undefined,
        'assignments.csv': csv('payee,plan,from,to', 'a,ae,2026-01-01,', 'b,ae,2026-01-01,'),
        'transactions.csv': csv(TX, 't-1,2026-01-15,1000.01,,,a:60;b:40,,,,,', 't-2,2026-01-16,100,,a,,,,,,'),
      },
      options: { period: '2026-Q1' },
    }).results;
    expect(out.map((r) => [r.payee, r.measures['bookings'], r.measures['deals'], r.components[0]!.earned, r.components[0]!.lines])).toEqual([
      [
        'a',
        '700.01',
        '1.6',
        '70.00',
        [
          { transaction: 't-1', amount: '60.00' },
          { transaction: 't-2', amount: '10.00' },
        ],
      ],
      ['b', '400.00', '0.4', '40.00', [{ transaction: 't-1', amount: '40.00' }]],
    ]);
  });

  it('orders lines by date, then id, across transaction files whose ids each ascend', () => {
    const [r] = run({
      files: {
        'transactions.csv': csv(TX, 'z-1,2026-01-15,10,,a,,new,,,,', 'z-2,2026-01-16,20,,a,,new,,,,'),
        'transactions/earlier-ids.csv': csv(TX, 'a-1,2026-01-16,30,,a,,new,,,,', 'a-2,2026-01-15,40,,a,,new,,,,'),
      },
      options: { period: '2026-Q1' },
    }).results;
    expect(r!.components[0]!.lines!.map((l) => l.transaction)).toEqual(['a-2', 'z-1', 'a-1', 'z-2']);
  });

  it('credits a share exactly where amount times share passes 2^52', () => {
    const plan = `
id: ae
period: quarter
measures: { bookings: { sum: amount } }
components: [ { id: commission, type: commission, measure: bookings, rate: 0.1 } ]
`;
    const out = run({
      files: {
        'plans/ae.yaml': plan,
        'quotas.csv': undefined,
        'assignments.csv': csv('payee,plan,from,to', 'a,ae,2026-01-01,', 'b,ae,2026-01-01,'),
        // 987654321098765 × 333 (the units of 33.3%) is about 3.3 × 10^17.
        'transactions.csv': csv(TX, 't-1,2026-01-15,9876543210987.65,,,a:33.3;b:66.7,,,,,', 't-2,2026-01-16,0.03,,,a:50;b:50,,,,,'),
      },
      // Without lines, as a run's summary: the aggregation's shortest path.
      options: { period: '2026-Q1', summary: true },
    }).results;
    // 9876543210987.65 × 0.333 + 0.015 = 3288888889258.90245; × 0.667 + 0.015 = 6587654321728.77755.
    expect(out.map((r) => [r.payee, r.measures['bookings'], r.components[0]!.earned])).toEqual([
      ['a', '3288888889258.90', '328888888925.89'],
      ['b', '6587654321728.78', '658765432172.88'],
    ]);
  });

  it('adds up a team below a manager and merges one deal reaching them twice into one line', () => {
    const plan = `
id: mgr
period: quarter
measures: { team: { sum: amount, scope: team }, own: { sum: amount } }
components: [ { id: override, type: commission, measure: team, rate: 0.01 } ]
`;
    const [r] = run({
      files: {
        'payees.csv': csv('id,name,manager', 'm,Meena,', 'a,Aisyah,m', 'b,Boon Keat,m', 'c,Chandran,a', 'x,Other,'),
        'plans/ae.yaml': undefined,
        'plans/mgr.yaml': plan,
        'quotas.csv': undefined,
        'assignments.csv': csv('payee,plan,from,to', 'm,mgr,2026-01-01,'),
        'transactions.csv': csv(
          TX,
          't-1,2026-01-15,1000,,,a:50;b:50,,,,,',
          't-2,2026-01-16,500,,c,,,,,,',
          't-3,2026-01-17,200,,m,,,,,,',
          't-4,2026-01-18,999,,x,,,,,,',
        ),
      },
      options: { period: '2026-Q1' },
    }).results;
    expect(r!.measures).toEqual({ team: '1700.00', own: '200.00' });
    expect(r!.components[0]!.lines).toEqual([
      { transaction: 't-1', amount: '10.00' },
      { transaction: 't-2', amount: '5.00' },
      { transaction: 't-3', amount: '2.00' },
    ]);
  });

  it('pays SPIFFs per unit or per deal inside their window', () => {
    const plan = `
id: ae
period: quarter
measures: { bookings: { sum: amount } }
components:
  - { id: pro, type: spiff, where: { product: PRO }, per: unit, amount: 200, from: 2026-02-01, to: 2026-02-28 }
  - { id: any, type: spiff, per: deal, amount: 50 }
`;
    const [r] = run({
      files: {
        'plans/ae.yaml': plan,
        'quotas.csv': undefined,
        'assignments.csv': csv('payee,plan,from,to', 'a,ae,2026-01-01,', 'b,ae,2026-01-01,'),
        'transactions.csv': csv(TX, 't-1,2026-02-28,1,,a,,,PRO,3,,', 't-2,2026-03-01,1,,a,,,PRO,2,,', 't-3,2026-02-10,1,,,a:60;b:40,,PRO,1,,'),
      },
      options: { period: '2026-Q1', payee: 'a' },
    }).results;
    expect(r!.components.map((c) => [c.id, c.earned, c.lines])).toEqual([
      ['pro', '720.00', [{ transaction: 't-3', amount: '120.00' }, { transaction: 't-1', amount: '600.00' }]],
      ['any', '130.00', [{ transaction: 't-3', amount: '30.00' }, { transaction: 't-1', amount: '50.00' }, { transaction: 't-2', amount: '50.00' }]],
    ]);
  });

  it('evaluates formula components on exact decimals', () => {
    const plan = `${AE_PLAN}  - { id: kicker, type: formula, formula: "if(attainment(bookings) >= 1.2, bookings * 0.01, 0)" }\n`;
    const tx = csv(TX, 't-1,2026-01-10,390000,,a,,new,,,,');
    const [r] = run({ files: { 'plans/ae.yaml': plan, 'transactions.csv': tx }, options: { period: '2026-Q1' } }).results;
    expect(r!.components[2]).toEqual({ id: 'kicker', earned: '3900.00', uncapped: '3900.00', lines: [{ amount: '3900.00' }] });
  });

  it('reports division by zero in a formula with the plan file, component and payee', () => {
    const plan = `${AE_PLAN}  - { id: ratio, type: formula, formula: "bookings / (bookings - bookings)" }\n`;
    expect(problems({ 'plans/ae.yaml': plan, 'transactions.csv': csv(TX) })).toEqual([
      'plans/ae.yaml:11: component ratio, payee a, period 2026-Q1: division by zero',
    ]);
  });

  it('adds adjustments to the payout', () => {
    const out = run({
      files: {
        'transactions.csv': csv(TX),
        'adjustments.csv': csv('payee,period,amount,reason', 'a,2026-Q1,100,missed split', 'a,2026-Q1,-0.005,rounding'),
      },
      options: { period: '2026-Q1' },
    }).results;
    expect(out[0]!.adjustments).toEqual([
      { amount: '100.00', reason: 'missed split' },
      { amount: '-0.01', reason: 'rounding' },
    ]);
    expect(out[0]!.payout).toBe('99.99');
  });
});

describe('selection and output', () => {
  it('yields each plan period inside the selected one, ordered by payee, plan, period', () => {
    const monthly = AE_PLAN.replace('id: ae', 'id: monthly').replace('period: quarter', 'period: month');
    const out = run({
      files: {
        'plans/monthly.yaml': monthly,
        'assignments.csv': csv('payee,plan,from,to', 'b,ae,2026-01-01,', 'a,monthly,2026-02-10,'),
        'quotas.csv': csv('payee,period,measure,amount', 'b,2026,bookings,1200', 'a,2026,bookings,1200'),
        'transactions.csv': csv(TX),
      },
      options: { period: '2026-Q1' },
    }).results;
    expect(out.map((r) => `${r.payee}/${r.plan}/${r.period}`)).toEqual(['a/monthly/2026-02', 'a/monthly/2026-03', 'b/ae/2026-Q1']);
  });

  it('leaves lines out with --summary', () => {
    const out = run({ files: { 'transactions.csv': csv(TX, 't-1,2026-01-10,1,,a,,new,,,,') }, options: { period: '2026-Q1', summary: true } });
    expect(out.results[0]!.components[0]).toEqual({ id: 'commission', earned: '0.02', uncapped: '0.02' });
  });
});
