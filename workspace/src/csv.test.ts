import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { CSV_MAX_PROBLEMS, CsvCursor, invalidUtf8Lines } from './csv.js';

const enc = new TextEncoder();

interface Parsed {
  header: readonly string[];
  rows: string[][];
  lines: number[];
  problems: string[];
}

function parse(input: string | Uint8Array): Parsed {
  const c = new CsvCursor(typeof input === 'string' ? enc.encode(input) : input);
  const rows: string[][] = [];
  const lines: number[] = [];
  while (c.next()) {
    const row: string[] = [];
    for (let i = 0; i < c.fieldCount; i++) row.push(c.text(i));
    rows.push(row);
    lines.push(c.line);
  }
  return { header: c.header, rows, lines, problems: c.problems.map((p) => `${p.line}: ${p.message}`) };
}

describe('CsvCursor: RFC 4180', () => {
  it.each<[string, string, string[], string[][], number[]]>([
    ['LF with trailing newline', 'a,b\n1,2\n', ['a', 'b'], [['1', '2']], [2]],
    ['no trailing newline', 'a,b\n1,2', ['a', 'b'], [['1', '2']], [2]],
    ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n', ['a', 'b'], [['1', '2'], ['3', '4']], [2, 3]],
    ['bare CR ends records', 'a,b\r1,2\r3,4', ['a', 'b'], [['1', '2'], ['3', '4']], [2, 3]],
    ['mixed line endings', 'a,b\r\n1,2\n3,4\r5,6', ['a', 'b'], [['1', '2'], ['3', '4'], ['5', '6']], [2, 3, 4]],
    ['quoted comma', 'a,b\n"x,y",2\n', ['a', 'b'], [['x,y', '2']], [2]],
    ['doubled quotes', 'a,b\n"he said ""hi""",2\n', ['a', 'b'], [['he said "hi"', '2']], [2]],
    ['field of one quote', 'a,b\n"""",2\n', ['a', 'b'], [['"', '2']], [2]],
    ['empty quoted field', 'a,b\n"",2\n', ['a', 'b'], [['', '2']], [2]],
    ['embedded CRLF', 'a,b\r\n"l1\r\nl2",2\r\n', ['a', 'b'], [['l1\r\nl2', '2']], [2]],
    ['embedded LF at end of field', 'a,b\n1,"x\n"\n', ['a', 'b'], [['1', 'x\n']], [2]],
    ['BOM skipped', '\uFEFFa,b\n1,2\n', ['a', 'b'], [['1', '2']], [2]],
    ['empty fields', 'a,b,c\n,,\n1,,\n', ['a', 'b', 'c'], [['', '', ''], ['1', '', '']], [2, 3]],
    ['trailing comma at end of file', 'a,b\n1,', ['a', 'b'], [['1', '']], [2]],
    ['whitespace kept in text(), trimmed in header', ' a , b \n 1 , 2 \n', ['a', 'b'], [[' 1 ', ' 2 ']], [2]],
    ['quoted whitespace kept', 'a,b\n" x ",\t\n', ['a', 'b'], [[' x ', '\t']], [2]],
    ['empty lines skipped', 'a,b\n\n1,2\n\r\n\n3,4\n\n', ['a', 'b'], [['1', '2'], ['3', '4']], [3, 6]],
    ['header only', 'a,b\n', ['a', 'b'], [], []],
    ['header without newline', 'a,b', ['a', 'b'], [], []],
    ['empty lines before the header', '\n\na,b\n1,2', ['a', 'b'], [['1', '2']], [4]],
    ['UTF-8 text', 'naïve,日本\n€,😀\n', ['naïve', '日本'], [['€', '😀']], [2]],
    ['quoted header cell', '"a,1","b"\n1,2', ['a,1', 'b'], [['1', '2']], [2]],
    ['single column with quoted empty value', 'a\n""\nx\n', ['a'], [[''], ['x']], [2, 3]],
    ['NUL byte is just a character', 'a,b\n\u0000,2', ['a', 'b'], [['\u0000', '2']], [2]],
  ])('%s', (_name, input, header, rows, lines) => {
    const p = parse(input);
    expect(p.problems).toEqual([]);
    expect(p.header).toEqual(header);
    expect(p.rows).toEqual(rows);
    expect(p.lines).toEqual(lines);
  });

  it.each<[string, string | Uint8Array]>([
    ['a 0-byte file', ''],
    ['only a BOM', '\uFEFF'],
    ['only empty lines', '\n\r\n\r'],
  ])('%s has an empty header and no problems', (_name, input) => {
    const p = parse(input);
    expect(p.header).toEqual([]);
    expect(p.rows).toEqual([]);
    expect(p.problems).toEqual([]);
  });
});

