import { isCurrencyCode, Rational } from '@prestasi/engine';
import { CsvCursor } from '@prestasi/workspace';
import { parseAmount } from './amounts.js';
import { parseDate } from './dates.js';
import { type ColumnField, type CrmMapping, columnNames, DEFAULT_STAGES, fold, type ValueField } from './mapping.js';
import type { PayeeDirectory, PayeeMatch } from './payees.js';

/** One problem with one row (or, at row 1, with the header): enough to find and fix it. */
export interface RowError {
  /** 1-based physical line of the CSV file where the row starts (the header is line 1). */
  readonly row: number;
  /** The CSV column the value came from, as the file names it; null for the row as a whole. */
  readonly column: string | null;
  readonly value: string | null;
  readonly message: string;
}

export interface SkippedRow {
  readonly row: number;
  /** The transaction id the row would have had, when it has one. */
  readonly id: string | null;
  readonly reason: string;
}

export interface SplitShare {
  readonly payee: string;
  readonly percent: string;
}

/**
 * A deal as the file gives it, in the transactions table's terms. Optional fields are
 * `undefined` when the mapping does not provide them: an update then leaves them as they are.
 */
export interface Deal {
  readonly row: number;
  readonly id: string;
  readonly date: string;
  readonly amount: string;
  readonly currency: string | null | undefined;
  readonly owner: string | null;
  readonly splits: readonly SplitShare[];
  readonly quantity: string | null | undefined;
  readonly margin: string | null | undefined;
  readonly type: string | null | undefined;
  readonly product: string | null | undefined;
  /** null: won. */
  readonly status: 'cancelled' | null;
  readonly cancelDate: string | null;
  /** The mapping's attributes found in the file; null removes the attribute. */
  readonly attributes: Readonly<Record<string, string | null>>;
}

export interface DealSink {
  error(error: RowError): void;
  skip(skipped: SkippedRow): void;
}

/** Deals per chunk: one round trip to read what exists, one to write. */
export const CHUNK_ROWS = 5000;

const OWNER_FIELDS = ['owner_email', 'owner_name', 'owner'] as const;
const CURRENCY_CELL = /^([A-Za-z]{3})(?:\s*[-–]\s*.*)?$/;
const PERCENT = /^\d+(?:\.\d+)?$/;
/** Distinct dates or stages remembered at most (a hostile file may have millions). */
const MEMO_LIMIT = 10_000;
const NO_SPLITS: readonly SplitShare[] = Object.freeze([]);

/**
 * Reads a CRM export with a mapping: every row becomes a deal, a skipped row (a stage that
 * is not won, a lost deal without a cancel date) or errors, reported to the sink. The file is
 * read in chunks, so a million rows never sit in memory at once.
 */
export class DealReader {
  /** Number of data rows read (skipped and invalid ones included; blank ones not). */
  rows = 0;
  /** Attribute names the file provides. */
  readonly attributeNames: readonly string[];
  private readonly cursor: CsvCursor;
  private readonly column = new Map<ColumnField, number>();
  private readonly attributeColumns: readonly (readonly [string, number])[];
  private readonly seen = new Map<string, number>();
  private readonly won: ReadonlySet<string>;
  private readonly cancelled: ReadonlySet<string>;
  private readonly usable: boolean;

  constructor(
    bytes: Uint8Array,
    private readonly mapping: CrmMapping,
    private readonly payees: PayeeDirectory,
    private readonly sink: DealSink,
  ) {
    this.cursor = new CsvCursor(bytes);
    const index = new Map<string, number>();
    this.cursor.header.forEach((name, i) => {
      const key = fold(name);
      if (key !== '' && !index.has(key)) index.set(key, i);
    });
    const find = (names: readonly string[]) => names.map((n) => index.get(fold(n))).find((i) => i !== undefined);
    for (const [field, names] of Object.entries(mapping.columns) as [ColumnField, string | readonly string[] | undefined][]) {
      const i = find(columnNames(names));
      if (i !== undefined) this.column.set(field, i);
    }
    const attributes: [string, number][] = [];
    for (const [name, names] of Object.entries(mapping.attributes ?? {})) {
      const i = find(columnNames(names));
      if (i !== undefined) attributes.push([name, i]);
    }
    this.attributeColumns = attributes;
    this.attributeNames = attributes.map(([name]) => name);
    const stages = mapping.stages ?? DEFAULT_STAGES;
    this.won = new Set(stages.won.map(fold));
    this.cancelled = new Set(stages.cancelled.map(fold));
    this.usable = this.checkHeader();
  }

