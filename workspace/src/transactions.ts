import { type DecimalColumn, isCurrencyCode, Rational, type Split, type TextColumn, type TransactionTable } from '@prestasi/engine';
import { type DecimalOut, newDecimalOut, parseDecimal } from './scalars.js';
import type { ProblemSink } from './problems.js';
import { IdColumn } from './ids.js';
import { Table } from './table.js';

export interface TransactionsRead {
  readonly table: TransactionTable;
  /** Physical line of each row, to point problems found later at the file. */
  readonly lines: Int32Array;
}

export interface TransactionsContext {
  readonly baseCurrency: string;
  readonly payeeIndex: ReadonlyMap<string, number>;
  /** Columns some `where` filter compares. */
  readonly filtered: ReadonlySet<string>;
  /** Attribute columns some measure sums. */
  readonly summed: ReadonlySet<string>;
}

/** Just the header, so plans can be checked against the columns before the rows are read. */
export function transactionColumns(bytes: Uint8Array, sink: ProblemSink): Set<string> | undefined {
  const table = Table.open(bytes, sink, ['id', 'date', 'amount']);
  return table && new Set(table.header);
}

/** A growable column of exact decimals (see `DecimalColumn`). */
class DecimalBuilder {
  mantissa: Float64Array = new Float64Array(1024);
  scale: Uint16Array = new Uint16Array(1024);
  readonly big = new Map<number, bigint>();

  set(row: number, d: DecimalOut): void {
    if (row >= this.mantissa.length) {
      this.mantissa = grow(this.mantissa, row) as Float64Array;
      this.scale = grow(this.scale, row) as Uint16Array;
    }
    this.mantissa[row] = d.mantissa;
    this.scale[row] = d.scale;
    if (d.big !== undefined) this.big.set(row, d.big);
  }

  build(length: number): DecimalColumn {
    return { mantissa: this.mantissa.slice(0, length), scale: this.scale.slice(0, length), big: this.big };
  }
}

class TextBuilder {
  codes: Int32Array = new Int32Array(1024);
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  set(row: number, text: string): void {
    if (row >= this.codes.length) this.codes = grow(this.codes, row) as Int32Array;
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(text);
      this.index.set(text, code);
    }
    this.codes[row] = code;
  }

  build(length: number): TextColumn {
    return { codes: this.codes.slice(0, length), values: this.values };
  }
}

