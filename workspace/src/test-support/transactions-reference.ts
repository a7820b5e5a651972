/**
 * The transactions.csv reader as it was before the reading was split into parts and threads
 * (commit 56f5993), kept as the reference the current reader must match exactly: the same table
 * and the same problems, in the same order, for any file.
 */
import { type DecimalColumn, isCurrencyCode, type Split, type TextColumn } from '@prestasi/engine';
import { type DecimalOut, newDecimalOut } from '../scalars.js';
import type { ProblemSink } from '../problems.js';
import { RowLines } from '../row-lines.js';
import { Table } from '../table.js';
import { clip, parseSplits, type TransactionsContext, type TransactionsRead } from '../transactions.js';

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
export function referenceReadTransactions(bytes: Uint8Array, sink: ProblemSink, ctx: TransactionsContext): TransactionsRead | undefined {
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
  const ids = new ReferenceIdColumn(c);
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
    lines: RowLines.of(lines.subarray(0, row)),
  };


}


import type { CsvCursor } from '../csv.js';

/**
 * Transaction ids kept as offsets into the file, with a byte-level hash set for uniqueness: a
 * million ids cost two Int32Arrays instead of a million strings and a million-entry Map. Text
 * is decoded only for the ids that appear in output.
 */
class ReferenceIdColumn {
  private starts: Int32Array = new Int32Array(1024);
  private ends: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(1024);
  /** Ids that had to be decoded (escaped quotes): row → text. */
  private readonly special = new Map<number, string>();
  private readonly specialRows = new Map<string, number>();
  /** Open addressing: row + 1, 0 for an empty slot. */
  private slots: Int32Array = new Int32Array(2048);
  private size = 0;
  private readonly span = new Int32Array(2);

  constructor(private readonly cursor: CsvCursor) {}

  /**
   * Records the id in field `column` of the cursor's current record as row `row`. Returns the
   * earlier row with the same id, -1 if it is new, or -2 when the id is empty.
   */
  add(row: number, column: number): number {
    if (row >= this.starts.length) this.growRows(row);
    const c = this.cursor;
    if (!c.span(column, this.span)) {
      const text = c.trimmed(column);
      if (text === '') return -2;
      this.special.set(row, text);
      const first = this.specialRows.get(text);
      if (first !== undefined) return first;
      this.specialRows.set(text, row);
      this.starts[row] = this.ends[row] = 0;
      return -1;
    }
    const s = this.span[0]!;
    const e = this.span[1]!;
    if (s === e) return -2;
    this.starts[row] = s;
    this.ends[row] = e;
    const bytes = this.cursor.window;
    let h = 0x811c9dc5;
    for (let p = s; p < e; p++) h = Math.imul(h ^ bytes[p]!, 0x01000193);
    this.hashes[row] = h;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const other = this.slots[i]! - 1;
      if (other < 0) {
        this.slots[i] = row + 1;
        if (++this.size * 2 > this.slots.length) this.rehash();
        return -1;
      }
      if (this.hashes[other] === h && sameBytes(bytes, s, e, this.starts[other]!, this.ends[other]!)) {
        return other;
      }
    }
  }

  get(row: number): string {
    return this.special.get(row) ?? this.cursor.slice(this.starts[row]!, this.ends[row]!);
  }

  private growRows(row: number): void {
    let n = this.starts.length * 2;
    while (n <= row) n *= 2;
    for (const key of ['starts', 'ends', 'hashes'] as const) {
      const next = new Int32Array(n);
      next.set(this[key]);
      this[key] = next;
    }
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      let i = this.hashes[entry - 1]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = entry;
    }
    this.slots = slots;
  }
}

function sameBytes(a: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) if (a[s1 + i] !== a[s2 + i]) return false;
  return true;
}
