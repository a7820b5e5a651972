// Hand-checked cases for the reference implementation itself.

import { describe, expect, test } from 'vitest';
import { referenceCalc } from './index.js';
import type { CalcOptions } from './index.js';
import { Rat } from './rational.js';

type Files = Record<string, string>;

const PAYEE_AE = 'id,name,manager\nae-001,Aisha,\n';

function run(files: Files, options: CalcOptions): { results: Array<Record<string, unknown>>; unapplied: unknown[] } {
  const out = referenceCalc(new Map(Object.entries(files)), options);
  if (!out.ok) throw new Error(`unexpected problems: ${out.problems.join('; ')}`);
  return out.output as { results: Array<Record<string, unknown>>; unapplied: unknown[] };
}

function problems(files: Files, options: CalcOptions): string[] {
  const out = referenceCalc(new Map(Object.entries(files)), options);
  if (out.ok) throw new Error('expected the workspace to be invalid');
  return out.problems;
}

function only(files: Files, options: CalcOptions): Record<string, unknown> {
  const { results } = run(files, options);
  expect(results).toHaveLength(1);
  const r = results[0];
  if (r === undefined) throw new Error('no result');
  return r;
}

const monthlyFlat = (extra = ''): string => `id: m
period: month
measures:
  bookings: { sum: amount }
components:
  - { id: commission, type: commission, measure: bookings, rate: 0.1 }
${extra}`;

describe('rational', () => {
  test.each([
    ['0.125', 2, 'half_up', 13n],
    ['0.125', 2, 'half_even', 12n],
    ['0.135', 2, 'half_even', 14n],
    ['-0.125', 2, 'half_up', -13n],
    ['-0.125', 2, 'half_even', -12n],
    ['-0.124', 2, 'half_up', -12n],
    ['2.5', 0, 'half_even', 2n],
    ['1250', -2, 'half_up', 13n],
  ] as const)('round %s to %i places (%s)', (text, scale, rule, units) => {
    expect(Rat.parseDecimal(text)?.roundToUnits(scale, rule)).toBe(units);
  });

  test('decimal parsing is exact (5 × 0.029 = 0.145 rounds up)', () => {
    const x = Rat.parseDecimal('0.029')?.mul(Rat.int(5));
    expect(x?.toExactDecimal()).toBe('0.145');
    expect(x?.roundToUnits(2, 'half_up')).toBe(15n);
  });

  test.each(['1e3', '.5', '5.', '+1', '1,000', ''])('rejects %j', (t) => {
    expect(Rat.parseDecimal(t)).toBeUndefined();
  });
});

