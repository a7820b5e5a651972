import { expect, it } from 'vitest';
import { sumByCurrency } from './money-sum';

it.each([
  [[], []],
  [[{ currency: 'MYR', amount: '0.10' }, { currency: 'MYR', amount: '0.20' }], [{ currency: 'MYR', amount: '0.30' }]],
  [[{ currency: 'MYR', amount: '35600.32' }, { currency: 'MYR', amount: '-1575.00' }, { currency: 'USD', amount: '5' }], [{ currency: 'MYR', amount: '34025.32' }, { currency: 'USD', amount: '5' }]],
  [[{ currency: 'MYR', amount: '1.5' }, { currency: 'MYR', amount: '-2.25' }], [{ currency: 'MYR', amount: '-0.75' }]],
  [[{ currency: 'MYR', amount: '9007199254740993.01' }, { currency: 'MYR', amount: '0.99' }], [{ currency: 'MYR', amount: '9007199254740994.00' }]],
])('%j sums to %j', (items, expected) => {
  expect(sumByCurrency(items)).toEqual(expected);
});
