import { describe, expect, it } from 'vitest';
import { Rational } from '../rational.js';
import type { FormulaProblem } from './ast.js';
import { formulaReferences } from './references.js';
import { FORMULA_MAX_DEPTH, FORMULA_MAX_LENGTH, FORMULA_RESERVED_WORDS, parseFormula } from './parser.js';
import { MEASURE_NAMES } from './test-support/scope.js';

function problemsOf(text: string): [number, string][] {
  const result = parseFormula(text, MEASURE_NAMES);
  return result.ok ? [] : result.problems.map((p: FormulaProblem) => [p.offset, p.message]);
}

const DEPTH = `formula nests too deeply: at most ${FORMULA_MAX_DEPTH} levels of parentheses, function calls and unary operators`;

describe('parseFormula accepts', () => {
  it.each([
    '1',
    '0.5',
    '007.50',
    'bookings',
    'bookings * 0.01',
    '-units',
    '- - -units',
    '2*-3',
    'units--1',
    'not not zero',
    'not units = zero',
    'units >= 1 and zero < 1 or not margin != 0',
    '(units < zero) < margin',
    'if(attainment(bookings) >= 1.2, bookings * 0.01, 0)',
    'min(units, 2) + max(1, 2, 3, 4) + abs(margin) + floor(0.5) + ceil(0.5)',
    'round(bookings / 3, 2)',
    'quota(units) + attainment( units )',
    'if(\n  units > 5,\n  1,\n  0\n)',
    '((((units))))',
  ])('%s', (text) => {
    expect(problemsOf(text)).toEqual([]);
  });

  it('builds a flat node for an operator chain and binds unary minus tightest', () => {
    const result = parseFormula('-2*3 - units', MEASURE_NAMES);
    expect(result.ok && result.formula.root).toEqual({
      kind: 'arithmetic',
      offset: 0,
      first: {
        kind: 'arithmetic',
        offset: 0,
        first: { kind: 'negate', offset: 0, operand: { kind: 'number', offset: 1, value: Rational.fromInt(2) } },
        rest: [{ op: '*', offset: 2, operand: { kind: 'number', offset: 3, value: Rational.fromInt(3) } }],
      },
      rest: [{ op: '-', offset: 5, operand: { kind: 'measure', offset: 7, name: 'units' } }],
    });
  });
});