describe('spec example: graduated tiers on attainment', () => {
  const files: Files = {
    'payees.csv': PAYEE_AE,
    'plans/ae.yaml': `id: ae
name: Account Executive
period: quarter
measures:
  bookings: { sum: amount, where: { type: [new, upsell] } }
components:
  - { id: commission, type: commission, measure: bookings, basis: attainment,
      method: graduated, cap: 60000,
      tiers: [ { to: 0.5, rate: 0.02 }, { to: 1.0, rate: 0.08 }, { to: 1.5, rate: 0.12 }, { rate: 0.15 } ] }
  - { id: club, type: bonus, measure: bookings, steps: [ { at: 1.0, amount: 5000 }, { at: 1.2, amount: 8000 } ] }
  - { id: kicker, type: formula, formula: "if(attainment(bookings) >= 1.2, bookings * 0.01, 0)" }
`,
    'assignments.csv': 'payee,plan,from,to\nae-001,ae,2026-01-01,\n',
    'transactions.csv':
      'id,date,amount,owner,type\n' +
      't-3,2026-03-01,90000,ae-001,upsell\n' +
      't-1,2026-01-10,100000,ae-001,new\n' +
      't-2,2026-02-05,200000,ae-001,new\n' +
      't-4,2026-02-06,50000,ae-001,renewal\n',
    'quotas.csv': 'payee,period,measure,amount\nae-001,2026-Q1,bookings,300000\n',
  };

  test('0.02*150000 + 0.08*150000 + 0.12*90000 = 25800.00, lines f(after) - f(before)', () => {
    const r = only(files, { period: '2026-Q1' });
    expect(r['measures']).toEqual({ bookings: '390000.00' });
    expect(r['quotas']).toEqual({ bookings: '300000.00' });
    expect(r['attainment']).toEqual({ bookings: '1.3' });
    expect(r['components']).toEqual([
      {
        id: 'commission',
        earned: '25800.00',
        uncapped: '25800.00',
        lines: [
          { transaction: 't-1', amount: '2000.00' }, // f(100000) = 0.02 * 100000
          { transaction: 't-2', amount: '13000.00' }, // f(300000) - f(100000) = 15000 - 2000
          { transaction: 't-3', amount: '10800.00' }, // f(390000) - f(300000) = 0.12 * 90000
        ],
      },
      { id: 'club', earned: '8000.00', uncapped: '8000.00', lines: [{ amount: '8000.00' }] },
      { id: 'kicker', earned: '3900.00', uncapped: '3900.00', lines: [{ amount: '3900.00' }] },
    ]);
    expect(r['payout']).toBe('37700.00');
    expect(r['draw']).toEqual({ paid: '0.00', recovered: '0.00', balance: '0.00' });
  });

  test('--summary drops lines; key order follows the spec', () => {
    const r = only(files, { period: '2026-Q1', summary: true });
    expect(Object.keys(r)).toEqual([
      'payee', 'plan', 'period', 'currency', 'measures', 'quotas', 'attainment',
      'components', 'clawbacks', 'adjustments', 'draw', 'payout',
    ]);
    expect(r['components']).toEqual([
      { id: 'commission', earned: '25800.00', uncapped: '25800.00' },
      { id: 'club', earned: '8000.00', uncapped: '8000.00' },
      { id: 'kicker', earned: '3900.00', uncapped: '3900.00' },
    ]);
  });

  test('a fiscal-year quota applies as 1/4 to a quarterly plan; the exact row wins', () => {
    const fy = { ...files, 'quotas.csv': 'payee,period,measure,amount\nae-001,2026,bookings,1200000\n' };
    expect(only(fy, { period: '2026-Q1' })['quotas']).toEqual({ bookings: '300000.00' });
    const both = { ...files, 'quotas.csv': 'payee,period,measure,amount\nae-001,2026,bookings,4000000\nae-001,2026-Q1,bookings,300000\n' };
    expect(only(both, { period: '2026-Q1' })['attainment']).toEqual({ bookings: '1.3' });
  });

  test('a missing quota is a problem', () => {
    const none = { ...files, 'quotas.csv': 'payee,period,measure,amount\n' };
    expect(problems(none, { period: '2026-Q1' }).join('\n')).toContain('missing quota for ae-001, bookings, 2026-Q1');
  });
});

describe('retroactive tiers and negative measures', () => {
  const plan = `id: r
period: month
measures:
  bookings: { sum: amount }
components:
  - { id: c, type: commission, measure: bookings, basis: amount, method: retroactive,
      tiers: [ { to: 100000, rate: 0.05 }, { rate: 0.1 } ] }
  - { id: g, type: commission, measure: bookings, basis: amount,
      tiers: [ { to: 100000, rate: 0.05 }, { rate: 0.1 } ] }
`;
  const base: Files = {
    'payees.csv': PAYEE_AE,
    'plans/r.yaml': plan,
    'assignments.csv': 'payee,plan,from\nae-001,r,2026-01-01\n',
    'transactions.csv': 'id,date,amount,owner\nt-1,2026-01-05,60000,ae-001\nt-2,2026-01-06,50000,ae-001\nt-3,2026-02-01,-20000,ae-001\n',
  };

  test('the whole measure earns the rate of the tier that contains it', () => {
    const r = only(base, { period: '2026-01' });
    const comps = r['components'] as Array<Record<string, unknown>>;
    // retroactive: 110000 is in the second tier -> 10% on every credit
    expect(comps[0]).toEqual({
      id: 'c', earned: '11000.00', uncapped: '11000.00',
      lines: [{ transaction: 't-1', amount: '6000.00' }, { transaction: 't-2', amount: '5000.00' }],
    });
    // graduated: 0.05*100000 + 0.1*10000 = 6000; t-1: 3000, t-2: f(110000)-f(60000) = 6000-3000
    expect(comps[1]).toEqual({
      id: 'g', earned: '6000.00', uncapped: '6000.00',
      lines: [{ transaction: 't-1', amount: '3000.00' }, { transaction: 't-2', amount: '3000.00' }],
    });
  });

  test('a negative measure earns measure x first tier rate', () => {
    const r = only(base, { period: '2026-02' });
    const comps = r['components'] as Array<Record<string, unknown>>;
    expect(comps[0]).toMatchObject({ earned: '-1000.00', lines: [{ transaction: 't-3', amount: '-1000.00' }] });
    expect(comps[1]).toMatchObject({ earned: '-1000.00' });
    expect(r['payout']).toBe('-2000.00');
  });
});

