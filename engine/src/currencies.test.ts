import { describe, expect, it } from 'vitest';
import { isCurrencyCode, minorUnits } from './currencies.js';

describe('minorUnits', () => {
  it.each([
    ['MYR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['XAU', 2],
    ['XDR', 2],
    ['XXX', 2],
    ['SGD', 2],
    ['USD', 2],
    ['ISK', 0],
    ['KRW', 0],
    ['VND', 0],
    ['EUR', 2],
    ['XCG', 2],
    ['ZWG', 2],
    ['SLE', 2],
    ['VES', 2],
    ['VED', 2],
    ['XAD', 2],
  ] as const)('%s has %i minor digits', (code, units) => {
    expect(minorUnits(code)).toBe(units);
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each<[string, string]>([
    ['ABC', 'never assigned'],
    ['myr', 'lower case'],
    ['Myr', 'mixed case'],
    [' MYR', 'leading space'],
    ['', 'empty'],
    ['HRK', 'Croatia moved to EUR in 2023'],
    ['ANG', 'replaced by XCG in 2025'],
    ['ZWL', 'replaced by ZWG in 2024'],
    ['SLL', 'replaced by SLE'],
    ['CUC', 'withdrawn in 2021'],
    ['BGN', 'Bulgaria moved to EUR on 2026-01-01'],
    ['VEF', 'replaced by VES'],
  ])('%s is unknown (%s)', (code) => {
    expect(minorUnits(code)).toBeUndefined();
    expect(isCurrencyCode(code)).toBe(false);
  });
});
