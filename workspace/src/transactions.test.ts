import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransactionTable } from '@prestasi/engine';
import { type Problem, ProblemSink } from './problems.js';
import { pieces } from './test-support/pieces.js';
import { referenceReadTransactions } from './test-support/transactions-reference.js';
import type { PlainRecordsIn } from './transaction-rows.js';
import { readTransactions, type TransactionsContext, type TransactionsRead } from './transactions.js';

const enc = new TextEncoder();
const PAYEES = ['a', 'b', 'c', 'ae-001', 'long-payee-id-0000001', 'q"x', 'jurujual-ü'];
const CTX: TransactionsContext = {
  baseCurrency: 'MYR',
  payeeIndex: new Map(PAYEES.map((p, i) => [p, i])),
  filtered: new Set(['type', 'product', 'missing']),
  summed: new Set(['units', 'product']),
};
/** No column both filtered and summed, so that rows can take the one-pass path (PlainRecords). */
const PLAIN_CTX: TransactionsContext = { ...CTX, filtered: new Set(['type', 'missing']), summed: new Set(['units']) };

/** Everything a table says, as plain data, so two tables compare with toEqual. */
function plain(read: TransactionsRead | undefined) {
  if (!read) return undefined;
  const t: TransactionTable = read.table;
  const rows = [];
  const decimal = (c: TransactionTable['amount'], r: number) => `${c.big.get(r) ?? c.mantissa[r]}e-${c.scale[r]}`;
  for (let r = 0; r < t.length; r++) {
    rows.push({
      line: read.lines.get(r),
      id: t.id.get(r),
      date: t.date[r],
      amount: decimal(t.amount, r),
      margin: decimal(t.margin, r),
      quantity: decimal(t.quantity, r),
      currency: t.currencies[t.currency[r]!],
      owner: t.owner[r],
      splits: t.splits.get(r)?.map((s) => `${s.payee}:${s.share.toString()}`),
      cancelled: t.cancelled.get(r),
      text: [...t.text].map(([name, c]) => `${name}=${c.values[c.codes[r]!]}`),
      numbers: [...t.numbers].map(([name, c]) => `${name}=${decimal(c, r)}`),
    });
  }
  return {
    length: t.length,
    currencies: t.currencies,
    text: [...t.text].map(([name, c]) => [name, c.values]),
    cancelledOrder: [...t.cancelled.keys()],
    splitsOrder: [...t.splits.keys()],
    rows,
  };
}

/** Where the tests below have plain records read: every test runs with each (see the end). */
let plainRecords: PlainRecordsIn = 'typescript';

/** Reads the bytes in memory, or, with `window`, as a file through a window of that many bytes (see `pieces`). */
function read(bytes: Uint8Array, window?: { readonly bytes: number; readonly steps: readonly number[] }, ctx = CTX) {
  const problems: Problem[] = [];
  const sink = new ProblemSink('transactions.csv', problems);
  const result = window
    ? readTransactions(pieces(bytes, window.steps), sink, ctx, { windowBytes: window.bytes, plainRecords })
    : readTransactions(bytes, sink, ctx, { plainRecords });
  return { problems, table: plain(result) };
}

/** A window of 1 to 64 bytes, filled a few bytes at a time or whole. */
const windowArb = fc.record({
  bytes: fc.integer({ min: 1, max: 64 }),
  steps: fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(1 << 20)), { minLength: 1, maxLength: 5 }),
});

function reference(bytes: Uint8Array, ctx = CTX) {
  const problems: Problem[] = [];
  const result = referenceReadTransactions(bytes, new ProblemSink('transactions.csv', problems), ctx);
  return { problems, table: plain(result) };
}

const HEADER = 'id,date,amount,currency,owner,splits,type,product,quantity,margin,units,status,cancel_date';

const cell = (values: readonly string[]) => fc.constantFrom(...values);
const quoted = (a: fc.Arbitrary<string>) =>
  fc.tuple(a, fc.constantFrom(0, 0, 0, 1, 2)).map(([v, how]) => (how === 0 ? v : how === 1 ? `"${v.replaceAll('"', '""')}"` : ` ${v} `));