describe('caps and remainder hand-out', () => {
  const files = (amounts: string[], cap: string): Files => ({
    'payees.csv': PAYEE_AE,
    'plans/m.yaml': `id: m
period: month
measures:
  bookings: { sum: amount }
components:
  - { id: c, type: commission, measure: bookings, rate: 1, cap: ${cap} }
`,
    'assignments.csv': 'payee,plan,from\nae-001,m,2026-01-01\n',
    'transactions.csv':
      'id,date,amount,owner\n' + amounts.map((a, i) => `t-${i + 1},2026-01-0${i + 1},${a},ae-001`).join('\n') + '\n',
  });

  test('lines scaled by cap/total; k < 0 takes a unit from the smallest remainder, ties to the earlier line', () => {
    // 100 each, total 300 > cap 200: 66.666.. each -> 66.67 * 3 = 200.01, earned 200.00
    const r = only(files(['100', '100', '100'], '200'), { period: '2026-01' });
    expect(r['components']).toEqual([
      {
        id: 'c', earned: '200.00', uncapped: '300.00',
        lines: [
          { transaction: 't-1', amount: '66.66' },
          { transaction: 't-2', amount: '66.67' },
          { transaction: 't-3', amount: '66.67' },
        ],
      },
    ]);
  });

  test('k > 0 gives a unit to the largest remainder, ties to the earlier line', () => {
    // 10.003 + 10.004 + 10.004 = 30.011 -> 30.01; lines round to 10.00 each; r = .003, .004, .004
    const r = only(files(['10.003', '10.004', '10.004'], '1000'), { period: '2026-01' });
    expect((r['components'] as Array<Record<string, unknown>>)[0]).toEqual({
      id: 'c', earned: '30.01', uncapped: '30.01',
      lines: [
        { transaction: 't-1', amount: '10.00' },
        { transaction: 't-2', amount: '10.01' },
        { transaction: 't-3', amount: '10.00' },
      ],
    });
  });

  test('rounding rule half_even vs half_up at the end only', () => {
    const f = files(['0.125'], '1000');
    expect(((only(f, { period: '2026-01' })['components'] as Array<Record<string, unknown>>)[0] ?? {})['earned']).toBe('0.13');
    const even = { ...f, 'prestasi.yaml': 'rounding: half_even\n' };
    expect(((only(even, { period: '2026-01' })['components'] as Array<Record<string, unknown>>)[0] ?? {})['earned']).toBe('0.12');
  });
});

