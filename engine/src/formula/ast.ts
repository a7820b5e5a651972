import type { Rational } from '../rational.js';

/**
 * The parsed form of a formula. Every node records `offset`, the 0-based UTF-16 index in the
 * formula text where the node starts, so evaluation errors can point back at the text.
 *
 * Chains of one operator level (`a + b - c`, `a and b and c`) are single n-ary nodes rather
 * than left-leaning binary trees: a long chain then costs no nesting, which keeps both the
 * AST depth and the evaluator's recursion bounded by the parser's nesting limit.
 */
export interface Formula {
  readonly text: string;
  readonly root: FormulaExpr;
}

export type FormulaExpr =
  | NumberNode
  | MeasureNode
  | QuotaNode
  | NegateNode
  | NotNode
  | ArithmeticNode
  | ComparisonNode
  | LogicalNode
  | IfNode
  | ExtremumNode
  | MathNode
  | RoundNode;

export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '=' | '!=';

export interface NumberNode {
  readonly kind: 'number';
  readonly offset: number;
  readonly value: Rational;
}

export interface MeasureNode {
  readonly kind: 'measure';
  readonly offset: number;
  readonly name: string;
}

/** `quota(m)` or `attainment(m)`; the argument is always a bare measure name. */
export interface QuotaNode {
  readonly kind: 'quota';
  readonly offset: number;
  readonly fn: 'quota' | 'attainment';
  readonly measure: string;
}

export interface NegateNode {
  readonly kind: 'negate';
  readonly offset: number;
  readonly operand: FormulaExpr;
}

export interface NotNode {
  readonly kind: 'not';
  readonly offset: number;
  readonly operand: FormulaExpr;
}

/** `first op₁ x₁ op₂ x₂ …`, applied left to right; all operators of one precedence level. */
export interface ArithmeticNode {
  readonly kind: 'arithmetic';
  readonly offset: number;
  readonly first: FormulaExpr;
  readonly rest: readonly ArithmeticStep[];
}

export interface ArithmeticStep {
  readonly op: ArithmeticOperator;
  /** Where the operator is, so that "division by zero" points at the `/`. */
  readonly offset: number;
  readonly operand: FormulaExpr;
}

export interface ComparisonNode {
  readonly kind: 'comparison';
  readonly offset: number;
  readonly op: ComparisonOperator;
  readonly left: FormulaExpr;
  readonly right: FormulaExpr;
}

export interface LogicalNode {
  readonly kind: 'logical';
  readonly offset: number;
  readonly op: 'and' | 'or';
  readonly operands: readonly FormulaExpr[];
}

export interface IfNode {
  readonly kind: 'if';
  readonly offset: number;
  readonly condition: FormulaExpr;
  readonly then: FormulaExpr;
  readonly otherwise: FormulaExpr;
}

export interface ExtremumNode {
  readonly kind: 'extremum';
  readonly offset: number;
  readonly fn: 'min' | 'max';
  readonly args: readonly [FormulaExpr, FormulaExpr, ...FormulaExpr[]];
}

export interface MathNode {
  readonly kind: 'math';
  readonly offset: number;
  readonly fn: 'abs' | 'floor' | 'ceil';
  readonly arg: FormulaExpr;
}

export interface RoundNode {
  readonly kind: 'round';
  readonly offset: number;
  readonly value: FormulaExpr;
  readonly digits: FormulaExpr;
}

export interface FormulaProblem {
  readonly message: string;
  /** 0-based UTF-16 index into the formula text. */
  readonly offset: number;
}
