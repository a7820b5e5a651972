import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvCursor } from './csv.js';
import { daysInMonth, formatDay, parseDay } from './days.js';
import { newDecimalOut, parseDecimal } from './scalars.js';

const SEED = { seed: 7, numRuns: 3000 };

function asciiTrim(s: string): string {
  return s.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
}

interface RefResult {
  records: { line: number; cells: string[] }[];
  /** Any RFC 4180 quoting error: a stray quote, text after a closing quote, an open quote. */
  quoteError: boolean;
}

/**
 * A deliberately naive byte-at-a-time state machine, written independently of the cursor, for
 * differential testing. Same conventions: BOM skipped, empty lines skipped, LF / CRLF / lone
 * CR all end a line.
 */
function reference(b: Uint8Array): RefResult {
  const records: { line: number; cells: string[] }[] = [];
  let quoteError = false;
  let i = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let line = 1;
  let field: number[] = [];
  let row: string[] = [];
  let inRow = false;
  let rowLine = 0;
  let inQuotes = false;
  let afterQuote = false;
  let quoted = false;
  const endField = (): void => {
    row.push(Buffer.from(field).toString('utf8'));
    field = [];
    quoted = false;
    afterQuote = false;
  };
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (!inRow) {
      inRow = true;
      rowLine = line;
    }
    if (inQuotes) {
      if (c === 0x22) {
        if (b[i + 1] === 0x22) {
          field.push(0x22);
          i++;
        } else {
          inQuotes = false;
          afterQuote = true;
        }
      } else {
        field.push(c);
        if (c === 0x0a || (c === 0x0d && b[i + 1] !== 0x0a)) line++;
      }
      continue;
    }
    if (c === 0x2c) {
      endField();
      continue;
    }
    if (c === 0x0d || c === 0x0a) {
      if (c === 0x0d && b[i + 1] === 0x0a) i++;
      line++;
      if (row.length === 0 && field.length === 0 && !quoted) {
        inRow = false;
        continue;
      }
      endField();
      records.push({ line: rowLine, cells: row });
      row = [];
      inRow = false;
      continue;
    }
    if (afterQuote) quoteError = true;
    if (c === 0x22 && field.length === 0 && !quoted) {
      inQuotes = true;
      quoted = true;
      continue;
    }
    if (c === 0x22) quoteError = true;
    field.push(c);
  }
  if (inQuotes) quoteError = true;
  if (inRow && (row.length > 0 || field.length > 0 || quoted)) {
    endField();
    records.push({ line: rowLine, cells: row });
  }
  return { records, quoteError };
}

function readAll(bytes: Uint8Array): { c: CsvCursor; records: { line: number; cells: string[] }[] } {
  const c = new CsvCursor(bytes);
  const records: { line: number; cells: string[] }[] = [];
  while (c.next()) {
    const cells: string[] = [];
    for (let i = 0; i < c.fieldCount; i++) cells.push(c.text(i));
    records.push({ line: c.line, cells });
  }
  return { c, records };
}

const QUOTE_PROBLEM = /quote/;

describe('fuzz: bytes', () => {
  const csvish = fc
    .array(fc.constantFrom(0x2c, 0x22, 0x0d, 0x0a, 0x61, 0x62, 0x20, 0x31, 0x2e, 0x2d, 0xc3, 0xa9, 0xff, 0xef, 0xbb, 0xbf), {
      maxLength: 60,
    })
    .map((a) => Uint8Array.from(a));

  it('agrees with a naive reference parser on CSV-like bytes', () => {
    fc.assert(
      fc.property(csvish, (bytes) => {
        const ref = reference(bytes);
        const { c, records } = readAll(bytes);
        const quoteProblems = c.problems.filter((p) => QUOTE_PROBLEM.test(p.message));
        expect(quoteProblems.length > 0).toBe(ref.quoteError);
        expect(c.problems.some((p) => p.message === 'invalid UTF-8')).toBe(!isUtf8(bytes));
        if (ref.quoteError) return;
        const [head, ...rest] = ref.records;
        expect([...c.header]).toEqual(head ? head.cells.map(asciiTrim) : []);
        expect(records).toEqual(rest);
        const counts = c.problems.filter((p) => p.message.startsWith('expected')).map((p) => p.line);
        expect(counts).toEqual(rest.filter((r) => r.cells.length !== c.header.length).map((r) => r.line));
      }),
      SEED,
    );
  });

  it('never throws or hangs on arbitrary bytes, and keeps lines in range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        let breaks = 1;
        for (let i = 0; i < bytes.length; i++) {
          if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) breaks++;
        }
        const c = new CsvCursor(bytes);
        const out = newDecimalOut();
        let last = 0;
        while (c.next()) {
          expect(c.line).toBeGreaterThan(last);
          last = c.line;
          for (let i = 0; i <= c.fieldCount; i++) {
            c.text(i);
            c.trimmed(i);
            c.isEmpty(i);
            c.decimal(i, out);
            c.date(i);
          }
        }
        expect(last).toBeLessThanOrEqual(breaks);
        for (const p of c.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(breaks);
        }
      }),
      SEED,
    );
  });
});