describe('proration', () => {
  const files: Files = {
    'payees.csv': PAYEE_AE,
    'plans/p.yaml': `id: p
period: month
measures:
  bookings: { sum: amount }
  deals: { count: true }
components:
  - { id: b, type: bonus, measure: bookings, steps: [ { at: 1.0, amount: 3100 } ] }
draw: { amount: 620, recoverable: false }
`,
    // 2026-01-17..31 is 15 of 31 days
    'assignments.csv': 'payee,plan,from,to\nae-001,p,2026-01-17,\n',
    'transactions.csv': 'id,date,amount,owner\nt-0,2026-01-10,99999,ae-001\nt-1,2026-01-20,15000,ae-001\n',
    'quotas.csv': 'payee,period,measure,amount\nae-001,2026-01,bookings,31000\nae-001,2026,deals,6\n',
  };

  test('quota, bonus amount and draw are multiplied by f = 15/31; credits before the assignment do not count', () => {
    const r = only(files, { period: '2026-01' });
    expect(r['measures']).toEqual({ bookings: '15000.00', deals: '1' });
    // deals quota: 6 / 12 * 15/31 = 15/62, attainment 62/15 = 4.1333...
    expect(r['quotas']).toEqual({ bookings: '15000.00', deals: '0.2419354839' });
    expect(r['attainment']).toEqual({ bookings: '1', deals: '4.1333333333' });
    expect(r['components']).toEqual([{ id: 'b', earned: '1500.00', uncapped: '1500.00', lines: [{ amount: '1500.00' }] }]);
    expect(r['payout']).toBe('1500.00');
  });

  test('two assignments to one plan in one period give one result with f over the union', () => {
    const split = {
      ...files,
      // 1..5 and 21..31 = 16 days; the deal on 2026-01-20 is outside both
      'assignments.csv': 'payee,plan,from,to\nae-001,p,2026-01-01,2026-01-05\nae-001,p,2026-01-21,\n',
      'transactions.csv': 'id,date,amount,owner\nt-1,2026-01-03,16000,ae-001\nt-2,2026-01-20,5000,ae-001\n',
    };
    const r = only(split, { period: '2026-01' });
    expect(r['quotas']).toEqual({ bookings: '16000.00', deals: '0.2580645161' });
    expect(r['components']).toEqual([{ id: 'b', earned: '1600.00', uncapped: '1600.00', lines: [{ amount: '1600.00' }] }]);
  });

  test('a non-recoverable draw tops up to D x f', () => {
    const low = { ...files, 'transactions.csv': 'id,date,amount,owner\nt-1,2026-01-20,100,ae-001\n' };
    const r = only(low, { period: '2026-01' });
    expect(r['draw']).toEqual({ paid: '300.00', recovered: '0.00', balance: '0.00' });
    expect(r['payout']).toBe('300.00');
  });
});

describe('recoverable draw', () => {
  const files = (fys: number): Files => ({
    'prestasi.yaml': `fiscal_year_start: ${fys}\n`,
    'payees.csv': PAYEE_AE,
    'plans/m.yaml': monthlyFlat('draw: { amount: 3000, recoverable: true }\n'),
    'assignments.csv': 'payee,plan,from\nae-001,m,2026-01-01\n',
    'transactions.csv':
      'id,date,amount,owner\nt-1,2026-01-05,10000,ae-001\nt-2,2026-02-05,20000,ae-001\nt-3,2026-03-05,50000,ae-001\nt-4,2026-04-05,50000,ae-001\n',
  });

  test('over three months: B grows by the shortfall, then is recovered', () => {
    const { results } = run(files(1), { period: '2026-Q1' });
    expect(results.map((r) => [r['period'], r['payout'], r['draw']])).toEqual([
      ['2026-01', '3000.00', { paid: '2000.00', recovered: '0.00', balance: '2000.00' }],
      ['2026-02', '3000.00', { paid: '1000.00', recovered: '0.00', balance: '3000.00' }],
      ['2026-03', '3000.00', { paid: '0.00', recovered: '2000.00', balance: '1000.00' }],
    ]);
  });

  test('the balance carries within the fiscal year and resets at its start', () => {
    const carry = only(files(1), { period: '2026-04' });
    expect(carry['draw']).toEqual({ paid: '0.00', recovered: '1000.00', balance: '0.00' });
    expect(carry['payout']).toBe('4000.00');
    // fiscal year starting in April: 2026-04 starts FY2027, B starts at 0
    const reset = only(files(4), { period: '2026-04' });
    expect(reset['draw']).toEqual({ paid: '0.00', recovered: '0.00', balance: '0.00' });
    expect(reset['payout']).toBe('5000.00');
  });
});

