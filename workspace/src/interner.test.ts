import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteInterner } from './interner.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const decoder = (bytes: Uint8Array) => ({ slice: (s: number, e: number) => dec.decode(bytes.subarray(s, e)) });

/** Interns each text (as bytes placed at an offset inside a larger array, as a CSV window has them). */
function internAll(interner: ByteInterner, texts: readonly string[]): { code: number; isNew: boolean }[] {
  return texts.map((text) => {
    const bytes = enc.encode(`,,${text},`);
    const code = interner.intern(bytes, 2, bytes.length - 1, decoder(bytes));
    return { code, isNew: interner.isNew };
  });
}

describe('ByteInterner', () => {
  it('gives codes in order of first appearance, the same code again, through many growths of its tables', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.string({ minLength: 4, maxLength: 8 }), fc.string({ minLength: 9, maxLength: 20 })), {
          maxLength: 400,
        }),
        fc.integer({ min: 0, max: 3000 }),
        (words, extra) => {
          // Thousands of ids of both lengths (short keys up to 8 bytes, long ones beyond), repeated.
          const many = Array.from({ length: extra }, (_, i) => (i % 3 === 0 ? `ae-${String(i).padStart(5, '0')}` : `p${i}`));
          const texts = [...words, ...many, ...many.slice(0, 100), ...words];
          const interner = new ByteInterner();
          const got = internAll(interner, texts);
          const first = new Map<string, number>();
          texts.forEach((text, i) => {
            const known = first.get(text);
            if (known === undefined) first.set(text, got[i]!.code);
            expect(got[i]).toEqual({ code: known ?? first.size - 1, isNew: known === undefined });
          });
          expect(interner.values).toEqual([...first.keys()]);
          for (const [text, code] of first) {
            const bytes = enc.encode(text);
            expect(interner.find(bytes, 0, bytes.length)).toBe(code);
          }
          const absent = enc.encode('never-interned');
          expect(interner.find(absent, 0, absent.length)).toBe(-1);
        },
      ),
      { seed: 77, numRuns: 60 },
    );
  });

  it('gives bytes that decode to one text one code (a quoted cell spelled another way)', () => {
    const interner = new ByteInterner();
    const bytes = enc.encode('a"b');
    const code = interner.intern(bytes, 0, bytes.length, decoder(bytes));
    expect(interner.internText('a"b')).toBe(code);
    expect(interner.isNew).toBe(false);
  });
});
