import { describe, expect, it } from 'vitest';
import { payeeResultObject } from './output.js';
import { Rational } from './rational.js';
import type { PayeeResult } from './result.js';

function result(measure: string): PayeeResult {
  const value = Rational.parse('1234.5')!;
  const quota = Rational.parse('1000')!;
  return {
    payee: 'p1',
    plan: 'ae',
    period: '2026-Q1',
    currency: 'MYR',
    minorUnits: 2,
    measures: [{ name: measure, value, money: true }],
    quotas: [{ name: measure, value: quota, money: true }],
    attainment: [{ name: measure, value: value.div(quota), money: false }],
    components: [
      {
        id: 'commission',
        earned: 12345n,
        uncapped: 12345n,
        explanation: 'why',
        lines: [
          { transaction: 't1', amount: 12300n, explanation: 'line why' },
          { transaction: undefined, amount: 45n, explanation: undefined },
        ],
      },
    ],
    clawbacks: [{ transaction: 't0', component: 'commission', amount: -100n, explanation: 'reverses' }],
    adjustments: [{ amount: 500n, reason: 'fix' }],
    draw: { paid: 0n, recovered: 0n, balance: 0n },
    payout: 12745n,
  };
}

describe('payeeResultObject', () => {
  it('prints fields in the documented order, leaving out explanations unless asked', () => {
    expect(JSON.stringify(payeeResultObject(result('bookings'), { rounding: 'half_up' }))).toBe(
      '{"payee":"p1","plan":"ae","period":"2026-Q1","currency":"MYR","measures":{"bookings":"1234.50"},' +
        '"quotas":{"bookings":"1000.00"},"attainment":{"bookings":"1.2345"},' +
        '"components":[{"id":"commission","earned":"123.45","uncapped":"123.45","lines":[{"transaction":"t1","amount":"123.00"},{"amount":"0.45"}]}],' +
        '"clawbacks":[{"transaction":"t0","component":"commission","amount":"-1.00"}],"adjustments":[{"amount":"5.00","reason":"fix"}],' +
        '"draw":{"paid":"0.00","recovered":"0.00","balance":"0.00"},"payout":"127.45"}',
    );
  });

  it('adds explanations with --explain', () => {
    const o = payeeResultObject(result('bookings'), { rounding: 'half_up', explain: true });
    expect(o.components[0]).toMatchObject({ explanation: 'why', lines: [{ explanation: 'line why' }, { amount: '0.45' }] });
    expect(o.clawbacks[0]?.explanation).toBe('reverses');
  });

  it('keeps a measure named __proto__ as a field like any other', () => {
    const o = payeeResultObject(result('__proto__'), { rounding: 'half_up' });
    expect(JSON.stringify(o.measures)).toBe('{"__proto__":"1234.50"}');
    expect(Object.getPrototypeOf(o.measures)).toBe(Object.prototype);
  });
});
