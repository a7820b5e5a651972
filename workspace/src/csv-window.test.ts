import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvCursor, invalidUtf8Lines, utf8CompleteEnd } from './csv.js';
import { pieces } from './test-support/pieces.js';

/** Everything a cursor says: header, records with their lines and cells, and problems. */
function readAll(c: CsvCursor) {
  const records: { line: number; cells: string[] }[] = [];
  while (c.next()) records.push({ line: c.line, cells: Array.from({ length: c.fieldsKept }, (_, i) => c.text(i)) });
  return { header: c.header, records, problems: c.problems.map((p) => `${p.line}: ${p.message}`) };
}

const enc = new TextEncoder();
/** Pieces of CSV, with characters of 2, 3 and 4 bytes and bytes that are not UTF-8. */
const token = fc.oneof(
  fc.constantFrom('a', 'bc', ',', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'é', '€', '𝄞').map((t) => enc.encode(t)),
  fc.constantFrom([0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9d, 0x84], [0xc0, 0xaf], [0x80]).map((b) => Uint8Array.from(b)),
);
const file = fc
  .tuple(fc.boolean(), fc.array(token, { maxLength: 120 }))
  .map(([bom, tokens]) => Uint8Array.from([...(bom ? [0xef, 0xbb, 0xbf] : []), ...tokens.flatMap((t) => [...t])]));
const window = fc.record({
  bytes: fc.integer({ min: 1, max: 64 }),
  steps: fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(1 << 20)), { minLength: 1, maxLength: 5 }),
});

describe('CsvCursor through a window', () => {
  it('gives the records, lines and problems of the bytes read whole, whatever the window', () => {
    fc.assert(
      fc.property(file, window, (bytes, w) => {
        const whole = readAll(new CsvCursor(bytes));
        expect(readAll(new CsvCursor(pieces(bytes, w.steps), { windowBytes: w.bytes }))).toEqual(whole);
        // Invalid UTF-8 is reported once per line that holds some, on that line.
        const lines = whole.problems.filter((p) => p.endsWith(': invalid UTF-8')).map((p) => Number(p.split(':')[0]));
        expect(lines).toEqual(invalidUtf8Lines(bytes));
      }),
      { seed: 21, numRuns: 2000 },
    );
  });

  it('stops checking UTF-8 before a character the window may have cut', () => {
    const euro = enc.encode('a€'); // 61 e2 82 ac
    expect(utf8CompleteEnd(euro, 0, 4)).toBe(4);
    expect(utf8CompleteEnd(euro, 0, 3)).toBe(1);
    expect(utf8CompleteEnd(euro, 0, 2)).toBe(1);
    expect(utf8CompleteEnd(Uint8Array.from([0x61, 0x80, 0x80, 0x80, 0x80]), 0, 5)).toBe(5);
  });

  it('a record longer than the window: the window grows to hold it', () => {
    const long = 'x'.repeat(5000);
    const bytes = enc.encode(`a,b\r\n"${long}\r\n${long}",1\r\n2,3`);
    const got = readAll(new CsvCursor(pieces(bytes, [1 << 20]), { windowBytes: 16 }));
    expect(got).toEqual(readAll(new CsvCursor(bytes)));
    expect(got.records.map((r) => r.line)).toEqual([2, 4]);
  });
});