describe('CsvCursor: physical lines', () => {
  it.each<[string, string, number[]]>([
    ['LF inside a quoted field', 'a,b\n"x\ny",1\n3,4\n', [2, 4]],
    ['CRLF inside a quoted field counts once', 'a,b\r\n"x\r\ny\r\nz",1\r\n3,4\r\n', [2, 5]],
    ['lone CR inside a quoted field', 'a,b\n"x\ry",1\n3,4', [2, 4]],
    ['several multi-line fields in one record', 'a,b\n"1\n2","3\n4\n5"\n6,7', [2, 6]],
    ['multi-line header', '"a\nx",b\n1,2', [3]],
    ['multi-line field then empty lines', 'a,b\n"x\n",1\n\n\n3,4', [2, 6]],
  ])('%s', (_name, input, lines) => {
    const p = parse(input);
    expect(p.problems).toEqual([]);
    expect(p.lines).toEqual(lines);
  });

  it('reports a field-count problem on the physical line after a multi-line record', () => {
    expect(parse('a,b\n"1\n2",3\n4\n').problems).toEqual(['4: expected 2 fields (as in the header), found 1']);
  });
});

describe('CsvCursor: problems', () => {
  it.each<[string, string | Uint8Array, string[]]>([
    ['too many fields', 'a,b\n1,2,3\n4,5\n', ['2: expected 2 fields (as in the header), found 3']],
    ['too few fields', 'a,b,c\n1\n', ['2: expected 3 fields (as in the header), found 1']],
    ['whitespace-only line is a record', 'a,b\n  \n', ['2: expected 2 fields (as in the header), found 1']],
    [
      'quote inside an unquoted field',
      'a,b\nab"c,2\n',
      ['2: quote inside an unquoted field (quote the whole field and double the quote)'],
    ],
    [
      'quote after leading space',
      'a,b\n1, "2"\n',
      ['2: quote inside an unquoted field (quote the whole field and double the quote)'],
    ],
    [
      'character after a closing quote',
      'a,b\n"x"y,2\n',
      ['2: unexpected character after a closing quote (write a quote inside a quoted field as "")'],
    ],
    [
      'space after a closing quote',
      'a,b\n"x" ,2\n',
      ['2: unexpected character after a closing quote (write a quote inside a quoted field as "")'],
    ],
    [
      'unterminated quote reports once, on the line it opened',
      'a,b\n1,2\n"x,2\n3,4\n5,6\n',
      ['3: unterminated quoted field (the quote opened here never closes)'],
    ],
    ['duplicate column', 'a,b,a,a\n1,2,3,4', ['1: duplicate column "a"']],
    ['duplicate after trimming', 'a, a\n1,2', ['1: duplicate column "a"']],
    ['empty column names', 'a,,b,\n1,2,3,4', ['1: empty column name in column 2 and 1 more']],
    ['invalid UTF-8', enc.encode('a,b\n1,2\n'), []],
    ['invalid UTF-8 byte', Uint8Array.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xff, 0x0a]), ['2: invalid UTF-8']],
    [
      'invalid UTF-8 in order with other problems',
      Uint8Array.from([...enc.encode('a,b\n1\n'), 0xc3, 0x28, 0x2c, 0x31, 0x0a, ...enc.encode('2\n')]),
      [
        '2: expected 2 fields (as in the header), found 1',
        '3: invalid UTF-8',
        '4: expected 2 fields (as in the header), found 1',
      ],
    ],
    ['invalid UTF-8 in the header', Uint8Array.from([0xfe, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0x32]), ['1: invalid UTF-8']],
  ])('%s', (_name, input, problems) => {
    expect(parse(input).problems).toEqual(problems);
  });

  it('keeps the raw text of a field with garbage after its closing quote', () => {
    expect(parse('a,b\n"x"y,2\n').rows).toEqual([['"x"y', '2']]);
  });

  it('keeps going after a bad record', () => {
    const p = parse('a,b\nab"c,2\n1,2,3\n"x"y,4\n5,6\n');
    expect(p.rows).toEqual([['ab"c', '2'], ['1', '2', '3'], ['"x"y', '4'], ['5', '6']]);
    expect(p.lines).toEqual([2, 3, 4, 5]);
    expect(p.problems.map((x) => x.split(':')[0])).toEqual(['2', '3', '4']);
  });

  it('decodes invalid UTF-8 with replacement characters instead of failing', () => {
    const c = new CsvCursor(Uint8Array.from([0x61, 0x0a, 0x78, 0xff, 0x79]));
    expect(c.next()).toBe(true);
    expect(c.text(0)).toBe('x\uFFFDy');
    expect(c.next()).toBe(false);
  });
});