const idCell = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => `t${String(n).padStart(3, '0')}`),
  cell(['', 'x"y', 'é', 't 1', 'T001', 't001 ']),
);
const row = fc
  .tuple(
    quoted(idCell),
    quoted(cell(['2026-01-05', '2026-02-28', '2026-02-29', '2026-13-01', '26-01-01', '', '2025-12-31', '2026-03-31'])),
    quoted(
      cell([
        '100',
        '-2.50',
        '0.001',
        '1e3',
        '',
        '12345678901234567890.5',
        '1,5',
        '-0',
        '7.',
        '.5',
        '+1',
        '0012.50',
        '123456789012345',
        '1234567890123456',
        '12345678901234.5',
        '1234567890123.45',
        '9007199254740993',
      ]),
    ),
    quoted(cell(['', 'MYR', 'USD', 'usd', 'XYZ', 'SGD'])),
    quoted(cell(['', '', 'a', 'b', 'ae-001', 'zz', 'q"x', 'long-payee-id-0000001'])),
    quoted(cell(['', '', '', 'a:60;b:40', 'a:100', 'a:50;a:50', 'a:60;b:30', 'zz:100', 'a:x;b:100', 'c:33.3;b:66.7'])),
    quoted(cell(['new', 'upsell', '', 'renewal', 'New', 'a "q"'])),
    quoted(cell(['CORE', 'PRO', '', '12', '1.5'])),
    quoted(cell(['', '2', '0.5', 'x'])),
    quoted(cell(['', '10', '-1.25', 'm'])),
    quoted(cell(['', '3', '4.75', 'n/a'])),
    quoted(cell(['', '', 'won', 'cancelled', 'lost'])),
    quoted(cell(['', '', '2026-02-01', '2025-01-01', 'bad'])),
  )
  .map((cells) => cells.join(','));
const line = fc.oneof({ weight: 12, arbitrary: row }, { weight: 1, arbitrary: cell(['', 'only,three,cells', '"open quote,1', 'x"y,2,3']) });
const file = fc
  .tuple(fc.array(line, { maxLength: 60 }), cell(['\n', '\r\n', '\n', '\r']), fc.boolean(), fc.boolean())
  .map(([lines, eol, sortedIds, finalEol]) => {
    const body = sortedIds ? lines.map((l, i) => l.replace(/^[^,]*/, `s${String(i).padStart(4, '0')}`)) : lines;
    return HEADER + eol + body.join(eol) + (finalEol ? eol : '');
  });