describe('clawbacks', () => {
  const files: Files = {
    'payees.csv': PAYEE_AE,
    'plans/m.yaml': monthlyFlat('clawback: { window_days: 90 }\n'),
    'assignments.csv': 'payee,plan,from,to\nae-001,m,2026-01-01,2026-03-31\n',
    'transactions.csv':
      'id,date,amount,owner,status,cancel_date\n' +
      't-1,2026-01-10,10000,ae-001,cancelled,2026-02-15\n' + // later, within 90 days
      't-2,2026-01-11,5000,ae-001,cancelled,2026-01-20\n' + // same period: left out
      't-3,2026-01-12,2000,ae-001,cancelled,2026-05-20\n' + // beyond the window: stays
      't-4,2026-02-01,3000,ae-001,,\n' +
      't-5,2026-02-02,4000,ae-001,cancelled,2026-04-10\n', // lands where the payee has no result
  };

  test('the original period counts it; the period of cancel_date reverses the rounded line', () => {
    const { results, unapplied } = run(files, { period: '2026-Q1' });
    const jan = results[0] ?? {};
    expect(jan['measures']).toEqual({ bookings: '12000.00' });
    expect(jan['components']).toEqual([
      {
        id: 'commission', earned: '1200.00', uncapped: '1200.00',
        lines: [{ transaction: 't-1', amount: '1000.00' }, { transaction: 't-3', amount: '200.00' }],
      },
    ]);
    const feb = results[1] ?? {};
    expect(feb['clawbacks']).toEqual([{ transaction: 't-1', component: 'commission', amount: '-1000.00' }]);
    expect(feb['payout']).toBe('-300.00'); // 700 earned - 1000
    expect(unapplied).toEqual([]);
  });

  test('with no result at cancel_date it is listed in unapplied', () => {
    const { results, unapplied } = run(files, { period: '2026-04' });
    expect(results).toEqual([]);
    expect(unapplied).toEqual([
      { payee: 'ae-001', plan: 'm', period: '2026-02', transaction: 't-5', component: 'commission', amount: '-400.00' },
    ]);
  });

  test('falls back to another plan by id, converted at cancel_date', () => {
    const moved: Files = {
      ...files,
      'plans/x.yaml': `id: x
period: quarter
currency: SGD
measures:
  bookings: { sum: amount }
components:
  - { id: k, type: commission, measure: bookings, rate: 0.01 }
`,
      'assignments.csv': 'payee,plan,from,to\nae-001,m,2026-01-01,2026-03-31\nae-001,x,2026-04-01,\n',
      'fx.csv': 'date,currency,rate\n2026-01-01,SGD,3.2\n2026-04-05,SGD,3\n',
    };
    const r = only(moved, { period: '2026-Q2' });
    // -400.00 MYR at 2026-04-10: -400 / 3 = -133.333.. SGD
    expect(r['clawbacks']).toEqual([{ transaction: 't-5', component: 'commission', amount: '-133.33' }]);
    expect(r['currency']).toBe('SGD');
  });

  test('without clawback a later cancellation changes nothing', () => {
    const none = { ...files, 'plans/m.yaml': monthlyFlat() };
    const { results, unapplied } = run(none, { period: '2026-02' });
    expect((results[0] ?? {})['clawbacks']).toEqual([]);
    expect(unapplied).toEqual([]);
  });
});

describe('fx conversion and currencies', () => {
  const files: Files = {
    'payees.csv': PAYEE_AE,
    'plans/s.yaml': `id: s
period: month
currency: SGD
measures:
  bookings: { sum: amount }
components:
  - { id: c, type: commission, measure: bookings, rate: 0.1 }
`,
    'plans/j.yaml': `id: j
period: month
currency: JPY
measures:
  bookings: { sum: amount }
components:
  - { id: c, type: commission, measure: bookings, rate: 0.1 }
`,
    'assignments.csv': 'payee,plan,from,to\nae-001,s,2026-01-01,2026-01-31\nae-001,j,2026-02-01,\n',
    'transactions.csv':
      'id,date,amount,currency,owner\nt-1,2026-01-15,1000,USD,ae-001\nt-2,2026-01-25,100,MYR,ae-001\nt-3,2026-02-03,123.45,MYR,ae-001\n',
    'fx.csv': 'date,currency,rate\n2026-01-01,USD,4.5\n2026-01-20,USD,4.6\n2026-01-01,SGD,3.3\n2026-01-01,JPY,0.03\n',
  };

  test('value x rate(C,d) / rate(P,d), rate as of the transaction date', () => {
    const r = only(files, { period: '2026-01' });
    // 1000 USD * 4.5 / 3.3 = 1363.6363..; 100 MYR / 3.3 = 30.3030..; total 1393.9393..
    expect(r['measures']).toEqual({ bookings: '1393.94' });
    expect(r['components']).toEqual([
      {
        id: 'c', earned: '139.39', uncapped: '139.39',
        lines: [{ transaction: 't-1', amount: '136.36' }, { transaction: 't-2', amount: '3.03' }],
      },
    ]);
  });

  test('JPY has no minor digits', () => {
    const r = only(files, { period: '2026-02' });
    // 123.45 / 0.03 = 4115 JPY, 10% = 411.5 -> 412 (half up)
    expect(r['measures']).toEqual({ bookings: '4115' });
    expect(r['payout']).toBe('412');
  });

  test('a missing rate is a problem', () => {
    const missing = { ...files, 'fx.csv': 'date,currency,rate\n2026-01-20,USD,4.6\n2026-01-01,SGD,3.3\n' };
    expect(problems(missing, { period: '2026-01' }).join('\n')).toContain('missing rate for USD');
  });
});