describe('invalidUtf8Lines', () => {
  it.each<[string, number[], number[]]>([
    ['valid multi-byte', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], []],
    ['lone continuation byte', [0x80], [1]],
    ['overlong 2-byte', [0xc0, 0xaf], [1]],
    ['overlong 3-byte', [0xe0, 0x80, 0xaf], [1]],
    ['surrogate', [0xed, 0xa0, 0x80], [1]],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], [1]],
    ['truncated at end of file', [0x0a, 0xe2, 0x82], [2]],
    ['truncated before a newline', [0xe2, 0x0a, 0x61, 0x0a, 0xff, 0xff, 0x0d, 0x0a, 0x80], [1, 3, 4]],
  ])('%s', (_name, bytes, lines) => {
    const a = Uint8Array.from(bytes);
    expect(invalidUtf8Lines(a)).toEqual(lines);
    expect(lines.length === 0).toBe(isUtf8(a));
  });
});

describe('CsvCursor: field accessors', () => {
  function cursor(text: string): CsvCursor {
    const c = new CsvCursor(enc.encode(text));
    expect(c.next()).toBe(true);
    return c;
  }

  it('gives empty values outside the record', () => {
    const c = cursor('a,b,c\n1,2\n');
    expect(c.fieldCount).toBe(2);
    const out = { mantissa: 9, scale: 9, big: undefined };
    for (const i of [2, 3, -1, Number.NaN, 1e9]) {
      expect(c.text(i)).toBe('');
      expect(c.trimmed(i)).toBe('');
      expect(c.isEmpty(i)).toBe(true);
      expect(c.decimal(i, out)).toBe(false);
      expect(c.date(i)).toBeNaN();
    }
  });

  it.each<[string, boolean]>([
    ['', true],
    ['   ', true],
    ['" \t "', true],
    ['""', true],
    ['x', false],
    [' x ', false],
    ['""""', false],
  ])('isEmpty(%j) = %s', (cell, empty) => {
    expect(cursor(`a,b\n${cell},1\n`).isEmpty(0)).toBe(empty);
  });

  it.each<[string, string]>([
    [' MYR ', 'MYR'],
    ['"  p-1\t"', 'p-1'],
    ['" a ""q"" "', 'a "q"'],
    ['', ''],
    ['"x\ny"', 'x\ny'],
    [' '.repeat(3) + 'x'.repeat(40) + ' ', 'x'.repeat(40)],
  ])('trimmed(%j) = %j', (cell, value) => {
    expect(cursor(`a,b\n${cell},1\n`).trimmed(0)).toBe(value);
  });

  it('shares trimmed strings between rows and never confuses values in the cache', () => {
    const values: string[] = [];
    for (let i = 0; i < 20000; i++) values.push(`v${i.toString(36)}`);
    const text = `a\n${values.join('\n')}\n${values.join('\n')}\n`;
    const c = new CsvCursor(enc.encode(text));
    const got: string[] = [];
    while (c.next()) got.push(c.trimmed(0));
    expect(got).toEqual([...values, ...values]);
  });

  it('reads decimals and dates from quoted fields, and rejects quoted quotes', () => {
    const c = cursor('a,b,c\n"12.50","2026-02-28",""""\n');
    const out = { mantissa: 0, scale: 0, big: undefined as bigint | undefined };
    expect(c.decimal(0, out)).toBe(true);
    expect(out).toEqual({ mantissa: 1250, scale: 2, big: undefined });
    expect(c.date(1)).toBe(20512);
    expect(c.decimal(2, out)).toBe(false);
    expect(c.date(2)).toBeNaN();
  });
});

