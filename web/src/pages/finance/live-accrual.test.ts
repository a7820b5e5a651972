import { describe, expect, it } from 'vitest';
import { reachedQuota } from './LiveAccrual';

describe('reachedQuota: attainment text at or above 1', () => {
  it.each<[string, boolean]>([
    ['1', true],
    ['1.0000000000', true],
    ['1.3', true],
    ['12', true],
    ['0.9999999999', false],
    ['0', false],
    ['0.5', false],
    ['.5', false],
    ['-1.5', false],
    ['-0', false],
    ['01', true],
  ])('%s: %s', (text, expected) => {
    expect(reachedQuota(text)).toBe(expected);
  });
});
