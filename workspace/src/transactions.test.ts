import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TransactionTable } from '@prestasi/engine';
import { partsRead } from './parallel.js';
import { cutsOf } from './parallel-part.js';
import { type Problem, ProblemSink } from './problems.js';
import { referenceReadTransactions } from './test-support/transactions-reference.js';
import { readTransactions, type ReadTransactionsOptions, type TransactionsContext, type TransactionsRead } from './transactions.js';

const enc = new TextEncoder();
const PAYEES = ['a', 'b', 'c', 'ae-001', 'long-payee-id-0000001', 'q"x'];
const CTX: TransactionsContext = {
  baseCurrency: 'MYR',
  payeeIndex: new Map(PAYEES.map((p, i) => [p, i])),
  filtered: new Set(['type', 'product', 'missing']),
  summed: new Set(['units', 'product']),
};

/** Everything a table says, as plain data, so two tables compare with toEqual. */
function plain(read: TransactionsRead | undefined) {
  if (!read) return undefined;
  const t: TransactionTable = read.table;
  const rows = [];
  const decimal = (c: TransactionTable['amount'], r: number) => `${c.big.get(r) ?? c.mantissa[r]}e-${c.scale[r]}`;
  for (let r = 0; r < t.length; r++) {
    rows.push({
      line: read.lines[r],
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

function read(bytes: Uint8Array, options?: ReadTransactionsOptions) {
  const problems: Problem[] = [];
  const result = readTransactions(bytes, new ProblemSink('transactions.csv', problems), CTX, options);
  return { problems, table: plain(result) };
}

function reference(bytes: Uint8Array) {
  const problems: Problem[] = [];
  const result = referenceReadTransactions(bytes, new ProblemSink('transactions.csv', problems), CTX);
  return { problems, table: plain(result) };
}

/**
 * Forces reading in parts of `partBytes` on two threads, whatever the size, the calling thread
 * reading at most `frontParts` of them (the worker reads the rest).
 */
const parallel = (partBytes: number, frontParts = 1): ReadTransactionsOptions => ({ parallelMinBytes: 0, partBytes, frontParts });
const sequential: ReadTransactionsOptions = { parallelMinBytes: Infinity };

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
    quoted(cell(['100', '-2.50', '0.001', '1e3', '', '12345678901234567890.5', '1,5', '-0', '7.'])),
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

describe('readTransactions matches the reference reader exactly', () => {
  it('on one thread: same table, same problems in the same order', () => {
    fc.assert(
      fc.property(file, (text) => {
        const bytes = enc.encode(text);
        expect(read(bytes, sequential)).toEqual(reference(bytes));
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it('in parts on two threads: same table, same problems in the same order', () => {
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 6 }), (text, partBytes, frontParts) => {
        const bytes = enc.encode(text);
        expect(read(bytes, parallel(partBytes, frontParts))).toEqual(reference(bytes));
      }),
      { seed: 12, numRuns: 60 },
    );
  });
});

/** Files without a single problem, so that reading in parts joins instead of reading again. */
const cleanRow = fc
  .tuple(
    fc.constantFrom('2026-01-05', '2026-02-28', '2025-12-31'),
    fc.constantFrom('100', '-2.50', '0.001', '12345678901234567890.5', '" 7 "'),
    fc.constantFrom('', 'MYR', 'USD', ' SGD '),
    fc.constantFrom('a', 'b', 'ae-001', '"q""x"', 'long-payee-id-0000001'),
    fc.constantFrom('new', 'upsell', '', '"a ""q"""', 'é', 'a b', 'x!y#(1)', '" lead"'),
    fc.constantFrom('12', '1.5', ''),
    fc.constantFrom('', '2', '0.5'),
    fc.constantFrom('', '3', '4.75'),
    fc.constantFrom(',', 'cancelled,2026-03-01', 'won,', 'cancelled,2026-02-28'),
  )
  .map(([date, amount, currency, owner, type, product, quantity, units, status]) =>
    [date, amount, currency, owner, '', type, product, quantity, '', units, status].join(','),
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
        const want = reference(bytes);
        expect(want.problems).toEqual([]);
        expect(read(bytes, sequential)).toEqual(want);
      }),
      { seed: 14, numRuns: 200 },
    );
  });

  it('one bad cell among good rows: the same problems, on the same lines', () => {
    fc.assert(
      fc.property(cleanFile, fc.nat(), fc.constantFrom(',2026-02-30,', ',nobody,', ',1.2.3,', ',XYQ,', ',lost,', '"'), (text, at, bad) => {
        const lines = text.split('\n');
        const i = 1 + (at % Math.max(1, lines.length - 1));
        if (i >= lines.length) return;
        const cells = lines[i]!.split(',');
        if (cells.length < 12) return;
        const good = { ',2026-02-30,': 1, ',nobody,': 4, ',1.2.3,': 2, ',XYQ,': 3, ',lost,': 11, '"': 0 }[bad]!;
        cells[good] = bad === '"' ? `${cells[0]}"` : bad.slice(1, -1);
        lines[i] = cells.join(',');
        const bytes = enc.encode(lines.join('\n'));
        expect(read(bytes, sequential)).toEqual(reference(bytes));
      }),
      { seed: 15, numRuns: 200 },
    );
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
    const got = read(bytes, sequential);
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
    expect(read(bytes, sequential)).toEqual(reference(bytes));
  });
});

