// The validated workspace model used by the reference calculator.

import type { Day, Period, PeriodKind } from './dates.js';
import type { Expr } from './formula.js';
import type { Rat, RoundingRule } from './rational.js';

export interface Settings {
  readonly currency: string;
  readonly fys: number;
  readonly rounding: RoundingRule;
}

export interface Payee {
  readonly id: string;
  readonly manager: string | undefined;
}

export interface Credit {
  readonly payee: string;
  readonly share: Rat;
}

export interface Txn {
  readonly id: string;
  readonly date: Day;
  readonly amount: Rat;
  readonly currency: string;
  readonly credits: readonly Credit[];
  readonly quantity: Rat;
  readonly margin: Rat;
  /** trimmed text of every transactions.csv column ('' when empty) */
  readonly cells: ReadonlyMap<string, string>;
  readonly cancelled: boolean;
  readonly cancelDate: Day | undefined;
}

export type Filter = ReadonlyArray<{ readonly field: string; readonly values: readonly string[] }>;

export interface Measure {
  readonly name: string;
  /** 'count' or the summed field */
  readonly source: { readonly kind: 'count' } | { readonly kind: 'sum'; readonly field: string };
  readonly where: Filter;
  readonly scope: 'self' | 'team';
  /** sums amount or margin (printed at the currency's minor unit) */
  readonly money: boolean;
}

export interface Tier {
  readonly to: Rat | undefined;
  readonly rate: Rat;
}

export type Basis = 'attainment' | 'amount';

export type Component =
  | {
      readonly type: 'commission';
      readonly id: string;
      readonly cap: Rat | undefined;
      readonly measure: string;
      readonly rate: Rat | undefined;
      readonly tiers: readonly Tier[] | undefined;
      readonly basis: Basis;
      readonly method: 'graduated' | 'retroactive';
    }
  | {
      readonly type: 'bonus';
      readonly id: string;
      readonly cap: Rat | undefined;
      readonly measure: string;
      readonly steps: ReadonlyArray<{ readonly at: Rat; readonly amount: Rat }>;
      readonly basis: Basis;
    }
  | {
      readonly type: 'spiff';
      readonly id: string;
      readonly cap: Rat | undefined;
      readonly where: Filter;
      readonly per: 'unit' | 'deal';
      readonly amount: Rat;
      readonly from: Day | undefined;
      readonly to: Day | undefined;
    }
  | {
      readonly type: 'formula';
      readonly id: string;
      readonly cap: Rat | undefined;
      readonly expr: Expr;
      readonly quotaMeasures: readonly string[];
    };

export interface Plan {
  readonly id: string;
  readonly file: string;
  readonly kind: PeriodKind;
  readonly currency: string;
  readonly measures: readonly Measure[];
  readonly components: readonly Component[];
  readonly draw: { readonly amount: Rat; readonly recoverable: boolean } | undefined;
  readonly clawbackDays: number | undefined;
}

export interface Assignment {
  readonly payee: string;
  readonly plan: string;
  readonly from: Day;
  /** inclusive; undefined = open-ended */
  readonly to: Day | undefined;
}

export interface QuotaRow {
  readonly payee: string;
  readonly period: Period;
  readonly measure: string;
  readonly amount: Rat;
}

export interface FxRow {
  readonly date: Day;
  readonly rate: Rat;
}

export interface Adjustment {
  readonly payee: string;
  readonly plan: string;
  readonly periodName: string;
  readonly amount: Rat;
  readonly reason: string;
}

export interface Workspace {
  readonly settings: Settings;
  readonly payees: ReadonlyMap<string, Payee>;
  readonly plans: ReadonlyMap<string, Plan>;
  readonly assignments: readonly Assignment[];
  readonly txns: readonly Txn[];
  /** key: payee + '\u0000' + period name + '\u0000' + measure */
  readonly quotas: ReadonlyMap<string, Rat>;
  /** per currency, ascending by date; the base currency never appears */
  readonly fx: ReadonlyMap<string, readonly FxRow[]>;
  /** in file order */
  readonly adjustments: readonly Adjustment[];
}

export function quotaKey(payee: string, periodName: string, measure: string): string {
  return `${payee}\u0000${periodName}\u0000${measure}`;
}
