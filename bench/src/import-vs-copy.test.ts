/**
 * The import-vs-COPY benchmark at a tiny scale: its generator is deterministic and reads as
 * the Salesforce preset expects, and on both databases the import and COPY write the same
 * table (benchOne checks it and throws otherwise). The million-row run stays out of the suite.
 */
import { describe, expect, it } from 'vitest';
import { benchOne, generateDeals } from './import-vs-copy.js';

describe('import-vs-copy benchmark', () => {
  it('generates the same files for the same seed, and other files for another', () => {
    const a = generateDeals(500, 20, 7);
    const b = generateDeals(500, 20, 7);
    expect(a.salesforce).toEqual(b.salesforce);
    expect(a.copy).toEqual(b.copy);
    expect(generateDeals(500, 20, 8).salesforce).not.toEqual(a.salesforce);
    const text = new TextDecoder().decode(a.salesforce);
    expect(text.split('\n')[0]).toBe(
      '"Opportunity Owner","Owner Email","Account Name","Opportunity Name","Opportunity ID","Type","Stage","Opportunity Currency","Amount","Close Date","Product"',
    );
    expect(text.split('\n')).toHaveLength(502);
  });

  it.each(['pglite', 'postgres'] as const)('on %s: the import writes exactly what COPY writes, and again changes nothing', async (kind) => {
    const result = await benchOne(kind, generateDeals(2_000, 50, 3));
    expect(result).toMatchObject({ kind, rows: 2_000 });
    expect(result.ratio).toBeGreaterThan(0);
  });
});