describe('parseFormula reports', () => {
  it.each<{ text: string; problems: [number, string][] }>([
    { text: '', problems: [[0, 'formula is empty']] },
    { text: ' \n ', problems: [[0, 'formula is empty']] },
    { text: 'bookings +', problems: [[10, 'expected an expression, found the end of the formula']] },
    { text: 'units < zero < margin', problems: [[13, "comparisons cannot be chained; combine them with 'and'"]] },
    { text: 'bookings = units != zero', problems: [[17, "comparisons cannot be chained; combine them with 'and'"]] },
    { text: 'foo + bookings', problems: [[0, "unknown measure 'foo'"]] },
    { text: 'bookings * rate + bonus', problems: [[11, "unknown measure 'rate'"], [18, "unknown measure 'bonus'"]] },
    { text: 'sqrt(units)', problems: [[0, "unknown function 'sqrt'"]] },
    { text: 'Max(1, 2)', problems: [[0, "unknown function 'Max'; function names are lowercase"]] },
    { text: 'units(1)', problems: [[0, "unknown function 'units'"]] },
    { text: 'min', problems: [[0, "'min' is a function; call it as min(a, b, …)"]] },
    { text: 'if + 1', problems: [[0, "'if' is a function; call it as if(condition, then, else)"]] },
    { text: '1 + quota', problems: [[4, "'quota' is a function; call it as quota(measure)"]] },
    { text: 'min(1)', problems: [[0, 'min() takes two or more arguments, got 1: min(a, b, …)']] },
    { text: 'max()', problems: [[0, 'max() takes two or more arguments, got 0: max(a, b, …)']] },
    { text: 'if(1, 2)', problems: [[0, 'if() takes 3 arguments, got 2: if(condition, then, else)']] },
    { text: 'round(units)', problems: [[0, 'round() takes 2 arguments, got 1: round(x, digits)']] },
    { text: 'abs(1, 2)', problems: [[0, 'abs() takes 1 argument, got 2: abs(x)']] },
    { text: '2 * quota(units + 1)', problems: [[4, 'quota() takes one measure name, such as quota(bookings)']] },
    { text: 'attainment((units))', problems: [[0, 'attainment() takes one measure name, such as attainment(bookings)']] },
    { text: 'quota(1)', problems: [[0, 'quota() takes one measure name, such as quota(bookings)']] },
    { text: 'attainment(sales)', problems: [[11, "unknown measure 'sales'"]] },
    { text: 'quota(bookings', problems: [[14, "expected ',' or ')', found the end of the formula"]] },
    { text: '-2 * +3', problems: [[5, "an expression cannot start with '+'; there is no unary plus"]] },
    { text: '1 + not zero', problems: [[4, "expected an expression (put 'not …' in parentheses here), found 'not'"]] },
    { text: '(units', problems: [[6, "expected ')', found the end of the formula"]] },
    { text: 'units)', problems: [[5, "expected an operator or the end of the formula, found ')'"]] },
    { text: '1 ,2', problems: [[2, "expected an operator or the end of the formula, found ','"]] },
    { text: 'min(1 2)', problems: [[6, "expected ',' or ')', found number 2"]] },
    { text: 'min(1,)', problems: [[6, "expected an expression, found ')'"]] },
    { text: '()', problems: [[1, "expected an expression, found ')'"]] },
    { text: 'units = = 1', problems: [[8, "expected an expression, found '='"]] },
    { text: 'units units', problems: [[6, "expected an operator or the end of the formula, found 'units'"]] },
    { text: 'Units', problems: [[0, "invalid name 'Units': names use lowercase letters, digits and '_'"]] },
    { text: 'units and', problems: [[9, 'expected an expression, found the end of the formula']] },
    { text: 'and units', problems: [[0, "expected an expression, found 'and'"]] },
    {
      text: 'units AND zero',
      problems: [[6, "expected an operator or the end of the formula, found 'AND' (keywords are lowercase)"]],
    },
    { text: 'units < 1e5', problems: [[8, "invalid number '1e5': numbers are plain decimals such as 12 or 0.5"]] },
    { text: 'units && zero', problems: [[6, "unexpected character '&'; use 'and'"]] },
    // After the first syntax error, later names are still checked.
    {
      text: 'foo(1 +) + bar',
      problems: [
        [0, "unknown function 'foo'"],
        [7, "expected an expression, found ')'"],
        [11, "unknown measure 'bar'"],
      ],
    },
    {
      text: 'if(zro > 1, bookings * 0.01 0)',
      problems: [
        [3, "unknown measure 'zro'"],
        [28, "expected ',' or ')', found number 0"],
      ],
    },
    { text: '😀 + x', problems: [[0, 'unexpected character U+1F600'], [5, "unknown measure 'x'"]] },
  ])('$text', ({ text, problems }) => {
    expect(problemsOf(text)).toEqual(problems);
  });
});