  /** Whether the file gives a field a value (a column, or a fixed or default value). */
  provides(field: ValueField): boolean {
    return this.column.has(field) || this.mapping.fixed?.[field] !== undefined || this.mapping.defaults?.[field] !== undefined;
  }

  *chunks(size = CHUNK_ROWS): Generator<Deal[]> {
    if (!this.usable) return;
    const c = this.cursor;
    const width = c.header.length;
    let footerAt = Number.MAX_SAFE_INTEGER;
    // Blank records are skipped, so their field count means nothing (Salesforce writes `""` before its footer).
    const blankLines = new Set<number>();
    let chunk: Deal[] = [];
    while (c.next()) {
      if (this.blank()) {
        if (c.fieldCount !== width) blankLines.add(c.line);
        continue;
      }
      // The Salesforce footer: one-cell records after the data ("Opportunity Report", "Generated By: …").
      if (this.mapping.reportFooter === true && c.fieldCount === 1 && width > 1) {
        footerAt = c.line;
        break;
      }
      this.rows++;
      const deal = this.read();
      if (deal !== undefined) chunk.push(deal);
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
    for (const p of c.problems) {
      if (p.line < footerAt && !blankLines.has(p.line)) this.sink.error({ row: p.line, column: null, value: null, message: p.message });
    }
    if (chunk.length > 0) yield chunk;
  }

  /** Reports what the header lacks; false when no row can be read. */
  private checkHeader(): boolean {
    if (this.cursor.header.length === 0) {
      this.sink.error({ row: 1, column: null, value: null, message: 'the file is empty: it needs a header row' });
      return false;
    }
    let ok = true;
    for (const field of ['id', 'date', 'amount'] as const) {
      if (!this.column.has(field)) {
        ok = false;
        const names = columnNames(this.mapping.columns[field]);
        this.sink.error({ row: 1, column: names.join(' | '), value: null, message: `the file has no ${names.map((n) => `"${n}"`).join(' or ')} column for the ${field}` });
      }
    }
    const owners = ['owner_email', 'owner_name', 'owner', 'splits'] as const;
    if (!owners.some((f) => this.column.has(f)) && this.fixedOrDefault('owner') === undefined) {
      ok = false;
      const names = owners.flatMap((f) => columnNames(this.mapping.columns[f]));
      this.sink.error({ row: 1, column: names.join(' | '), value: null, message: `the file has no owner column (${names.map((n) => `"${n}"`).join(', ')})` });
    }
    return ok;
  }

  private fixedOrDefault(field: ValueField): string | undefined {
    return this.mapping.fixed?.[field] ?? this.mapping.defaults?.[field];
  }

  private blank(): boolean {
    const c = this.cursor;
    for (let i = 0; i < c.fieldCount; i++) if (!c.isEmpty(i)) return false;
    return true;
  }

  private cell(field: ColumnField): string {
    const i = this.column.get(field);
    if (i === undefined) return '';
    const text = this.cursor.trimmed(i);
    // Spreadsheets pad with no-break spaces, which the cursor's ASCII trim leaves; the check keeps the common case cheap.
    return text !== '' && (text.charCodeAt(0) > 0x7f || text.charCodeAt(text.length - 1) > 0x7f) ? text.trim() : text;
  }

  /** The value of a field for this row: fixed, else the cell, else the default; undefined when none. */
  private value(field: ValueField): string | undefined {
    const fixed = this.mapping.fixed?.[field];
    if (fixed !== undefined) return fixed;
    const cell = this.cell(field);
    if (cell !== '') return cell;
    return this.mapping.defaults?.[field] ?? (this.column.has(field) ? '' : undefined);
  }

  private header(field: ColumnField): string | null {
    const i = this.column.get(field);
    return i === undefined ? null : (this.cursor.header[i] ?? null);
  }

  /** One row: a deal, or undefined when it was skipped or had errors (reported). */
  private read(): Deal | undefined {
    const row = this.cursor.line;
    this.row = row;
    const fail = this.fail;

    const external = this.cell('id');
    let id: string | null = null;
    if (external === '') fail('id', '', 'the id is empty');
    else {
      id = this.mapping.idPrefix === '' ? external : `${this.mapping.idPrefix}:${external}`;
      const first = this.seen.get(id);
      if (first !== undefined) fail('id', external, `the id appears twice in the file (first on row ${first})`);
      else this.seen.set(id, row);
    }

    // The stage first: rows that will be skipped are not checked any further.
    let status: 'cancelled' | null = null;
    const stage = this.value('stage');
    if (stage !== undefined) {
      const kind = this.stageKind(stage);
      if (kind === 'cancelled') status = 'cancelled';
      else if (kind === 'other') {
        if (this.rowErrors.length > 0) return this.flush();
        this.sink.skip({ row, id, reason: stage === '' ? 'the stage is empty' : `stage "${clip(stage)}" is neither won nor cancelled` });
        return undefined;
      }
    }
    const cancelText = this.cell('cancel_date');
    if (status === 'cancelled' && cancelText === '') {
      if (this.rowErrors.length > 0) return this.flush();
      this.sink.skip({ row, id, reason: `stage "${clip(stage ?? '')}" is a lost or cancelled deal without a cancel date: nothing to credit or claw back` });
      return undefined;
    }

    const dateText = this.cell('date');
    const date = this.date(dateText);
    if (date === undefined) fail('date', dateText, dateText === '' ? 'the date is empty' : `not a date in the layout ${this.mapping.dateFormat}`);

    const amountText = this.cell('amount');
    const amount = parseAmount(amountText, this.mapping.decimalSeparator);
    if (!amount.ok) fail('amount', amountText, `not an amount: ${amount.reason}`);

    const currency = this.currency(amount.ok ? amount.currency : undefined, fail);
    const credit = this.credit(fail);
    const quantity = this.number('quantity', fail);
    const margin = this.number('margin', fail);

    let cancelDate: string | null = null;
    if (cancelText !== '') {
      const parsed = this.date(cancelText);
      if (parsed === undefined) fail('cancel_date', cancelText, `not a date in the layout ${this.mapping.dateFormat}`);
      else if (status !== 'cancelled') fail('cancel_date', cancelText, 'a cancel date is only allowed on a cancelled (lost) deal');
      else if (date !== undefined && parsed < date) fail('cancel_date', cancelText, `the cancel date is before the date ${date}`);
      else cancelDate = parsed;
    }

    const type = this.text('type', fail);
    const product = this.text('product', fail);
    const attributes: Record<string, string | null> = {};
    for (const [name, i] of this.attributeColumns) {
      const value = this.cursor.trimmed(i);
      if (value.includes('\u0000')) fail(null, null, `attribute ${name} holds a NUL character, which the database cannot store`);
      attributes[name] = value === '' ? null : value;
    }
    if (id?.includes('\u0000')) fail('id', external, 'the id holds a NUL character, which the database cannot store');

    if (this.rowErrors.length > 0 || id === null || date === undefined || !amount.ok || credit === undefined) return this.flush();
    return { row, id, date, amount: amount.value, currency, owner: credit.owner, splits: credit.splits, quantity, margin, type, product, status, cancelDate, attributes };
  }

  /** The row being read, and its errors so far: one array for the whole file, not one per row. */
  private row = 0;
  private rowErrors: RowError[] = [];
  private readonly fail = (field: ColumnField | null, value: string | null, message: string): void => {
    this.rowErrors.push({ row: this.row, column: field === null ? null : this.header(field), value: value === null ? null : clip(value), message });
  };

  /** Dates and stages repeat (a year has 365 days): each distinct text is read once. */
  private readonly dates = new Map<string, string | undefined>();
  private readonly stages = new Map<string, 'won' | 'cancelled' | 'other'>();

  private date(text: string): string | undefined {
    if (this.dates.has(text)) return this.dates.get(text);
    const day = parseDate(text, this.mapping.dateFormat);
    if (this.dates.size >= MEMO_LIMIT) this.dates.clear();
    this.dates.set(text, day);
    return day;
  }

  private stageKind(stage: string): 'won' | 'cancelled' | 'other' {
    let kind = this.stages.get(stage);
    if (kind === undefined) {
      const key = fold(stage);
      kind = this.cancelled.has(key) ? 'cancelled' : this.won.has(key) ? 'won' : 'other';
      if (this.stages.size >= MEMO_LIMIT) this.stages.clear();
      this.stages.set(stage, kind);
    }
    return kind;
  }

  private flush(): undefined {
    for (const e of this.rowErrors) this.sink.error(e);
    this.rowErrors = [];
    return undefined;
  }

  /** The cell's (or the fixed) currency, which an ISO code printed in the amount must agree with; else the amount's code; else the default. */
  private currency(fromAmount: string | undefined, fail: (f: ColumnField, v: string, m: string) => void): string | null | undefined {
    const cell = this.cell('currency');
    const given = this.mapping.fixed?.currency ?? (cell === '' ? undefined : cell);
    let code: string | undefined;
    if (given !== undefined) {
      const m = CURRENCY_CELL.exec(given);
      code = m === null ? undefined : m[1]!.toUpperCase();
      if (code === undefined || !isCurrencyCode(code)) {
        fail('currency', given, 'not an ISO 4217 currency code');
        return undefined;
      }
      if (fromAmount !== undefined && code !== fromAmount) {
        fail('amount', fromAmount, `the amount is in ${fromAmount} but the currency is ${code}`);
        return undefined;
      }
    }
    const currency = code ?? fromAmount ?? this.mapping.defaults?.currency;
    if (currency !== undefined) return currency;
    return this.column.has('currency') ? null : undefined;
  }

  /** The owner, or the splits when the row has them (a CRM always has an owner; splits are the exception). */
  private credit(fail: (f: ColumnField | null, v: string | null, m: string) => void): { owner: string | null; splits: readonly SplitShare[] } | undefined {
    const splitsText = this.cell('splits');
    if (splitsText !== '') {
      const splits = this.splits(splitsText);
      if (typeof splits === 'string') {
        fail('splits', splitsText, splits);
        return undefined;
      }
      return { owner: null, splits };
    }
    const fixed = this.mapping.fixed?.owner;
    if (fixed !== undefined) return this.fallbackOwner(fixed, fail);
    const tried: string[] = [];
    let firstField: ColumnField | undefined;
    let firstValue = '';
    for (const field of OWNER_FIELDS) {
      const value = this.cell(field);
      if (value === '') continue;
      const match: PayeeMatch = field === 'owner_email' ? this.payees.byEmail(value) : field === 'owner_name' ? this.payees.byName(value) : this.payees.byAny(value);
      if ('id' in match) return { owner: match.id, splits: NO_SPLITS };
      tried.push(match.error);
      if (firstField === undefined) {
        firstField = field;
        firstValue = value;
      }
    }
    if (firstField !== undefined) {
      fail(firstField, firstValue, `the owner is unknown: ${tried.join('; ')}`);
      return undefined;
    }
    // A default is for rows whose owner cells are all empty, never for owners that match no one.
    const fallback = this.mapping.defaults?.owner;
    if (fallback !== undefined) return this.fallbackOwner(fallback, fail);
    fail(OWNER_FIELDS.find((f) => this.column.has(f)) ?? 'owner', '', 'the deal has no owner');
    return undefined;
  }

  private fallbackOwner(text: string, fail: (f: ColumnField | null, v: string | null, m: string) => void): { owner: string; splits: readonly SplitShare[] } | undefined {
    const match = this.payees.byAny(text);
    if ('id' in match) return { owner: match.id, splits: NO_SPLITS };
    fail(null, text, `the mapping's owner is unknown: ${match.error}`);
    return undefined;
  }

  /** `who:60;who:40`, who being a payee id, email or name: the workspace's rules, exactly. */
  private splits(text: string): SplitShare[] | string {
    const shares: SplitShare[] = [];
    const seen = new Set<string>();
    let total = Rational.ZERO;
    for (const part of text.split(';')) {
      const colon = part.lastIndexOf(':');
      if (colon < 0) return `"${clip(part)}" must be payee:percentage`;
      const who = part.slice(0, colon).trim();
      const percent = part.slice(colon + 1).trim().replace(/\s*%$/, '');
      if (!PERCENT.test(percent)) return `the percentage "${clip(percent)}" of ${clip(who)} is not a plain decimal`;
      const share = Rational.parse(percent);
      if (share === undefined || share.sign() <= 0) return `the percentage of ${clip(who)} must be positive`;
      const match = this.payees.byAny(who);
      if ('error' in match) return `unknown payee: ${match.error}`;
      if (seen.has(match.id)) return `${match.id} appears twice`;
      seen.add(match.id);
      total = total.add(share);
      shares.push({ payee: match.id, percent });
    }
    if (!total.eq(Rational.fromInt(100))) return `the percentages add up to ${total.toString()}, not 100`;
    return shares;
  }

  private number(field: 'quantity' | 'margin', fail: (f: ColumnField, v: string, m: string) => void): string | null | undefined {
    const text = this.value(field);
    if (text === undefined || text === '') return text === undefined ? undefined : null;
    const parsed = parseAmount(text, this.mapping.decimalSeparator);
    if (!parsed.ok) {
      fail(field, text, `not a number: ${parsed.reason}`);
      return undefined;
    }
    return parsed.value;
  }

  private text(field: 'type' | 'product', fail: (f: ColumnField, v: string, m: string) => void): string | null | undefined {
    const text = this.value(field);
    if (text === undefined || text === '') return text === undefined ? undefined : null;
    if (text.includes('\u0000')) fail(field, text, 'holds a NUL character, which the database cannot store');
    return text;
  }
}

/** Values quoted in messages are cut short: a hostile cell may be megabytes long. */
export function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
