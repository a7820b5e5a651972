import type { Day } from './day.js';
import type { Plan } from './plan.js';
import type { Rational, RoundingMode } from './rational.js';

export interface Settings {
  readonly currency: string;
  readonly fiscalYearStart: number;
  readonly rounding: RoundingMode;
}

export interface Payee {
  readonly id: string;
  readonly name: string;
  /** Index into the input's payees of this payee's manager, or -1. */
  readonly manager: number;
}

export interface Assignment {
  readonly payee: number;
  readonly plan: string;
  readonly from: Day;
  /** Inclusive last day, or `undefined` when open-ended. */
  readonly to: Day | undefined;
}

export interface Quota {
  readonly payee: number;
  readonly period: string;
  readonly measure: string;
  readonly amount: Rational;
}

export interface FxRate {
  readonly date: Day;
  readonly currency: string;
  readonly rate: Rational;
}

export interface Adjustment {
  readonly payee: number;
  readonly period: string;
  /** The plan the adjustment belongs to, resolved by the caller when the file left it out. */
  readonly plan: string;
  readonly amount: Rational;
  readonly reason: string;
}

/**
 * A column of exact decimals kept as `mantissa × 10^-scale`: a double holds the mantissa
 * exactly up to 15 digits, and the rare longer ones live in `big`. This keeps a million amounts
 * in 9 MB without a single object per row.
 */
export interface DecimalColumn {
  readonly mantissa: Float64Array;
  readonly scale: Uint16Array;
  readonly big: ReadonlyMap<number, bigint>;
}

/** Text cells of one column, interned: `codes[row]` indexes `values` (trimmed text as written). */
export interface TextColumn {
  readonly codes: Int32Array;
  readonly values: readonly string[];
}

/** Transaction ids; a reader may keep them as offsets into the file and decode on demand. */
export interface IdColumn {
  get(row: number): string;
  /** Rows `a` and `b` by their ids' code points (below, at or above 0), where a column can say without decoding them. */
  compare?(a: number, b: number): number;
  /** Every row's id is above the one of the row before it (code points): rows compare as their ids do. */
  readonly ascending?: boolean;
}

export interface Split {
  readonly payee: number;
  /** The fraction of the transaction credited (60% is 3/5). */
  readonly share: Rational;
}

/**
 * Transactions in columns, not objects: the engine reads a million rows without allocating
 * per row. Row order carries no meaning.
 */
export interface TransactionTable {
  readonly length: number;
  readonly id: IdColumn;
  readonly date: Int32Array;
  readonly amount: DecimalColumn;
  readonly margin: DecimalColumn;
  readonly quantity: DecimalColumn;
  /** Index into `currencies` of each row's currency. */
  readonly currency: Uint16Array;
  readonly currencies: readonly string[];
  /** Payee index credited 100%, or -1 when the row has splits. */
  readonly owner: Int32Array;
  readonly splits: ReadonlyMap<number, readonly Split[]>;
  /** Rows with `status: cancelled`, each with its cancel day. */
  readonly cancelled: ReadonlyMap<number, Day>;
  /** Text of the columns that filters refer to. */
  readonly text: ReadonlyMap<string, TextColumn>;
  /** Numeric attribute columns that measures sum. */
  readonly numbers: ReadonlyMap<string, DecimalColumn>;
}

export interface EngineInput {
  readonly settings: Settings;
  readonly payees: readonly Payee[];
  readonly plans: readonly Plan[];
  readonly assignments: readonly Assignment[];
  readonly quotas: readonly Quota[];
  readonly fx: readonly FxRate[];
  readonly adjustments: readonly Adjustment[];
  readonly transactions: TransactionTable;
}
