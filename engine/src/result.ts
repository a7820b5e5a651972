import type { Day } from './day.js';
import type { Rational } from './rational.js';

/** Money is an integer count of the currency's minor unit (sen for MYR). */
export type Minor = bigint;

export interface LineResult {
  /** The transaction the line is for; absent on a bonus or formula line. */
  readonly transaction: string | undefined;
  readonly amount: Minor;
  readonly explanation: string | undefined;
}

export interface ComponentResult {
  readonly id: string;
  readonly earned: Minor;
  readonly uncapped: Minor;
  /** Absent when lines were not asked for (`--summary`). */
  readonly lines: readonly LineResult[] | undefined;
  readonly explanation: string | undefined;
}

export interface ClawbackResult {
  readonly transaction: string;
  readonly component: string;
  readonly amount: Minor;
  readonly explanation: string | undefined;
}

export interface AdjustmentResult {
  readonly amount: Minor;
  readonly reason: string;
}

export interface MeasureValue {
  readonly name: string;
  readonly value: Rational;
  /** Money measures print at the currency's minor unit; the others print exactly. */
  readonly money: boolean;
}

export interface DrawResult {
  readonly paid: Minor;
  readonly recovered: Minor;
  readonly balance: Minor;
}

export interface PayeeResult {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly currency: string;
  readonly minorUnits: number;
  readonly measures: readonly MeasureValue[];
  readonly quotas: readonly MeasureValue[];
  readonly attainment: readonly MeasureValue[];
  readonly components: readonly ComponentResult[];
  readonly clawbacks: readonly ClawbackResult[];
  readonly adjustments: readonly AdjustmentResult[];
  readonly draw: DrawResult;
  readonly payout: Minor;
}

/** A clawback with no result to land in, reported so that no reversal goes missing silently. */
export interface UnappliedClawback {
  readonly payee: string;
  readonly plan: string;
  readonly period: string;
  readonly transaction: string;
  readonly component: string;
  readonly currency: string;
  readonly minorUnits: number;
  readonly amount: Minor;
}

export interface CalcResult {
  readonly period: string;
  readonly results: readonly PayeeResult[];
  readonly unapplied: readonly UnappliedClawback[];
}

/** Problems found while computing: they depend on the period asked for, so `check` cannot see them. */
export type CalcProblem =
  | { readonly code: 'MISSING_QUOTA'; readonly payee: string; readonly measure: string; readonly period: string }
  | { readonly code: 'MISSING_RATE'; readonly currency: string; readonly date: Day; readonly row: number | undefined }
  | {
      readonly code: 'FORMULA_ERROR';
      readonly plan: string;
      readonly component: string;
      readonly payee: string;
      readonly period: string;
      readonly message: string;
    }
  | { readonly code: 'BAD_ARGUMENT'; readonly message: string };

export type CalcOutcome =
  | { readonly ok: true; readonly result: CalcResult }
  | { readonly ok: false; readonly problems: readonly CalcProblem[] };

/** A calculation's results as they are computed, once, in order (see `calculateStream`). */
export interface CalcResultStream {
  readonly period: string;
  /** How many results `results` gives. */
  readonly count: number;
  readonly results: Iterable<PayeeResult>;
  readonly unapplied: readonly UnappliedClawback[];
}

export type CalcStreamOutcome =
  | { readonly ok: true; readonly result: CalcResultStream }
  | { readonly ok: false; readonly problems: readonly CalcProblem[] };