describe('team scope, splits, spiffs, filters, formulas, adjustments', () => {
  const files: Files = {
    'payees.csv': 'id,name,manager\nboss,B,\na,A,boss\nb,B,a\n',
    'plans/t.yaml': `id: t
period: month
measures:
  team_bookings: { sum: amount, scope: team }
  mine: { sum: amount }
  units: { sum: quantity, where: { product: "1.0" } }
components:
  - { id: over, type: commission, measure: team_bookings, rate: 0.01 }
  - { id: pro, type: spiff, where: { product: ["1.0", PRO] }, per: unit, amount: 200, from: 2026-01-05, to: 2026-01-31 }
  - { id: f, type: formula, formula: "round(mine / 3, 1) + max(units, 1, 0.5) * -2 + (not mine > 0 or units = 0)" }
`,
    'assignments.csv': 'payee,plan,from\nboss,t,2026-01-01\na,t,2026-01-01\n',
    'transactions.csv':
      'id,date,amount,splits,owner,quantity,product\n' +
      't-1,2026-01-04,1000,a:50;b:50,,3,1.0\n' +
      't-2,2026-01-06,3000,boss:40;a:60,,,PRO\n' +
      't-3,2026-01-07,500,,b,2,1\n',
    'adjustments.csv': 'payee,period,amount,reason\na,2026-01,10.005,missed split\n',
  };

  test('one merged team line per transaction; spiff per unit x share in the window; where by text', () => {
    const { results } = run(files, { period: '2026-01' });
    const [a, boss] = results;
    expect(a?.['payee']).toBe('a');
    // a's team is a and b: t-1 (a 50% + b 50%, one line), a's 60% of t-2, b's t-3
    expect(a?.['measures']).toEqual({ team_bookings: '3300.00', mine: '2300.00', units: '1.5' });
    expect(a?.['components']).toEqual([
      {
        id: 'over', earned: '33.00', uncapped: '33.00',
        lines: [
          { transaction: 't-1', amount: '10.00' },
          { transaction: 't-2', amount: '18.00' },
          { transaction: 't-3', amount: '5.00' },
        ],
      },
      // t-1 is before the window; t-2: 200 * 1 * 0.6
      { id: 'pro', earned: '120.00', uncapped: '120.00', lines: [{ transaction: 't-2', amount: '120.00' }] },
      // round(2300/3, 1) = 766.7; max(1.5, 1, 0.5) * -2 = -3; (not 2300 > 0 or 1.5 = 0) = 0
      { id: 'f', earned: '763.70', uncapped: '763.70', lines: [{ amount: '763.70' }] },
    ]);
    expect(a?.['adjustments']).toEqual([{ amount: '10.01', reason: 'missed split' }]);
    expect(a?.['payout']).toBe('926.71'); // 33 + 120 + 763.70 + 10.01
    expect(boss?.['payee']).toBe('boss');
    expect(boss?.['measures']).toEqual({ team_bookings: '4500.00', mine: '1200.00', units: '0' });
  });

  test('--payee selects one payee', () => {
    const { results } = run(files, { period: '2026-Q1', payee: 'boss' });
    expect(results.map((r) => `${String(r['payee'])} ${String(r['period'])}`)).toEqual([
      'boss 2026-01',
      'boss 2026-02',
      'boss 2026-03',
    ]);
  });

  test('division by zero in a formula is a problem', () => {
    const div = { ...files, 'plans/t.yaml': (files['plans/t.yaml'] ?? '').replace('round(mine / 3, 1)', 'mine / units') };
    expect(problems(div, { period: '2026-02' }).join('\n')).toContain('division by zero');
  });
});