describe('fuzz: grid round trip', () => {
  const unit = fc.constantFrom('a', 'b', ' ', ',', '"', '\r', '\n', '\t', 'é', '日', '😀', '1', '.', '-');
  const cell = fc.oneof(fc.string({ unit, maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
  const name = fc.string({ unit, minLength: 1, maxLength: 4 }).filter((s) => asciiTrim(s) !== '');
  const grid = fc.integer({ min: 1, max: 5 }).chain((cols) =>
    fc.record({
      header: fc.uniqueArray(name, { minLength: cols, maxLength: cols, selector: asciiTrim }),
      rows: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: 8 }),
      eol: fc.constantFrom('\n', '\r\n'),
      trailingEol: fc.boolean(),
      bom: fc.boolean(),
      quoteAll: fc.boolean(),
    }),
  );

  function breaks(s: string): number {
    return (s.match(/\r\n|\r|\n/g) ?? []).length;
  }

  it('parses back exactly what was written, on the right physical lines', () => {
    fc.assert(
      fc.property(grid, ({ header, rows, eol, trailingEol, bom, quoteAll }) => {
        let line = 1;
        const lines: number[] = [];
        const encodeRow = (cells: readonly string[]): string =>
          cells
            .map((v) =>
              quoteAll || /[",\r\n]/.test(v) || (cells.length === 1 && v === '') ? `"${v.replaceAll('"', '""')}"` : v,
            )
            .join(',');
        let text = bom ? '\uFEFF' : '';
        const all = [header, ...rows];
        all.forEach((cells, r) => {
          if (r > 0) lines.push(line);
          text += encodeRow(cells);
          line += cells.reduce((n, v) => n + breaks(v), 0);
          if (r < all.length - 1 || trailingEol) text += eol;
          line++;
        });
        const c = new CsvCursor(new TextEncoder().encode(text));
        expect(c.problems).toEqual([]);
        expect([...c.header]).toEqual(header.map(asciiTrim));
        let r = 0;
        while (c.next()) {
          const row = rows[r]!;
          expect(c.line).toBe(lines[r]);
          expect(c.fieldCount).toBe(row.length);
          row.forEach((v, i) => {
            expect(c.text(i)).toBe(v);
            expect(c.trimmed(i)).toBe(asciiTrim(v));
            expect(c.isEmpty(i)).toBe(asciiTrim(v) === '');
          });
          r++;
        }
        expect(r).toBe(rows.length);
        expect(c.problems).toEqual([]);
      }),
      SEED,
    );
  });
});

describe('fuzz: scalars', () => {
  const DECIMAL = /^[\t\n\v\f\r ]*(-?)([0-9]+)(?:\.([0-9]+))?[\t\n\v\f\r ]*$/;

  it('decimal() accepts exactly the plain-decimal syntax and reads it exactly', () => {
    const text = fc.string({ unit: fc.constantFrom('0', '1', '9', '5', '.', '-', '+', 'e', ' ', ',', '\t'), maxLength: 25 });
    fc.assert(
      fc.property(text, (s) => {
        const out = newDecimalOut();
        const ok = parseDecimal(s, out);
        const m = DECIMAL.exec(s);
        expect(ok).toBe(m !== null);
        if (!m) return;
        const frac = m[3] ?? '';
        const digits = BigInt((m[2] ?? '') + frac);
        const exact = m[1] === '-' ? -digits : digits;
        expect(out.scale).toBe(frac.length);
        expect(out.big ?? BigInt(out.mantissa)).toBe(exact);
        if (out.big === undefined) expect(Number.isSafeInteger(out.mantissa)).toBe(true);
      }),
      SEED,
    );
  });

  it('decimal() reads written bigints and scales exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }), (v, scale) => {
        const abs = (v < 0n ? -v : v).toString().padStart(scale + 1, '0');
        const s = `${v < 0n ? '-' : ''}${scale > 0 ? `${abs.slice(0, -scale)}.${abs.slice(-scale)}` : abs}`;
        const out = newDecimalOut();
        expect(parseDecimal(s, out)).toBe(true);
        expect(out.scale).toBe(scale);
        expect(out.big ?? BigInt(out.mantissa)).toBe(v);
      }),
      SEED,
    );
  });

  it('date() accepts exactly the real calendar dates', () => {
    const part = (n: number, w: number): string => String(n).padStart(w, '0');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const s = `${part(y, 4)}-${part(m, 2)}-${part(d, 2)}`;
        const day = parseDay(s);
        const real = m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
        expect(Number.isNaN(day)).toBe(!real);
        if (real) expect(formatDay(day)).toBe(s);
      }),
      SEED,
    );
  });
});
