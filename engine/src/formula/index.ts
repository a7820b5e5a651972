export type {
  ArithmeticNode,
  ArithmeticOperator,
  ArithmeticStep,
  ComparisonNode,
  ComparisonOperator,
  ExtremumNode,
  Formula,
  FormulaExpr,
  FormulaProblem,
  IfNode,
  LogicalNode,
  MathNode,
  MeasureNode,
  NegateNode,
  NotNode,
  NumberNode,
  QuotaNode,
  RoundNode,
} from './ast.js';
export { FORMULA_MAX_DEPTH, FORMULA_MAX_LENGTH, FORMULA_RESERVED_WORDS, parseFormula } from './parser.js';
export { FORMULA_MAX_DIGITS, FORMULA_MAX_ROUND_DIGITS, FormulaEvaluationError, evaluateFormula } from './evaluate.js';
export type { FormulaScope } from './evaluate.js';
export { formulaReferences } from './references.js';
export type { FormulaReferences } from './references.js';
