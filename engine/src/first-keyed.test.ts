import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstKeyedMap } from './first-keyed.js';

function entries<V>(m: { forEach(visit: (value: V, key: number) => void): void }): [number, V][] {
  const out: [number, V][] = [];
  m.forEach((value, key) => out.push([key, value]));
  return out;
}

/** The same sets on a Map and a FirstKeyedMap, then the same questions of both. */
function expectSameAsMap<V>(sets: readonly (readonly [number, V])[], probes: readonly number[]): void {
  const map = new Map<number, V>();
  const mine = new FirstKeyedMap<V>();
  for (const [k, v] of sets) {
    map.set(k, v);
    mine.set(k, v);
  }
  expect(entries(mine)).toEqual(entries(map));
  expect(mine.size).toBe(map.size);
  for (const k of probes) expect(mine.get(k)).toBe(map.get(k));
}

describe('FirstKeyedMap', () => {
  it.each([
    ['nothing', []],
    ['one entry', [[5, 'a']]],
    ['the first key set again', [[5, 'a'], [5, 'b']]],
    ['a second key, then the first again', [[5, 'a'], [7, 'b'], [5, 'c']]],
    ['key 0 and negative keys', [[0, 'a'], [-3, 'b'], [0, 'c'], [-3, 'd']]],
  ] as [string, [number, string][]][])('does what a Map does: %s', (_name, sets) => {
    expectSameAsMap(sets, [0, 5, 7, -3, 9]);
  });

  it('gives what a Map gives for any sequence of sets (fast-check, seed 11)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer())), fc.integer({ min: -5, max: 5 }), (sets, probe) => {
        expectSameAsMap(sets, [probe]);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
