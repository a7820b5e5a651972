import { DivisionByZeroError, Rational, pow10 } from '../rational.js';
import type { RoundingMode } from '../rational.js';
import type { ComparisonOperator, Formula, FormulaExpr } from './ast.js';

/** What a formula can read; supplied by the engine for one payee and period. */
export interface FormulaScope {
  measure(name: string): Rational;
  quota(name: string): Rational;
  attainment(name: string): Rational;
  readonly rounding: RoundingMode;
}

/** A formula that parsed but cannot be computed for these values (division by zero, …). */
export class FormulaEvaluationError extends Error {
  /** 0-based offset in the formula text of the operator or call that failed. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'FormulaEvaluationError';
    this.offset = offset;
  }
}

/** `round()` digits beyond this are refused: no amount needs them and 10^digits costs memory. */
export const FORMULA_MAX_ROUND_DIGITS = 100;

/**
 * Numerators and denominators of intermediate results must stay below 10^600. The bound is
 * far beyond any real amount, rate or proration, and it caps the cost of each exact operation,
 * which would otherwise grow with every term a hostile formula adds.
 */
export const FORMULA_MAX_DIGITS = 600;
const LIMIT = pow10(FORMULA_MAX_DIGITS);

function bounded(value: Rational, offset: number): Rational {
  if (value.num >= LIMIT || value.num <= -LIMIT || value.den >= LIMIT) {
    throw new FormulaEvaluationError(
      `a value in this formula is too large to compute exactly (over ${FORMULA_MAX_DIGITS} digits)`,
      offset,
    );
  }
  return value;
}

function truth(b: boolean): Rational {
  return b ? Rational.ONE : Rational.ZERO;
}

function compare(op: ComparisonOperator, c: -1 | 0 | 1): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
  }
}

/** Calls into the scope; a division by zero there is still the formula's failure. */
function read(get: () => Rational, offset: number): Rational {
  try {
    return get();
  } catch (e) {
    if (e instanceof DivisionByZeroError) throw new FormulaEvaluationError('division by zero', offset);
    throw e;
  }
}

// Recursion is safe: the parser bounds nesting, and operator chains are flat n-ary nodes.
function evaluate(node: FormulaExpr, scope: FormulaScope): Rational {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'measure':
      return read(() => scope.measure(node.name), node.offset);
    case 'quota':
      return node.fn === 'quota'
        ? read(() => scope.quota(node.measure), node.offset)
        : read(() => scope.attainment(node.measure), node.offset);
    case 'negate':
      return evaluate(node.operand, scope).neg();
    case 'not':
      return truth(evaluate(node.operand, scope).isZero());
    case 'arithmetic': {
      let acc = evaluate(node.first, scope);
      for (const step of node.rest) {
        const v = evaluate(step.operand, scope);
        switch (step.op) {
          case '+':
            acc = acc.add(v);
            break;
          case '-':
            acc = acc.sub(v);
            break;
          case '*':
            acc = acc.mul(v);
            break;
          case '/':
            if (v.isZero()) throw new FormulaEvaluationError('division by zero', step.offset);
            acc = acc.div(v);
            break;
        }
        acc = bounded(acc, step.offset);
      }
      return acc;
    }
    case 'comparison': {
      const left = evaluate(node.left, scope);
      const right = evaluate(node.right, scope);
      return truth(compare(node.op, left.cmp(right)));
    }
    case 'logical': {
      // Short-circuit: `0 and x` and `1 or x` never evaluate x.
      const decidedBy = node.op === 'or';
      for (const operand of node.operands) {
        const truthy = !evaluate(operand, scope).isZero();
        if (truthy === decidedBy) return truth(decidedBy);
      }
      return truth(!decidedBy);
    }
    case 'if':
      return evaluate(node.condition, scope).isZero()
        ? evaluate(node.otherwise, scope)
        : evaluate(node.then, scope);
    case 'extremum': {
      const pick = node.fn === 'min' ? Rational.min : Rational.max;
      let best = evaluate(node.args[0], scope);
      for (let i = 1; i < node.args.length; i++) best = pick(best, evaluate(node.args[i]!, scope));
      return best;
    }
    case 'math': {
      const v = evaluate(node.arg, scope);
      return node.fn === 'abs' ? v.abs() : node.fn === 'floor' ? v.floor() : v.ceil();
    }
    case 'round': {
      const value = evaluate(node.value, scope);
      const digits = evaluate(node.digits, scope);
      if (!digits.isInteger()) {
        throw new FormulaEvaluationError('round() digits must be a whole number', node.digits.offset);
      }
      if (digits.num > BigInt(FORMULA_MAX_ROUND_DIGITS) || digits.num < -BigInt(FORMULA_MAX_ROUND_DIGITS)) {
        throw new FormulaEvaluationError(
          `round() digits must be between -${FORMULA_MAX_ROUND_DIGITS} and ${FORMULA_MAX_ROUND_DIGITS}`,
          node.digits.offset,
        );
      }
      return bounded(value.round(Number(digits.num), scope.rounding), node.offset);
    }
  }
}

/**
 * Computes a parsed formula exactly. Throws `FormulaEvaluationError` for failures of the
 * formula itself; errors thrown by the scope (other than division by zero) pass through.
 */
export function evaluateFormula(f: Formula, scope: FormulaScope): Rational {
  return evaluate(f.root, scope);
}
