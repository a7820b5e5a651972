import { compareCodePoints } from '@prestasi/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdArena, IdColumn } from './ids.js';

const encoder = new TextEncoder();

/** A column of `ids` as the reader keeps them: bytes in an arena, those marked special as decoded text. */
function columnOf(ids: readonly { text: string; special: boolean }[]): IdColumn {
  const arena = new IdArena(ids.length, 8);
  const special = new Map<number, string>();
  ids.forEach(({ text, special: isSpecial }, row) => {
    if (isSpecial) {
      arena.setEmpty(row);
      special.set(row, text);
      return;
    }
    const bytes = encoder.encode(text);
    arena.set(row, bytes, 0, bytes.length);
  });
  return new IdColumn(arena, special, false);
}

describe('IdColumn.compare', () => {
  // Lines of a result are ordered by id among deals of one day; compare must agree with the
  // spec's code point order of the ids' text, whatever the characters and however they are kept.
  it('orders rows as their ids by code point', () => {
    const id = fc.record({
      text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('t1', 't10', 't2', 'a"b', '')),
      special: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 12 }), (ids) => {
        const column = columnOf(ids);
        for (let a = 0; a < ids.length; a++) {
          for (let b = 0; b < ids.length; b++) {
            expect(Math.sign(column.compare(a, b))).toBe(Math.sign(compareCodePoints(column.get(a), column.get(b))));
          }
        }
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('puts characters above U+FFFF after U+E000–U+FFFF, as code points do (UTF-16 units would not)', () => {
    const column = columnOf([
      { text: '\u{1F600}', special: false },
      { text: '\uFF21', special: false },
      { text: '\u{1F600}', special: true },
    ]);
    expect(column.compare(0, 1)).toBeGreaterThan(0);
    expect(column.compare(2, 1)).toBeGreaterThan(0);
    expect(column.compare(0, 2)).toBe(0);
  });
});