// Plain records (most records of most files) are read in WebAssembly or in TypeScript: each
// test runs with both, against the same reference, so the two take exactly the same records.
describe.each(['typescript', 'wasm'] as const)('plain records read in %s', (mode) => {
  beforeAll(() => {
    plainRecords = mode;
  });

  describe('readTransactions matches the reference reader exactly', () => {
    it('on one thread: same table, same problems in the same order', () => {
      fc.assert(
        fc.property(file, (text) => {
          const bytes = enc.encode(text);
          expect(read(bytes)).toEqual(reference(bytes));
        }),
        { seed: 11, numRuns: 400 },
      );
    });

    it('through a window of a few bytes: same table, same problems in the same order', () => {
      fc.assert(
        fc.property(file, windowArb, (text, window) => {
          const bytes = enc.encode(text);
          expect(read(bytes, window)).toEqual(reference(bytes));
        }),
        { seed: 12, numRuns: 300 },
      );
    });
  });

  /** Files without a single problem, so that reading in parts joins instead of reading again. */
  const cleanRow = fc
    .tuple(
      fc.constantFrom('2026-01-05', '2026-02-28', '2025-12-31'),
      fc.constantFrom(
        '100',
        '-2.50',
        '0.001',
        '12345678901234567890.5',
        '" 7 "',
        '0012.50',
        '123456789012345',
        '1234567890123456',
        '12345678901234.5',
        '0.000000000000001',
        '9007199254740993',
      ),
      fc.constantFrom('', 'MYR', 'USD', ' SGD '),
      // An owner, or splits (the owner cell then empty).
      fc.oneof(
        fc.constantFrom('a', 'b', 'ae-001', '"q""x"', 'long-payee-id-0000001', 'jurujual-ü').map((owner) => `${owner},`),
        fc.constantFrom('a:60;b:40', 'b:100', 'c:33.3;ae-001:66.7', 'long-payee-id-0000001:50;a:25;b:25').map((splits) => `,${splits}`),
      ),
      fc.constantFrom('new', 'upsell', '', '"a ""q"""', 'é', 'a b', 'x!y#(1)', '" lead"'),
      fc.constantFrom('12', '1.5', ''),
      fc.constantFrom('', '2', '0.5'),
      fc.constantFrom('', '3', '4.75'),
      fc.constantFrom(',', 'cancelled,2026-03-01', 'won,', 'cancelled,2026-02-28'),
    )
    .map(([date, amount, currency, credit, type, product, quantity, units, status]) =>
      [date, amount, currency, credit, type, product, quantity, '', units, status].join(','),
    );
  const cleanFile = fc
    .tuple(fc.array(cleanRow, { minLength: 1, maxLength: 80 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
    .map(([rows, eol, shuffled, finalEol]) =>
      [HEADER, ...rows.map((r, i) => `${shuffled ? `x${(i * 37) % 101}-${i}` : `s${String(i).padStart(4, '0')}`},${r}`)].join(eol) +
      (finalEol ? eol : ''),
    );

  describe('reading files without problems (most rows take the one-pass path)', () => {
    it('on one thread: exactly the reference table', () => {
      fc.assert(
        fc.property(cleanFile, (text) => {
          const bytes = enc.encode(text);
          const want = reference(bytes, PLAIN_CTX);
          expect(want.problems).toEqual([]);
          expect(read(bytes, undefined, PLAIN_CTX)).toEqual(want);
        }),
        { seed: 14, numRuns: 200 },
      );
    });

    it('one bad cell among good rows: the same problems, on the same lines', () => {
      const bads = {
        ',2026-02-30,': 1,
        ',nobody,': 4,
        ',1.2.3,': 2,
        ',.5,': 2,
        ',7.,': 2,
        ',+1,': 2,
        ',1e3,': 2,
        ',XYQ,': 3,
        ',lost,': 11,
        ',a:50;a:50,': 5,
        ',a:60;b:30,': 5,
        ',nobody:100,': 5,
        ',a:x;b:100,': 5,
        ',b:100,': 5,
        '"': 0,
      } as const;
      const badArb = fc.constantFrom(...(Object.keys(bads) as (keyof typeof bads)[]));
      fc.assert(
        fc.property(cleanFile, fc.nat(), badArb, (text, at, bad) => {
          const lines = text.split('\n');
          const i = 1 + (at % Math.max(1, lines.length - 1));
          if (i >= lines.length) return;
          const cells = lines[i]!.split(',');
          if (cells.length < 12) return;
          const good = bads[bad];
          cells[good] = bad === '"' ? `${cells[0]}"` : bad.slice(1, -1);
          lines[i] = cells.join(',');
          const bytes = enc.encode(lines.join('\n'));
          expect(read(bytes, undefined, PLAIN_CTX)).toEqual(reference(bytes, PLAIN_CTX));
        }),
        { seed: 15, numRuns: 200 },
      );
    });
  });

  describe('split records on the one-pass path', () => {
    // After a first plain row, every row here could take the one-pass path: the split rules
    // (exactly one of owner and splits, shares of payees adding up to 100) must hold there too.
    it.each([
      ['valid splits', ['a:60;b:40', 'b:100', 'c:33.3;ae-001:66.7']],
      ['owner and splits both', ['a:60;b:40', 'OWNER+b:100']],
      ['neither owner nor splits', ['a:60;b:40', '']],
      ['a payee twice, shares not adding up, an unknown payee, a bad share', ['a:50;a:50', 'a:60;b:30', 'nobody:100', 'a:x;b:100']],
    ])('%s: the same table and problems as the reference', (name, cells) => {
      const rows = ['s0000,2026-01-05,100,MYR,a,,new,12,,,3,,'];
      cells.forEach((cell, i) => {
        const [owner, splits] = cell.startsWith('OWNER+') ? ['a', cell.slice('OWNER+'.length)] : ['', cell];
        rows.push(`s${String(i + 1).padStart(4, '0')},2026-01-0${(i % 9) + 1},${100 + i}.50,MYR,${owner},${splits},new,12,,,3,,`);
      });
      const bytes = enc.encode(`${HEADER}\n${rows.join('\n')}\n`);
      const got = read(bytes, undefined, PLAIN_CTX);
      expect(got).toEqual(reference(bytes, PLAIN_CTX));
      expect(got.problems.length > 0).toBe(name !== 'valid splits');
    });
  });

  describe('repeated ids among ids out of order', () => {
    const row = (id: string, date = '2026-01-05') => `${id},${date},10,MYR,a,,new,12,,,,,`;

    it('are found after the read, and the file read again reports them in place among the others', () => {
      const ids = Array.from({ length: 300 }, (_, i) => `t${(i * 7919) % 1000}`);
      const lines = ids.map((id) => row(id));
      lines[20] = row('t999', '2026-13-01'); // a bad date before the repeat
      lines[250] = row(ids[100]!); // the repeat
      lines[280] = row('t998', 'soon'); // and one after it
      const bytes = enc.encode([HEADER, ...lines].join('\n'));
      const got = read(bytes);
      expect(got).toEqual(reference(bytes));
      expect(got.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
        '22: date must be a date YYYY-MM-DD, not "2026-13-01"',
        `252: duplicate transaction id "${ids[100]}" (first on line 102)`,
        '282: date must be a date YYYY-MM-DD, not "soon"',
      ]);
    });

    it('without a repeat, cost one look at the whole column and nothing more', () => {
      const lines = Array.from({ length: 300 }, (_, i) => row(`t${(i * 7919) % 1000}`));
      lines[20] = row('t999', '2026-13-01');
      const bytes = enc.encode([HEADER, ...lines].join('\n'));
      expect(read(bytes)).toEqual(reference(bytes));
    });
  });

  describe('a file read through a window of a few bytes gives what its bytes read whole give', () => {
    const odd = cell([
      '',
      'only,three,cells',
      '"open quote,1',
      'x"y,2,3',
      't101,2026-01-05,1,MYR,a,,"two\nlines",12,,,,,',
      't102,2026-01-05,1,MYR,a,,"cr\r\nlf\r",12,,,,,',
      't€3,2026-01-05,1,MYR,a,,𝄞,12,,,,,',
      '"t""4",2026-01-05,1,MYR,"b",,é,12,,,,,',
      't105,2026-01-05,1,MYR,a,,"x" y,12,,,,,',
    ]);
    const piece = fc.oneof({ weight: 8, arbitrary: row }, { weight: 2, arbitrary: odd });
    /** Bytes that are not UTF-8: a stray byte, cut characters, a surrogate, an overlong form. */
    const BAD = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9d, 0x84], [0xc0, 0xaf]];
    const bytesFile = fc
      .tuple(
        fc.array(piece, { maxLength: 40 }),
        cell(['\n', '\r\n', '\r']),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BAD)), { maxLength: 3 }),
        fc.constantFrom('random', 'sorted', 'repeat'),
      )
      .map(([lines, eol, finalEol, bom, bad, ids]) => {
        let body = lines;
        if (ids !== 'random') body = lines.map((l, i) => l.replace(/^[^,]*/, `s${String(i).padStart(4, '0')}`));
        // A repeat among ids out of order: the file is read twice (see readTransactions).
        if (ids === 'repeat' && body.length > 2) body = [...body.slice(1), body[0]!, body[0]!];
        let bytes = enc.encode(HEADER + eol + body.join(eol) + (finalEol ? eol : ''));
        for (const [at, b] of bad) {
          const i = at % (bytes.length + 1);
          bytes = Uint8Array.from([...bytes.subarray(0, i), ...b, ...bytes.subarray(i)]);
        }
        return bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]) : bytes;
      });

    it('quotes, line breaks in cells, CRLF, a BOM, invalid UTF-8, repeated ids, bad cells, no final line break', () => {
      fc.assert(
        fc.property(bytesFile, windowArb, fc.constantFrom(CTX, PLAIN_CTX), (bytes, window, ctx) => {
          const whole = read(bytes, undefined, ctx);
          expect(read(bytes, window, ctx)).toEqual(whole);
          expect(whole).toEqual(reference(bytes, ctx));
        }),
        { seed: 16, numRuns: 600 },
      );
    });

    it('files of good rows (the one-pass path meets the window end on most records), the id last or first', () => {
      fc.assert(
        fc.property(cleanFile, fc.boolean(), fc.boolean(), windowArb, (text, bom, idLast, window) => {
          // With the id last, a window ending inside it would cut it short.
          const moved = idLast ? text.replace(/^([^,\r\n]*),([^\r\n]*)/gm, '$2,$1') : text;
          const bytes = enc.encode(bom ? `\ufeff${moved}` : moved);
          const whole = read(bytes, undefined, PLAIN_CTX);
          expect(whole).toEqual(reference(bytes, PLAIN_CTX));
          expect(whole.problems).toEqual([]);
          expect(read(bytes, window, PLAIN_CTX)).toEqual(whole);
        }),
        { seed: 17, numRuns: 200 },
      );
    });

    it('good rows but for invalid UTF-8 in a cell or two: reported in place, on its line', () => {
      fc.assert(
        fc.property(cleanFile, fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), windowArb, (text, at, window) => {
          const good = enc.encode(text);
          let bytes = good;
          for (const n of at) {
            const i = HEADER.length + 1 + (n % (bytes.length - HEADER.length));
            bytes = Uint8Array.from([...bytes.subarray(0, i), 0xff, ...bytes.subarray(i)]);
          }
          const whole = read(bytes, undefined, PLAIN_CTX);
          expect(whole).toEqual(reference(bytes, PLAIN_CTX));
          expect(whole.problems.some((p) => p.message === 'invalid UTF-8')).toBe(true);
          expect(read(bytes, window, PLAIN_CTX)).toEqual(whole);
        }),
        { seed: 18, numRuns: 200 },
      );
    });

    it('repeated ids among ids out of order are reported in place, on their lines', () => {
      const row = (id: string, date = '2026-01-05') => `${id},${date},10,MYR,a,,new,12,,,,,`;
      const ids = Array.from({ length: 300 }, (_, i) => `t${(i * 7919) % 1000}`);
      const lines = ids.map((id) => row(id));
      lines[20] = row('t999', '2026-13-01');
      lines[250] = row(ids[100]!);
      const bytes = enc.encode([HEADER, ...lines].join('\r\n'));
      for (const bytesOfWindow of [1, 7, 64, 1000]) {
        expect(read(bytes, { bytes: bytesOfWindow, steps: [3, 1 << 20] }).problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
          '22: date must be a date YYYY-MM-DD, not "2026-13-01"',
          `252: duplicate transaction id "${ids[100]}" (first on line 102)`,
        ]);
      }
    });

    it('a record longer than the window (a quoted cell over many lines) grows the window and keeps its lines', () => {
      const note = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\r\n');
      const text = [HEADER, `q1,2026-01-02,5,MYR,a,,"${note}",12,,,,,`, 'q2,2026-01-02,x,MYR,a,,new,12,,,,,'].join('\n');
      const bytes = enc.encode(text);
      const got = read(bytes, { bytes: 8, steps: [5] });
      expect(got).toEqual(read(bytes));
      expect(got.problems.map((p) => p.line)).toEqual([52]);
    });
  });

  /**
   * Rows that look plain (no quotes, no spaces, the header's number of cells) but may break any
   * rule, one cell at a time or several: the records the WebAssembly reader scans to the end
   * before it decides, where it must turn down exactly what TypeScript turns down.
   */
  /** A valid value most of the time, so that most rows are taken and one rule at a time is broken. */
  const plainCell = (valid: readonly string[], invalid: readonly string[]) =>
    fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
  const plainLooking = fc
    .tuple(
      plainCell(['2026-01-05', '2026-02-28', '2024-02-29', '2026-03-31'], ['2026-02-29', '2026-04-31', '2026-00-10', '2026-1-05', '2026-01-5x', '20260105', '2026/01/05', '']),
      plainCell(['100', '-2.50', '0.001', '-0', '0012.50', '123456789012345'], ['-', '7.', '.5', '+1', '1e3', '', '1234567890123456', '99999999999999999999', '1.2.3', '5-']),
      plainCell(['', 'MYR', 'USD'], ['usd', 'XYZ']),
      // The owner and splits cells: an owner, or splits (which the WebAssembly reader checks too).
      fc.oneof(
        { weight: 30, arbitrary: fc.constantFrom('a', 'b', 'ae-001', 'long-payee-id-0000001', 'jurujual-ü').map((owner) => `${owner},`) },
        {
          weight: 10,
          arbitrary: fc
            .constantFrom(
              'a:60;b:40',
              'b:100',
              'ae-001:33.3;long-payee-id-0000001:66.7',
              'jurujual-ü:50;a:50',
              'a:0.5;b:99.5',
              'a:060;b:40',
              'a:60.000;b:40',
              'a:33.333333;b:66.666667',
              'a:16.666666;b:16.666667;c:66.666667',
              'a:10;b:10;c:10;ae-001:10;long-payee-id-0000001:10;jurujual-ü:50',
            )
            .map((splits) => `,${splits}`),
        },
        {
          weight: 3,
          arbitrary: fc
            .constantFrom(
              'nobody,',
              'long-nobody-000000001,',
              ',',
              'a,a:100',
              ',a:33.3333333;b:66.6666667',
              ',a:50;a:50',
              ',a:60;b:30',
              ',zz:100',
              ',a:x;b:100',
              ',a:60;b:40;',
              ',;a:100',
              ',a:0;b:100',
              ',a:-10;b:110',
              ',a:b:60;b:40',
              ',a:60.;b:40',
              ',a:.5;b:99.5',
              ',a:1e2',
              ',a:100:',
              ',a::100',
              ',:100',
              ',a:1000000000;b:-999999900',
              ',a:0000000000000000000100',
              ',a:99.9999999999999999999;b:0.0000000000000000001',
            ),
        },
      ),
      // Quoted cells the WebAssembly reader takes in compared and ignored columns, and some it leaves.
      plainCell(['new', 'upsell', '', 'renewal', 'New', 'é', '"new"', '"a, b"', '"é"'], ['new', '""', '" new"', '"x""y"', '"a\nb"', '"new" ', '"new"x']),
      plainCell(['CORE', '', '12', '"Acme, Inc."', '"CORE"', '""'], ['CORE', '"a""b"', '"x" ', '"x"y', '"a\r\nb"', '"']),
      plainCell(['', '2', '0.5'], ['x', '-']),
      plainCell(['', '10', '-1.25'], ['m']),
      plainCell(['', '3', '4.75'], ['n/a']),
      fc.oneof(
        { weight: 40, arbitrary: fc.constantFrom(',', 'won,', 'cancelled,2026-04-01', 'cancelled,2026-03-31') },
        { weight: 1, arbitrary: fc.constantFrom('lost,', 'Won,', 'cancelled,', 'cancelled,2025-01-01', 'cancelled,bad', 'cancelled,2026-02-30', ',2026-02-01', 'won,2026-02-01') },
      ),
    )
    .map((cells) => cells.join(','));
  const plainLookingFile = fc
    .tuple(fc.array(plainLooking, { minLength: 1, maxLength: 200, size: 'max' }), fc.constantFrom('\n', '\r\n'), fc.constantFrom('sorted', 'shuffled', 'repeat'))
    .map(([rows, eol, ids]) => {
      const id = (i: number) => (ids === 'shuffled' ? `x${(i * 37) % 101}-${i}` : `s${String(i).padStart(4, '0')}`);
      // 'repeat': ids ascend, but for one given twice in a row.
      const lines = rows.map((r, i) => `${ids === 'repeat' && i === rows.length - 1 && i > 0 ? id(i - 1) : id(i)},${r}`);
      return [HEADER, ...lines].join(eol) + eol;
    });

  it('rows that look plain but break a rule: the same table and problems as the reference', () => {
    fc.assert(
      fc.property(plainLookingFile, fc.constantFrom(CTX, PLAIN_CTX), (text, ctx) => {
        const bytes = enc.encode(text);
        expect(read(bytes, undefined, ctx)).toEqual(reference(bytes, ctx));
      }),
      { seed: 19, numRuns: 150 },
    );
  });

  it.each([
    ['a repeat right after itself', ['t1', 't2', 't2', 't3'], ['4: duplicate transaction id "t2" (first on line 3)']],
    ['a repeat after ids that ascend', ['t1', 't2', 't3', 't1'], ['5: duplicate transaction id "t1" (first on line 2)']],
    ['an id that is a prefix of the one before', ['t10', 't1', 't2'], []],
    ['an id that the one before is a prefix of', ['t1', 't10', 't2'], []],
    ['ids of different lengths that ascend', ['a', 'ab', 'abc', 'b', 'ba'], []],
    ['a repeat among ids of different lengths', ['a', 'ab', 'abc', 'abc'], ['5: duplicate transaction id "abc" (first on line 4)']],
    ['quoted ids among plain ones', ['a', '"b"', '"c""d"', 'e', '"e"'], ['6: duplicate transaction id "e" (first on line 5)']],
  ])('ids: %s', (_, ids, problems) => {
    const bytes = enc.encode([HEADER, ...ids.map((id, i) => `${id},2026-01-0${1 + (i % 9)},10,MYR,a,,new,12,,,,,`)].join('\n'));
    const got = read(bytes, undefined, PLAIN_CTX);
    expect(got).toEqual(reference(bytes, PLAIN_CTX));
    expect(got.problems.map((p) => `${p.line}: ${p.message}`)).toEqual(problems);
  });

  it('a file of many megabytes: new owners and values to the end, a repeat near the end, and a bad row', () => {
    // Larger than the bytes the WebAssembly reader is given at a time (a megabyte), in memory and
    // through the usual window, with values it meets for the first time all along.
    const rows: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const owner = i % 7 === 0 ? 'long-payee-id-0000001' : PAYEES[i % 4]!;
      rows.push(`t${String(i).padStart(6, '0')},2026-0${1 + (i % 3)}-1${i % 10},${(i * 7919) % 100000}.${i % 100},${i % 11 === 0 ? 'USD' : 'MYR'},${owner},,t${i % 997},p${i % 13},,,${i % 5},${i % 17 === 0 ? 'cancelled,2026-03-31' : 'won,'}`);
    }
    rows[40_000] = rows[40_000]!.replace(',MYR,', ',MYR ,');
    rows[55_000] = rows[54_999]!.replace(',2026-', ',2025-');
    const bytes = enc.encode([HEADER, ...rows].join('\n'));
    const ctx = { ...PLAIN_CTX, filtered: new Set(['type']) };
    const whole = read(bytes, undefined, ctx);
    expect(whole.problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['55002: duplicate transaction id "t054999" (first on line 55001)']);
    expect(read(bytes, { bytes: 1 << 20, steps: [1 << 20] }, ctx)).toEqual(whole);
    const mode = plainRecords;
    plainRecords = mode === 'wasm' ? 'typescript' : 'wasm';
    try {
      expect(read(bytes, undefined, ctx)).toEqual(whole);
    } finally {
      plainRecords = mode;
    }
    expect(whole.table!.rows[40_000]!.currency).toBe('MYR');
    expect(whole.table!.text[0]![1]).toHaveLength(997);
  });

  it.each([
    ['with a line break at the end', '\n'],
    ['without one', ''],
  ])('ids in the last column, short and long, %s', (_, end) => {
    const ids = ['a', 'b1', 'c12345678', 'd1234567890123456789', 'e', 'f', 'f'];
    const bytes = enc.encode(['date,amount,owner,id', ...ids.map((id, i) => `2026-01-0${1 + i},${i}.5,a,${id}`)].join('\n') + end);
    const got = read(bytes, undefined, PLAIN_CTX);
    expect(got).toEqual(reference(bytes, PLAIN_CTX));
    expect(got.problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['8: duplicate transaction id "f" (first on line 7)']);
  });

  it('takes plain records in WebAssembly when asked to', () => {
    // Owners are all known from the start; a currency or filtered value met for the first time
    // is read in TypeScript, which then tells the WebAssembly reader. A quarter of the rows are
    // split between two payees.
    const payees = PAYEES.filter((p) => !p.includes('"'));
    const rows: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const credit = i % 4 === 1 ? `,${payees[i % payees.length]}:60;${payees[(i + 1) % payees.length]}:40` : `${payees[i % payees.length]},`;
      // Quoted cells too, as CRM exports write them, in a compared column and an ignored one.
      const type = i % 3 === 2 ? `"t${i % 7}"` : `t${i % 7}`;
      const product = i % 2 === 1 ? `"p${i % 5}, Sdn Bhd"` : `p${i % 5}`;
      rows.push(`t${String(i).padStart(5, '0')},2026-02-1${i % 10},${i % 1000}.${i % 100},${i % 3 === 0 ? 'USD' : 'MYR'},${credit},${type},${product},,,${i % 4},won,`);
    }
    const problems: Problem[] = [];
    const file = readTransactions(enc.encode([HEADER, ...rows].join('\n')), new ProblemSink('transactions.csv', problems), PLAIN_CTX, { plainRecords });
    expect(problems).toEqual([]);
    expect(file?.table.splits.size).toBe(2500);
    // Rows 0–6, which bring the seven types (and the five products and USD), are read in
    // TypeScript, and a few after them while the WebAssembly reader waits (see readMany).
    if (mode === 'wasm') expect(file?.rowsInWasm).toBeGreaterThanOrEqual(10_000 - 20);
    else expect(file?.rowsInWasm).toBe(0);
  });
});