describe('CsvCursor: hostile input stays linear and reports little', () => {
  it('a 10 MB single cell', () => {
    const big = 'x'.repeat(10_000_000);
    const c = new CsvCursor(Buffer.from(`a,b\n"${big}",1\n`));
    expect(c.next()).toBe(true);
    expect(c.text(0).length).toBe(10_000_000);
    expect(c.isEmpty(0)).toBe(false);
    expect(c.decimal(0, { mantissa: 0, scale: 0, big: undefined })).toBe(false);
    expect(c.next()).toBe(false);
    expect(c.problems).toEqual([]);
  });

  it('a 10 MB number is refused, not parsed', () => {
    const c = new CsvCursor(Buffer.from(`a\n${'9'.repeat(10_000_000)}\n`));
    expect(c.next()).toBe(true);
    expect(c.decimal(0, { mantissa: 0, scale: 0, big: undefined })).toBe(false);
  });

  it('an unterminated quote at the start of a 50 MB file', () => {
    const bytes = Buffer.alloc(50_000_000, 'abc,def\n');
    bytes[0] = 0x22;
    const t0 = performance.now();
    const c = new CsvCursor(bytes);
    expect(c.next()).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(c.header.length).toBe(1);
    expect(c.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '1: unterminated quoted field (the quote opened here never closes)',
    ]);
  });

  it('a million commas', () => {
    const c = new CsvCursor(Buffer.from(`a,b\n${','.repeat(1_000_000)}\n1,2\n`));
    expect(c.next()).toBe(true);
    expect(c.fieldCount).toBe(1_000_001);
    expect(c.text(1)).toBe('');
    expect(c.text(999_999)).toBe('');
    expect(c.next()).toBe(true);
    expect(c.text(1)).toBe('2');
    expect(c.next()).toBe(false);
    expect(c.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '2: expected 2 fields (as in the header), found 1000001',
    ]);
  });

  it('a header of a million commas', () => {
    const c = new CsvCursor(Buffer.from(`${','.repeat(1_000_000)}\n`));
    expect(c.header.length).toBe(1_000_001);
    expect(c.problems.map((p) => p.message)).toEqual(['empty column name in column 1 and 1000000 more']);
  });

  it('two million bad records keep only the first problems', () => {
    const c = new CsvCursor(Buffer.from(`a,b\n${'1\n'.repeat(2_000_000)}`));
    let records = 0;
    while (c.next()) records++;
    expect(records).toBe(2_000_000);
    expect(c.problems.length).toBe(CSV_MAX_PROBLEMS + 1);
    expect(`${c.problems[CSV_MAX_PROBLEMS - 1]}`).toBe('1001: expected 2 fields (as in the header), found 1');
    expect(`${c.problems[CSV_MAX_PROBLEMS]}`).toBe('1002: too many problems; only the first 1000 are listed');
  });

  it('binary garbage', () => {
    let x = 12345;
    const bytes = new Uint8Array(5_000_000);
    for (let i = 0; i < bytes.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      bytes[i] = x >>> 24;
    }
    const c = new CsvCursor(bytes);
    let records = 0;
    while (c.next()) {
      records++;
      for (let i = 0; i < Math.min(c.fieldCount, 4); i++) c.text(i);
    }
    expect(records).toBeGreaterThan(0);
    expect(c.problems.length).toBeGreaterThan(0);
    for (const p of c.problems) expect(p.line).toBeGreaterThanOrEqual(1);
  });
});
