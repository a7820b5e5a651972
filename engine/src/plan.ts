import type { Day } from './day.js';
import type { Formula } from './formula/index.js';
import type { PeriodKind } from './period.js';
import type { Rational } from './rational.js';

/** A `where` filter: a credit passes when, for every clause, its field's text is one of `values`. */
export interface FilterClause {
  readonly field: string;
  readonly values: readonly string[];
}
export type Filter = readonly FilterClause[];

/** What a measure adds up: a transaction column (plan-currency money for amount and margin) or a count. */
export type MeasureSource =
  | { readonly kind: 'amount' }
  | { readonly kind: 'margin' }
  | { readonly kind: 'quantity' }
  | { readonly kind: 'attribute'; readonly column: string }
  | { readonly kind: 'count' };

export interface Measure {
  readonly name: string;
  readonly source: MeasureSource;
  readonly where: Filter;
  readonly scope: 'self' | 'team';
}

export type Basis = 'attainment' | 'amount';

export interface Tier {
  /** Upper bound (exclusive), absent on the last tier. */
  readonly to: Rational | undefined;
  readonly rate: Rational;
}

interface ComponentBase {
  readonly id: string;
  readonly cap: Rational | undefined;
}

export interface CommissionComponent extends ComponentBase {
  readonly type: 'commission';
  readonly measure: string;
  readonly basis: Basis;
  readonly rate: Rational | undefined;
  readonly tiers: readonly Tier[];
  readonly method: 'graduated' | 'retroactive';
}

export interface BonusStep {
  readonly at: Rational;
  readonly amount: Rational;
}

export interface BonusComponent extends ComponentBase {
  readonly type: 'bonus';
  readonly measure: string;
  readonly basis: Basis;
  readonly steps: readonly BonusStep[];
}

export interface SpiffComponent extends ComponentBase {
  readonly type: 'spiff';
  readonly where: Filter;
  readonly per: 'unit' | 'deal';
  readonly amount: Rational;
  readonly from: Day | undefined;
  readonly to: Day | undefined;
}

export interface FormulaComponent extends ComponentBase {
  readonly type: 'formula';
  readonly source: string;
  readonly formula: Formula;
}

export type Component = CommissionComponent | BonusComponent | SpiffComponent | FormulaComponent;

export interface Draw {
  readonly amount: Rational;
  readonly recoverable: boolean;
}

export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly period: PeriodKind;
  readonly currency: string;
  readonly measures: readonly Measure[];
  readonly components: readonly Component[];
  readonly draw: Draw | undefined;
  readonly clawbackWindowDays: number | undefined;
}

/** Whether a component needs a quota for `measure` in every period it is computed. */
export function quotaMeasuresOf(component: Component, formulaQuotaMeasures: (f: Formula) => ReadonlySet<string>): readonly string[] {
  switch (component.type) {
    case 'commission':
      return component.basis === 'attainment' && component.rate === undefined ? [component.measure] : [];
    case 'bonus':
      return component.basis === 'attainment' ? [component.measure] : [];
    case 'spiff':
      return [];
    case 'formula':
      return [...formulaQuotaMeasures(component.formula)];
  }
}
