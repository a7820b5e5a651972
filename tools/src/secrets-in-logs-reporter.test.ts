import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../server/src/test-support/auth.js';
import { secretsIn } from './secrets-in-logs-reporter.js';

describe('secretsIn', () => {
  it.each<[string, string[]]>([
    ['signed in as finance@test', []],
    [`Authorization: Bearer prst_${'a'.repeat(43)}`, ['an API token']],
    [`set-cookie: prestasi_session=${'A-_9'.repeat(10)}abc; HttpOnly`, ['a session cookie']],
    [`login failed for x with ${TEST_PASSWORD}`, ['the test password']],
    ['prst_short and prestasi_session=; a hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', []],
  ])('%s', (text, kinds) => {
    expect(secretsIn(text)).toEqual(kinds);
  });
});