describe('nesting and size limits', () => {
  const nest = (open: string, depth: number, core: string, close = '') => open.repeat(depth) + core + close.repeat(depth);
  const limit = FORMULA_MAX_DEPTH;

  it.each([
    { what: 'parentheses', text: nest('(', limit, '1', ')'), tooDeep: nest('(', limit + 1, '1', ')'), offset: limit },
    { what: 'unary minus', text: nest('-', limit, '1'), tooDeep: nest('-', limit + 1, '1'), offset: limit },
    { what: 'not', text: nest('not ', limit, '1'), tooDeep: nest('not ', limit + 1, '1'), offset: 4 * limit },
    {
      what: 'if chains',
      text: nest('if(1, 1, ', limit, '0', ')'),
      tooDeep: nest('if(1, 1, ', limit + 1, '0', ')'),
      offset: 9 * limit + 2,
    },
    {
      what: 'calls and minus mixed',
      text: nest('abs(-', limit / 2, '1', ')'),
      tooDeep: nest('abs(-', limit / 2 + 1, '1', ')'),
      offset: 5 * (limit / 2) + 3,
    },
  ])('$what: the limit is accepted, one more level is a problem', ({ text, tooDeep, offset }) => {
    expect(problemsOf(text)).toEqual([]);
    expect(problemsOf(tooDeep)).toEqual([[offset, DEPTH]]);
  });

  it.each([
    { what: '9,999 unary minus', text: nest('-', 9_999, '1'), problems: [[limit, DEPTH]] },
    { what: '2,499 not', text: nest('not ', 2_499, '1'), problems: [[4 * limit, DEPTH]] },
    { what: '1,000 nested if', text: nest('if(1,1,', 1_000, '0', ')'), problems: [[7 * limit + 2, DEPTH]] },
    {
      what: '10,000 parentheses',
      text: nest('(', 10_000, '1', ')'),
      problems: [[0, `formula is too long: 20001 characters, at most ${FORMULA_MAX_LENGTH}`]],
    },
    {
      what: 'a 10 MB formula',
      text: `${'units+'.repeat(1_750_000)}1`,
      problems: [[0, `formula is too long: 10500001 characters, at most ${FORMULA_MAX_LENGTH}`]],
    },
  ])('$what gives a clean problem', ({ text, problems }) => {
    expect(problemsOf(text)).toEqual(problems);
  });

  it('accepts long flat chains up to the length limit', () => {
    for (const op of ['+', '*', ' and ', ' or ']) {
      const text = `1${`${op}1`.repeat(Math.floor((FORMULA_MAX_LENGTH - 1) / (op.length + 1)))}`;
      expect(text.length).toBeGreaterThan(FORMULA_MAX_LENGTH - 6);
      expect(problemsOf(text)).toEqual([]);
    }
    expect(problemsOf('1'.repeat(FORMULA_MAX_LENGTH))).toEqual([]);
    expect(problemsOf('1'.repeat(FORMULA_MAX_LENGTH + 1))).toHaveLength(1);
  });

  it('reads binary garbage without throwing', () => {
    let seed = 7;
    const bytes = Array.from({ length: FORMULA_MAX_LENGTH }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return String.fromCharCode(seed % 256);
    }).join('');
    const result = parseFormula(bytes, MEASURE_NAMES);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const offsets = result.problems.map((p) => p.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });
});

describe('formulaReferences', () => {
  it.each([
    { text: '1 + 2', measures: [], quotaMeasures: [] },
    { text: 'bookings * 0.01', measures: ['bookings'], quotaMeasures: [] },
    {
      text: 'if(attainment(bookings) >= 1.2, units, quota(units) - zero)',
      measures: ['units', 'zero'],
      quotaMeasures: ['bookings', 'units'],
    },
    {
      text: 'not (margin and -abs(units)) or min(1, round(zero, 2), max(1, 2)) < floor(ceil(bookings))',
      measures: ['bookings', 'margin', 'units', 'zero'],
      quotaMeasures: [],
    },
  ])('$text', ({ text, measures, quotaMeasures }) => {
    const result = parseFormula(text, MEASURE_NAMES);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const refs = formulaReferences(result.formula);
    expect([...refs.measures].sort()).toEqual(measures);
    expect([...refs.quotaMeasures].sort()).toEqual(quotaMeasures);
  });
});

describe('FORMULA_RESERVED_WORDS', () => {
  it('lists the keywords and every function name', () => {
    expect([...FORMULA_RESERVED_WORDS].sort()).toEqual(
      ['abs', 'and', 'attainment', 'ceil', 'floor', 'if', 'max', 'min', 'not', 'or', 'quota', 'round'],
    );
  });
});
