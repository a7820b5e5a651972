/**
 * The Prestasi engine: pure, exact, deterministic. Callers hand it readonly values and get
 * readonly results; it never reads a file, a clock or a database.
 */
export { Rational, DivisionByZeroError, formatScaled, pow10, type RoundingMode } from './rational.js';
export { type Day, type CivilDate, dayFromCivil, civilFromDay, daysInMonth, parseDay, formatDay, monthIndexOfDay } from './day.js';
export { FiscalCalendar, type Period, type PeriodKind } from './period.js';
export { minorUnits, isCurrencyCode } from './currencies.js';
export { compareCodePoints } from './compare.js';
export {
  parseFormula,
  formulaReferences,
  evaluateFormula,
  FormulaEvaluationError,
  FORMULA_MAX_DEPTH,
  type Formula,
  type FormulaProblem,
  type FormulaReferences,
  type FormulaScope,
} from './formula/index.js';
export type {
  Plan,
  Measure,
  MeasureSource,
  Filter,
  FilterClause,
  Component,
  CommissionComponent,
  BonusComponent,
  BonusStep,
  SpiffComponent,
  FormulaComponent,
  Tier,
  Basis,
  Draw,
} from './plan.js';
export type {
  EngineInput,
  Settings,
  Payee,
  Assignment,
  Quota,
  FxRate,
  Adjustment,
  TransactionTable,
  DecimalColumn,
  TextColumn,
  IdColumn,
  Split,
} from './input.js';
export type {
  CalcResult,
  CalcResultStream,
  CalcOutcome,
  CalcStreamOutcome,
  CalcProblem,
  PayeeResult,
  ComponentResult,
  LineResult,
  ClawbackResult,
  AdjustmentResult,
  MeasureValue,
  DrawResult,
  UnappliedClawback,
  Minor,
} from './result.js';
export { calculate, calculateStream, type CalcOptions } from './calculate.js';
export {
  calcOutputObject,
  writeCalcOutputJson,
  payeeResultObject,
  unappliedObjects,
  inBatches,
  calcOutputCsv,
  measureText,
  exactOrTen,
  type CalcOutputObject,
  type ComponentObject,
  type OutputOptions,
  type PayeeResultObject,
} from './output.js';
