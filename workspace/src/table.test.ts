import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Problem, ProblemSink } from './problems.js';
import { Table } from './table.js';

const encoder = new TextEncoder();

/** Everything a reader of the table sees: the header, each record's line, flag and fields, and the problems. */
function seen(bytes: Uint8Array, splitPlain: boolean) {
  const problems: Problem[] = [];
  const t = Table.open(bytes, new ProblemSink('f.csv', problems), [], { splitPlain });
  const records: { line: number; malformed: boolean; fields: string[] }[] = [];
  if (t) {
    const columns = t.header.length + 2;
    while (t.next()) records.push({ line: t.line, malformed: t.malformed, fields: Array.from({ length: columns }, (_, i) => t.text(i - 1)) });
  }
  return { header: t?.header, records, problems };
}

/** Cells of plain files and of the files around them: spaces, breaks of each kind, quotes, commas, non-ASCII. */
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9. -]{0,6}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t x ', 'é', '名前', '😀', '\u00a0', 'a\u000bb') },
  { weight: 1, arbitrary: fc.constantFrom('"q"', 'x"y', '"a,b"', '"two\nlines"') },
);
const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\n\r');
const csvText = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.array(fc.tuple(fc.array(cell, { minLength: 1, maxLength: 5 }), lineBreak), { maxLength: 12 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([columns, rows, bom, lastBreak]) => {
    const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
    const body = rows.map(([cells, br], i) => cells.join(',') + (i < rows.length - 1 || lastBreak ? br : '')).join('');
    return `${bom ? '\ufeff' : ''}${header}${rows.length > 0 ? '\n' : ''}${body}`;
  });

describe('Table', () => {
  it('reads a plain file split into lines exactly as the cursor reads it', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        const bytes = encoder.encode(text);
        expect(seen(bytes, true)).toEqual(seen(bytes, false));
      }),
      { seed: 31, numRuns: 3000 },
    );
  });

  it.each([
    ['a plain file (CRLF, CR, empty lines, spaces)', 'id,name\r\n\r\nx, Ana \rz,\n\ny,Bo', true],
    ['a quote', 'id,name\nx,"Ana"\n', false],
    ['a record of another field count', 'id,name\nx,Ana,extra\n', false],
    ['invalid UTF-8', 'id,name\nx,\xff\n', false],
    ['a header problem', 'id,id\nx,y\n', false],
  ])('%s: read as plain lines %s', (_what, text, plain) => {
    // One byte per character (the texts are ASCII but for the lone byte 0xff, which is not UTF-8).
    const bytes = Buffer.from(text, 'latin1');
    const t = Table.open(bytes, new ProblemSink('f.csv', []), [], { splitPlain: true });
    expect((t as unknown as { plain: unknown } | undefined)?.plain !== undefined).toBe(plain);
    expect(seen(bytes, true)).toEqual(seen(bytes, false));
  });
});
