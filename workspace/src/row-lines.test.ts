import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowLines } from './row-lines.js';

describe('RowLines', () => {
  it('gives back the line of every row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.oneof(fc.constant(1), fc.constant(1), fc.integer({ min: 1, max: 4 })), { maxLength: 300 }), (first, steps) => {
        const lines: number[] = [];
        let line = first;
        for (const step of steps) {
          lines.push(line);
          line += step;
        }
        const got = RowLines.of(lines);
        expect(lines.map((_, r) => got.get(r))).toEqual(lines);
      }),
      { seed: 31, numRuns: 300 },
    );
  });

  it('keeps one entry for a file of one-line records', () => {
    const lines = new RowLines();
    for (let r = 0; r < 1000; r++) lines.set(r, r + 2);
    expect(lines.get(999)).toBe(1001);
    expect((lines as unknown as { count: number }).count).toBe(1);
    expect(new RowLines().get(0)).toBeUndefined();
  });

  it('takes a row set again', () => {
    const lines = new RowLines();
    lines.set(0, 2);
    lines.set(1, 5);
    lines.set(1, 3);
    lines.set(2, 9);
    lines.set(2, 4);
    expect([0, 1, 2].map((r) => lines.get(r))).toEqual([2, 3, 4]);
  });
});