describe('reading in parts', () => {
  it('joins the parts of files without problems into exactly the table read on one thread', () => {
    const before = partsRead.joined;
    let runs = 0;
    fc.assert(
      fc.property(cleanFile, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 4 }), (text, partBytes, frontParts) => {
        const bytes = enc.encode(text);
        const want = reference(bytes);
        expect(want.problems).toEqual([]);
        expect(read(bytes, parallel(partBytes, frontParts))).toEqual(want);
        runs++;
      }),
      { seed: 13, numRuns: 40 },
    );
    // Most of them were joined from parts (a file of one part is read whole).
    expect(partsRead.joined - before).toBeGreaterThan(runs / 2);
  });

  const rows = (n: number, id = (i: number) => `t${String(i).padStart(5, '0')}`) =>
    Array.from({ length: n }, (_, i) => `${id(i)},2026-01-${String((i % 28) + 1).padStart(2, '0')},${i}.25,MYR,${PAYEES[i % 4]},,new,12,,,,,`);

  it('cuts just after a line feed, whatever is quoted', () => {
    const bytes = enc.encode(`${HEADER}\n"a\nb",2\n"c\n\nd"\n` + 'x\n'.repeat(20));
    const cuts = cutsOf(bytes, HEADER.length + 1, 3);
    expect(cuts[0]).toBe(HEADER.length + 1);
    expect(cuts.at(-1)).toBe(bytes.length);
    for (const c of cuts.slice(1, -1)) expect(bytes[c - 1]).toBe(0x0a);
  });

  it('a quoted line feed at a cut is found, and the file is read whole instead', () => {
    // Every line of the long quoted cell is a candidate cut.
    const note = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const text = [HEADER, ...rows(20), `q1,2026-01-02,5,MYR,a,,"${note}",12,,,,,`, ...rows(20, (i) => `u${i}`)].join('\n');
    const bytes = enc.encode(text);
    for (const partBytes of [1, 7, 16, 64]) expect(read(bytes, parallel(partBytes))).toEqual(reference(bytes));
    expect(reference(bytes).problems).toEqual([]);
  });

  it('the worker reads its parts, and the joined table is the same', () => {
    const bytes = enc.encode([HEADER, ...rows(500)].join('\n'));
    for (const frontParts of [0, 1, 3]) {
      const before = { ...partsRead };
      expect(read(bytes, parallel(1000, frontParts))).toEqual(reference(bytes));
      expect(partsRead.joined).toBe(before.joined + 1);
      expect(partsRead.workerParts).toBeGreaterThan(before.workerParts);
    }
  });

  it('a repeated id in different parts is reported with the line of its first use', () => {
    const text = [HEADER, ...rows(300), 't00007,2026-01-02,5,MYR,a,,new,12,,,,,'].join('\n');
    const bytes = enc.encode(text);
    const got = read(bytes, parallel(512));
    expect(got.problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['302: duplicate transaction id "t00007" (first on line 9)']);
    expect(got).toEqual(reference(bytes));
  });

  it('ids out of order in different parts are still checked for repeats', () => {
    const ids = rows(400, (i) => `t${String((i * 7919) % 400).padStart(5, '0')}`);
    const ok = enc.encode([HEADER, ...ids].join('\n'));
    expect(read(ok, parallel(256))).toEqual(reference(ok));
    expect(reference(ok).problems).toEqual([]);
    const repeated = enc.encode([HEADER, ...ids, ids[3]!].join('\n'));
    expect(read(repeated, parallel(256)).problems).toEqual(reference(repeated).problems);
    expect(reference(repeated).problems).toHaveLength(1);
  });

  it('problems in several parts come out in file order, each with its line', () => {
    const lines = rows(200);
    lines[10] = lines[10]!.replace('2026-01-', '2026-13-');
    lines[150] = lines[150]!.replace(',MYR,', ',XYQ,');
    lines[190] = lines[190]!.replace(',c,,', ',nobody,,');
    const bytes = enc.encode([HEADER, ...lines].join('\r\n'));
    const got = read(bytes, parallel(300));
    expect(got).toEqual(reference(bytes));
    expect(got.problems.map((p) => p.line)).toEqual([12, 152, 192]);
  });

  it('codes of text and currencies first seen in later parts keep file order', () => {
    const lines = rows(300).map((l, i) => (i > 250 ? l.replace(',MYR,', ',USD,').replace(',new,', ',late,') : l));
    const bytes = enc.encode([HEADER, ...lines].join('\n'));
    expect(read(bytes, parallel(400))).toEqual(reference(bytes));
  });
});