describe('invalid workspaces', () => {
  const ok: Files = {
    'payees.csv': 'id,name,manager\na,A,\nb,B,a\n',
    'plans/m.yaml': monthlyFlat(),
    'assignments.csv': 'payee,plan,from,to\na,m,2026-01-01,\n',
    'transactions.csv': 'id,date,amount,owner,splits\nt-1,2026-01-05,10,a,\n',
  };

  test('the base case is valid', () => {
    expect(run(ok, { period: '2026-01' }).results).toHaveLength(1);
  });

  test.each<[string, Files]>([
    ['splits not summing to 100', { 'transactions.csv': 'id,date,amount,owner,splits\nt-1,2026-01-05,10,,a:60;b:30\n' }],
    ['owner and splits', { 'transactions.csv': 'id,date,amount,owner,splits\nt-1,2026-01-05,10,a,a:100\n' }],
    ['manager cycle', { 'payees.csv': 'id,name,manager\na,A,b\nb,B,a\n' }],
    ['unknown manager', { 'payees.csv': 'id,name,manager\na,A,zz\nb,B,\n' }],
    ['overlapping assignments', { 'assignments.csv': 'payee,plan,from,to\na,m,2026-01-01,2026-02-01\na,m,2026-02-01,\n' }],
    ['unknown plan', { 'assignments.csv': 'payee,plan,from,to\na,nope,2026-01-01,\n' }],
    ['bad date', { 'transactions.csv': 'id,date,amount,owner\nt-1,2026-02-30,10,a\n' }],
    ['bad number', { 'transactions.csv': 'id,date,amount,owner\nt-1,2026-02-03,1e3,a\n' }],
    ['unknown payee', { 'transactions.csv': 'id,date,amount,owner\nt-1,2026-02-03,1,zz\n' }],
    ['unknown function', { 'plans/m.yaml': "id: m\nperiod: month\nmeasures:\n  x: { count: true }\ncomponents:\n  - { id: f, type: formula, formula: 'sqrt(x)' }\n" }],
    ['unknown measure in a formula', { 'plans/m.yaml': "id: m\nperiod: month\nmeasures:\n  x: { count: true }\ncomponents:\n  - { id: f, type: formula, formula: 'y * 2' }\n" }],
    ['chained comparison', { 'plans/m.yaml': "id: m\nperiod: month\nmeasures:\n  x: { count: true }\ncomponents:\n  - { id: f, type: formula, formula: '1 < x < 3' }\n" }],
    ['unparsable YAML', { 'plans/m.yaml': 'id: m\nperiod: [month\n' }],
    ['unparsable CSV', { 'transactions.csv': 'id,date,amount,owner\n"t-1,2026-01-05,10,a\n' }],
    ['where on a missing column', { 'plans/m.yaml': monthlyFlat().replace('{ sum: amount }', '{ sum: amount, where: { product: PRO } }') }],
    ['cancel_date before date', { 'transactions.csv': 'id,date,amount,owner,status,cancel_date\nt-1,2026-01-05,10,a,cancelled,2026-01-04\n' }],
    ['cancel_date without cancelled', { 'transactions.csv': 'id,date,amount,owner,cancel_date\nt-1,2026-01-05,10,a,2026-01-09\n' }],
    ['quota not positive', { 'quotas.csv': 'payee,period,measure,amount\na,2026,bookings,0\n' }],
    ['duplicate quota', { 'quotas.csv': 'payee,period,measure,amount\na,2026,bookings,5\na,2026,bookings,6\n' }],
    ['unknown currency', { 'transactions.csv': 'id,date,amount,owner,currency\nt-1,2026-01-05,10,a,XYZ\n' }],
    ['draw without recoverable', { 'plans/m.yaml': monthlyFlat('draw: { amount: 5 }\n') }],
  ])('%s', (_name, patch) => {
    expect(problems({ ...ok, ...patch }, { period: '2026-01' }).length).toBeGreaterThan(0);
  });

  test('bad --period and unknown --payee', () => {
    expect(problems(ok, { period: '2026-13' }).length).toBeGreaterThan(0);
    expect(problems(ok, { period: '2026-01', payee: 'zz' }).length).toBeGreaterThan(0);
  });
});
