import { describe, expect, it } from 'vitest';
import { assertSafePath } from './paths.js';

describe('assertSafePath', () => {
  it.each(['payees.csv', 'plans/ae.yaml', 'acme/plans/ae.yaml', 'acme/', 'a..b/c', '.hidden', 'plans/ae.yaml.'])('lets %j through', (name) => {
    expect(() => assertSafePath(name)).not.toThrow();
  });

  it.each(['', '/etc/passwd', '../x', 'a/../../x', 'plans/..', './payees.csv', 'a//b', 'plans\\ae.yaml', 'C:/x', 'c:x', 'a\u0000b', 'a\nb'])(
    'rejects %j',
    (name) => {
      expect(() => assertSafePath(name)).toThrow(/unsafe file name/);
    },
  );
});