function grow<T extends Float64Array | Uint16Array | Int32Array | Uint8Array>(a: T, row: number): T {
  let size = a.length * 2;
  while (size <= row) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

const ONE: DecimalOut = { mantissa: 1, scale: 0, big: undefined };
const ZERO: DecimalOut = { mantissa: 0, scale: 0, big: undefined };

/**
 * Reads transactions.csv into columns, checking every cell the spec constrains. Text is kept
 * only for the columns filters compare, and numbers go straight from bytes to scaled integers.
 */
export function readTransactions(bytes: Uint8Array, sink: ProblemSink, ctx: TransactionsContext): TransactionsRead | undefined {
  const t = Table.open(bytes, sink, ['id', 'date', 'amount']);
  if (!t) return undefined;
  const col = {
    id: t.index('id'),
    date: t.index('date'),
    amount: t.index('amount'),
    currency: t.index('currency'),
    owner: t.index('owner'),
    splits: t.index('splits'),
    quantity: t.index('quantity'),
    margin: t.index('margin'),
    status: t.index('status'),
    cancelDate: t.index('cancel_date'),
  };
  const c = t.cursor;
  const ids = new IdColumn(c);
  let dates: Int32Array = new Int32Array(1024);
  let lines: Int32Array = new Int32Array(1024);
  let owners: Int32Array = new Int32Array(1024);
  let currencyCodes: Uint16Array = new Uint16Array(1024);
  const currencies: string[] = [ctx.baseCurrency];
  const currencyIndex = new Map<string, number>([[ctx.baseCurrency, 0]]);
  const amount = new DecimalBuilder();
  const margin = new DecimalBuilder();
  const quantity = new DecimalBuilder();
  const splits = new Map<number, Split[]>();
  const cancelled = new Map<number, number>();
  const text = [...ctx.filtered].filter((f) => t.index(f) >= 0).map((f) => ({ name: f, column: t.index(f), builder: new TextBuilder() }));
  const numbers = [...ctx.summed]
    .filter((f) => t.index(f) >= 0)
    .map((f) => ({ name: f, column: t.index(f), builder: new DecimalBuilder() }));
  const d = newDecimalOut();
  let row = 0;
  const readOptionalDecimal = (column: number, absent: DecimalOut, builder: DecimalBuilder, name: string): void => {
    if (column < 0 || c.isEmpty(column)) builder.set(row, absent);
    else if (c.decimal(column, d)) builder.set(row, d);
    else {
      sink.error(c.line, `${name} must be a plain decimal number, not "${clip(t.text(column))}"`);
      builder.set(row, absent);
    }
  };
  while (t.next()) {
    if (t.malformed) continue;
    const line = c.line;
    if (row >= dates.length) {
      dates = grow(dates, row);
      lines = grow(lines, row);
      owners = grow(owners, row);
      currencyCodes = grow(currencyCodes, row);
    }
    lines[row] = line;
    const first = ids.add(row, col.id);
    if (first === -2) sink.error(line, 'id is required');
    else if (first >= 0) sink.error(line, `duplicate transaction id "${clip(ids.get(row))}" (first on line ${lines[first]})`);
    const date = c.date(col.date);
    if (Number.isNaN(date)) sink.error(line, `date must be a date YYYY-MM-DD, not "${t.text(col.date)}"`);
    dates[row] = date;
    if (!c.decimal(col.amount, d)) {
      sink.error(line, c.isEmpty(col.amount) ? 'amount is required' : `amount must be a plain decimal number, not "${clip(t.text(col.amount))}"`);
      amount.set(row, ZERO);
    } else amount.set(row, d);
    let currencyCode = 0;
    if (col.currency >= 0 && !c.isEmpty(col.currency)) {
      const code = t.text(col.currency);
      let index = currencyIndex.get(code);
      if (index === undefined) {
        if (!isCurrencyCode(code)) sink.error(line, `unknown ISO 4217 currency "${clip(code)}"`);
        else {
          index = currencies.length;
          currencies.push(code);
          currencyIndex.set(code, index);
        }
      }
      currencyCode = index ?? 0;
    }
    currencyCodes[row] = currencyCode;
    owners[row] = -1;
    const hasOwner = col.owner >= 0 && !c.isEmpty(col.owner);
    const hasSplits = col.splits >= 0 && !c.isEmpty(col.splits);
    if (hasOwner && hasSplits) sink.error(line, 'give either owner or splits, not both');
    else if (hasOwner) {
      const owner = t.text(col.owner);
      const index = ctx.payeeIndex.get(owner);
      if (index === undefined) sink.error(line, `owner "${clip(owner)}" is not a payee in payees.csv`);
      else owners[row] = index;
    } else if (hasSplits) {
      const parsed = parseSplits(t.text(col.splits), ctx.payeeIndex);
      if (typeof parsed === 'string') sink.error(line, `splits: ${parsed}`);
      else splits.set(row, parsed);
    } else sink.error(line, 'owner or splits is required');
    readOptionalDecimal(col.quantity, ONE, quantity, 'quantity');
    readOptionalDecimal(col.margin, ZERO, margin, 'margin');
    for (const n of numbers) readOptionalDecimal(n.column, ZERO, n.builder, n.name);
    const status = t.text(col.status);
    const hasCancelDate = col.cancelDate >= 0 && !c.isEmpty(col.cancelDate);
    if (status === 'cancelled') {
      if (!hasCancelDate) sink.error(line, 'a cancelled transaction needs cancel_date');
      else {
        const cancelDay = c.date(col.cancelDate);
        if (Number.isNaN(cancelDay)) sink.error(line, `cancel_date must be a date YYYY-MM-DD, not "${clip(t.text(col.cancelDate))}"`);
        else if (!Number.isNaN(date) && cancelDay < date) sink.error(line, 'cancel_date is before date');
        else cancelled.set(row, cancelDay);
      }
    } else {
      if (status !== '' && status !== 'won') sink.error(line, `status must be won or cancelled, not "${clip(status)}"`);
      if (hasCancelDate) sink.error(line, 'cancel_date is only allowed on a cancelled transaction');
    }
    for (const f of text) f.builder.set(row, t.text(f.column));
    row++;
  }
  return {
    table: {
      length: row,
      id: ids,
      date: dates.slice(0, row),
      amount: amount.build(row),
      margin: margin.build(row),
      quantity: quantity.build(row),
      currency: currencyCodes.slice(0, row),
      currencies,
      owner: owners.slice(0, row),
      splits,
      cancelled,
      text: new Map(text.map((f) => [f.name, f.builder.build(row)])),
      numbers: new Map(numbers.map((n) => [n.name, n.builder.build(row)])),
    },
    lines: lines.slice(0, row),
  };


}

/** `payeeA:60;payeeB:40` → shares, or the reason it is invalid. */
export function parseSplits(text: string, payees: ReadonlyMap<string, number>): Split[] | string {
  const out: Split[] = [];
  const seen = new Set<number>();
  let total = Rational.ZERO;
  for (const part of text.split(';')) {
    const colon = part.lastIndexOf(':');
    if (colon < 0) return `"${clip(part)}" must be payee:percentage`;
    const id = part.slice(0, colon).trim();
    const pctText = part.slice(colon + 1).trim();
    const d = newDecimalOut();
    if (!parseDecimal(pctText, d)) return `percentage "${clip(pctText)}" of ${clip(id)} is not a plain decimal`;
    const pct = Rational.parse(pctText);
    if (!pct || pct.sign() <= 0) return `percentage of ${clip(id)} must be positive`;
    const payee = payees.get(id);
    if (payee === undefined) return `"${clip(id)}" is not a payee in payees.csv`;
    if (seen.has(payee)) return `${clip(id)} appears twice`;
    seen.add(payee);
    total = total.add(pct);
    out.push({ payee, share: pct.div(Rational.fromInt(100)) });
  }
  if (!total.eq(Rational.fromInt(100))) return `percentages add up to ${total.toString()}, not 100`;
  return out;
}

/** Keeps hostile cells (a 10 MB value) out of error messages. */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
