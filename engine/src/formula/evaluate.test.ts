import { describe, expect, it } from 'vitest';
import { DivisionByZeroError, Rational } from '../rational.js';
import type { RoundingMode } from '../rational.js';
import type { Formula } from './ast.js';
import { FORMULA_MAX_DIGITS, FormulaEvaluationError, evaluateFormula } from './evaluate.js';
import { parseFormula } from './parser.js';
import { MEASURE_NAMES, testScope } from './test-support/scope.js';

function parsed(text: string): Formula {
  const result = parseFormula(text, MEASURE_NAMES);
  if (!result.ok) throw new Error(`${text}: ${JSON.stringify(result.problems)}`);
  return result.formula;
}
function run(text: string, rounding: RoundingMode = 'half_up'): string {
  return evaluateFormula(parsed(text), testScope(rounding)).toString();
}
function failure(text: string): { message: string; offset: number } | undefined {
  try {
    run(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof FormulaEvaluationError)) throw e;
    return { message: e.message, offset: e.offset };
  }
}

// Test scope: bookings 390000, margin -1250.5, units 7, zero 0; quotas bookings 300000, units 8.
describe('evaluateFormula', () => {
  it.each([
    // arithmetic and precedence
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * 3', '9'],
    ['10 - 4 - 3', '3'],
    ['100 / 10 / 5', '2'],
    ['2 * 3 / 4', '1.5'],
    ['1 - 2 * 3 + 4 / 2', '-3'],
    ['-2 * 3', '-6'],
    ['-2 - -3', '1'],
    ['- - 4', '4'],
    ['2 * -units', '-14'],
    ['1 / 3', '1/3'],
    ['1/3 + 1/6', '0.5'],
    ['0.1 + 0.2', '0.3'],
    ['5 * 0.029', '0.145'],
    ['bookings * 0.01', '3900'],
    ['margin * 2', '-2501'],
    ['units / 2', '3.5'],
    // comparisons
    ['1 < 2', '1'],
    ['2 < 1', '0'],
    ['1 <= 1', '1'],
    ['1 > 1', '0'],
    ['1 >= 1', '1'],
    ['1 = 1.000', '1'],
    ['1 != 1.00', '0'],
    ['0.1 + 0.2 = 0.3', '1'],
    ['1 + 1 = 2', '1'],
    ['-1 < 0', '1'],
    ['(1 < 2) < 1', '0'],
    ['(3 > 2) + (2 > 1)', '2'],
    ['margin < units', '1'],
    // logic: results are 1 or 0, non-zero is true
    ['1 and 0', '0'],
    ['2 and 3', '1'],
    ['0 or 0', '0'],
    ['0 or -5', '1'],
    ['not 0', '1'],
    ['not 7', '0'],
    ['not not 7', '1'],
    ['not 1 = 2', '1'], // not (1 = 2); (not 1) = 2 would be 0
    ['1 or 1 and 0', '1'], // 1 or (1 and 0)
    ['0 and 1 or 1', '1'], // (0 and 1) or 1
    ['not 0 and 0', '0'], // (not 0) and 0
    ['not 1 or 1', '1'], // (not 1) or 1
    ['1 < 2 and 3 < 4', '1'],
    ['units > 5 and margin < 0', '1'],
    // functions
    ['if(1, 2, 3)', '2'],
    ['if(0, 2, 3)', '3'],
    ['if(-0.001, 2, 3)', '2'],
    ['if(units > 5, bookings, 0)', '390000'],
    ['min(3, 1, 2)', '1'],
    ['max(3, 1, 2)', '3'],
    ['min(-1, -2)', '-2'],
    ['max(margin, 0)', '0'],
    ['min(1/3, 0.34)', '1/3'],
    ['abs(margin)', '1250.5'],
    ['abs(-0)', '0'],
    ['abs(7)', '7'],
    ['floor(2.7)', '2'],
    ['floor(-2.1)', '-3'],
    ['floor(-3)', '-3'],
    ['floor(1/3)', '0'],
    ['ceil(2.1)', '3'],
    ['ceil(-2.7)', '-2'],
    ['ceil(margin)', '-1250'],
    ['quota(bookings)', '300000'],
    ['attainment(bookings)', '1.3'],
    ['attainment(units)', '0.875'],
    ['quota(units) * 2', '16'],
    ['if(attainment(bookings) >= 1.2, bookings * 0.01, 0)', '3900'],
  ])('%s = %s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it.each([
    ['2.5', '0', '3', '2'],
    ['3.5', '0', '4', '4'],
    ['-2.5', '0', '-3', '-2'],
    ['-3.5', '0', '-4', '-4'],
    ['0.5', '0', '1', '0'],
    ['-0.5', '0', '-1', '0'],
    ['0.125', '2', '0.13', '0.12'],
    ['-0.125', '2', '-0.13', '-0.12'],
    ['0.135', '2', '0.14', '0.14'],
    ['1.45', '1', '1.5', '1.4'],
    ['2.4', '0', '2', '2'],
    ['2.6', '0', '3', '3'],
    ['-2.6', '0', '-3', '-3'],
    ['25', '-1', '30', '20'],
    ['-35', '-1', '-40', '-40'],
    ['250', '-2', '300', '200'],
    ['1/3', '2', '0.33', '0.33'],
    ['2/3', '3', '0.667', '0.667'],
    ['12.345', '5', '12.345', '12.345'],
    ['2.25', '3 - 2', '2.3', '2.2'],
  ])('round(%s, %s) is %s half_up and %s half_even', (x, digits, halfUp, halfEven) => {
    expect(run(`round(${x}, ${digits})`, 'half_up')).toBe(halfUp);
    expect(run(`round(${x}, ${digits})`, 'half_even')).toBe(halfEven);
  });

  it.each([
    ['if(1, 2, 1/0)', '2'],
    ['if(0, 1/0, 2)', '2'],
    ['0 and 1/0', '0'],
    ['1 or 1/0', '1'],
    ['0 and 1/0 and 1/0', '0'],
    ['1 and 0 and 1/0', '0'],
    ['1 or 1/0 or 1/0', '1'],
    ['0 or 2 or 1/0', '1'],
    ['if(zero, 1/zero, 1) + if(units, 1, 1/zero)', '2'],
  ])('short-circuits %s = %s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it.each([
    ['if(1, units, bookings)', ['measure:units']],
    ['if(zero, units, bookings)', ['measure:zero', 'measure:bookings']],
    ['zero and units', ['measure:zero']],
    ['units or bookings', ['measure:units']],
    ['units and zero and bookings', ['measure:units', 'measure:zero']],
    ['min(units, bookings)', ['measure:units', 'measure:bookings']],
    ['quota(units) + attainment(bookings)', ['quota:units', 'measure:bookings', 'quota:bookings']],
  ])('%s reads only %j', (text, reads) => {
    const scope = testScope();
    evaluateFormula(parsed(text), scope);
    expect(scope.reads).toEqual(reads);
  });

  const TOO_LARGE = `a value in this formula is too large to compute exactly (over ${FORMULA_MAX_DIGITS} digits)`;
  it.each([
    ['1/0', 'division by zero', 1],
    ['0/0', 'division by zero', 1],
    ['units / zero', 'division by zero', 6],
    ['1 + 2 / (units - 7)', 'division by zero', 6],
    ['min(1, 1/0)', 'division by zero', 8],
    ['1 and 1/0', 'division by zero', 7],
    ['0 or 1/0', 'division by zero', 6],
    ['if(1/0, 1, 2)', 'division by zero', 4],
    ['round(1, 0.5)', 'round() digits must be a whole number', 9],
    ['round(1, 1/3)', 'round() digits must be a whole number', 9],
    ['round(1, 101)', 'round() digits must be between -100 and 100', 9],
    ['round(1, -101)', 'round() digits must be between -100 and 100', 9],
    [`1${'0'.repeat(FORMULA_MAX_DIGITS)} * 1`, TOO_LARGE, FORMULA_MAX_DIGITS + 2],
    [`1/1${'0'.repeat(FORMULA_MAX_DIGITS)}`, TOO_LARGE, 1],
  ])('%s fails with %s at %d', (text, message, offset) => {
    expect(failure(text)).toEqual({ message, offset });
  });

  it('computes right up to the size bound', () => {
    expect(run(`${'9'.repeat(FORMULA_MAX_DIGITS)} * 1`)).toBe('9'.repeat(FORMULA_MAX_DIGITS));
    expect(run('round(1, 100) + round(-1, -100)')).toBe('1');
  });

  it('turns a division by zero inside the scope into a FormulaEvaluationError', () => {
    const scope = {
      ...testScope(),
      attainment: (): Rational => Rational.ONE.div(Rational.ZERO),
    };
    expect(() => evaluateFormula(parsed('1 + attainment(units)'), scope)).toThrow(
      expect.objectContaining({ name: 'FormulaEvaluationError', message: 'division by zero', offset: 4 }),
    );
    expect(() => Rational.ONE.div(Rational.ZERO)).toThrow(DivisionByZeroError);
  });

  it("passes the scope's own errors through untouched", () => {
    const missing = new Error('quotas.csv: missing quota for ae-001, units, 2026-Q1');
    const scope = {
      ...testScope(),
      quota: (): Rational => {
        throw missing;
      },
    };
    expect(() => evaluateFormula(parsed('quota(units)'), scope)).toThrow(missing);
  });
});
