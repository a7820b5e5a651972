import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../rational.js';
import type { RoundingMode } from '../rational.js';
import { FormulaEvaluationError, evaluateFormula } from './evaluate.js';
import { FORMULA_MAX_DEPTH, parseFormula } from './parser.js';
import { formulaReferences } from './references.js';
import { MEASURES, MEASURE_NAMES, QUOTAS, testScope } from './test-support/scope.js';

/** Parses and, when that works, evaluates; fails the property on anything but the allowed outcomes. */
function parseAndEvaluate(text: string, rounding: RoundingMode = 'half_up'): 'problems' | 'value' | 'error' {
  const result = parseFormula(text, MEASURE_NAMES);
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.offset).toBeGreaterThanOrEqual(0);
      expect(p.offset).toBeLessThanOrEqual(text.length);
      expect(p.message).not.toBe('');
    }
    return 'problems';
  }
  formulaReferences(result.formula);
  try {
    expect(evaluateFormula(result.formula, testScope(rounding))).toBeInstanceOf(Rational);
    return 'value';
  } catch (e) {
    if (e instanceof FormulaEvaluationError) return 'error';
    throw e;
  }
}

const PIECES = [
  ...['0', '1', '2', '0.5', '10', '007', '1.', '.5', '1e3'],
  ...['bookings', 'units', 'zero', 'margin', 'nope', 'Units'],
  ...['if', 'min', 'max', 'abs', 'round', 'floor', 'ceil', 'quota', 'attainment', 'sqrt'],
  ...[' and ', ' or ', 'not ', 'AND'],
  ...['+', '-', '*', '/', '<', '<=', '>', '>=', '=', '!=', '==', '!', '(', ')', ',', ' ', '\n', '&', '#', 'é'],
];

describe('fuzz', () => {
  it('never throws on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40, size: 'max' }), (pieces) => {
        parseAndEvaluate(pieces.join(''));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200, size: 'max' }), fc.string({ maxLength: 200, size: 'max' })), (text) => {
        parseAndEvaluate(text);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('accepts nesting up to the limit and rejects deeper nesting cleanly', () => {
    // [open, close, nesting levels]. Every opener starts a nested operand, so a leading '-' always
    // adds a level; `not` is parenthesized because `-not x` is not a formula.
    const wrappers: readonly (readonly [string, string, number])[] = [
      ['(', ')', 1],
      ['-', '', 1],
      ['(not ', ')', 2],
      ['abs(', ')', 1],
      ['if(1, ', ', 0)', 1],
      ['min(units, ', ')', 1],
      ['round(', ', 2)', 1],
      ['(1 + ', ') * 2', 1],
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...wrappers), { minLength: 1, maxLength: 8 }),
        fc.oneof(fc.integer({ min: 240, max: 270 }), fc.integer({ min: 0, max: 1_200 })),
        fc.constantFrom('1', 'units', '1/zero', 'attainment(bookings)'),
        (pattern, count, core) => {
          // Cycling a short random pattern reaches any depth without fast-check's small array sizes.
          const layers = Array.from({ length: count }, (_, i) => pattern[i % pattern.length]!);
          const text = layers.map(([open]) => open).join('') + core + layers.map(([, close]) => close).reverse().join('');
          const levels = layers.reduce((sum, [, , n]) => sum + n, 0);
          const outcome = parseAndEvaluate(text);
          if (text.length <= 10_000) expect(outcome === 'problems').toBe(levels > FORMULA_MAX_DEPTH);
          else expect(outcome).toBe('problems');
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it('never throws when deep nestings are cut or spliced at random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000 }),
        fc.constantFrom('(', '-', 'not ', 'if(1,', 'max(0,'),
        fc.nat(),
        fc.nat(),
        (depth, open, cut, splice) => {
          const whole = `${open.repeat(depth)}1${')'.repeat(depth)}`;
          const at = cut % (whole.length + 1);
          parseAndEvaluate(whole.slice(0, at) + whole.slice(Math.min(whole.length, at + (splice % 5))));
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  // Well-formed formulas printed twice, fully parenthesized and with as few parentheses as the
  // precedence rules allow, must both parse and agree with a direct computation of the tree.
  it('computes generated formulas as their trees say, under both printings', () => {
    /** prec: 1 or, 2 and, 3 not, 4 comparison, 5 + -, 6 * /, 7 unary minus, 8 atoms and calls */
    interface Gen {
      readonly full: string;
      readonly bare: string;
      readonly prec: number;
      readonly value: (mode: RoundingMode) => Rational | undefined;
    }
    const wrap = (g: Gen, need: number): string => (g.prec >= need ? g.bare : `(${g.bare})`);
    const truth = (b: boolean): Rational => (b ? Rational.ONE : Rational.ZERO);
    const lift2 =
      (a: Gen, b: Gen, f: (x: Rational, y: Rational) => Rational | undefined) =>
      (mode: RoundingMode): Rational | undefined => {
        const x = a.value(mode);
        const y = b.value(mode);
        return x === undefined || y === undefined ? undefined : f(x, y);
      };

    const number = fc
      .tuple(fc.nat(1000), fc.option(fc.nat(999), { nil: undefined }))
      .map(([i, f]): Gen => {
        const text = f === undefined ? `${i}` : `${i}.${f}`;
        const value = Rational.parse(text)!;
        return { full: text, bare: text, prec: 8, value: () => value };
      });
    const measure = fc.constantFrom(...Object.keys(MEASURES)).map((name): Gen => {
      const value = MEASURES[name]!;
      return { full: name, bare: name, prec: 8, value: () => value };
    });
    const quota = fc
      .tuple(fc.constantFrom('quota', 'attainment'), fc.constantFrom(...Object.keys(QUOTAS)))
      .map(([fn, name]): Gen => {
        const q = QUOTAS[name]!;
        const value = fn === 'quota' ? q : MEASURES[name]!.div(q);
        return { full: `${fn}(${name})`, bare: `${fn}(${name})`, prec: 8, value: () => value };
      });

    const { expr } = fc.letrec<{ expr: Gen }>((tie) => {
      const sub = tie('expr');
      const binary = fc
        .tuple(sub, fc.constantFrom('+', '-', '*', '/', '<', '<=', '>', '>=', '=', '!=', 'and', 'or'), sub)
        .map(([a, op, b]): Gen => {
          const prec = { '+': 5, '-': 5, '*': 6, '/': 6, and: 2, or: 1 }[op as string] ?? 4;
          const [left, right] = prec === 4 ? [5, 5] : [prec, prec + 1];
          const full = `(${a.full} ${op} ${b.full})`;
          const bare = `${wrap(a, left)} ${op} ${wrap(b, right)}`;
          const value = (mode: RoundingMode): Rational | undefined => {
            if (op === 'and' || op === 'or') {
              const x = a.value(mode);
              if (x === undefined) return undefined;
              if (x.isZero() === (op === 'and')) return truth(op === 'or');
              const y = b.value(mode);
              return y === undefined ? undefined : truth(!y.isZero());
            }
            return lift2(a, b, (x, y) => {
              switch (op) {
                case '+':
                  return x.add(y);
                case '-':
                  return x.sub(y);
                case '*':
                  return x.mul(y);
                case '/':
                  return y.isZero() ? undefined : x.div(y);
                case '<':
                  return truth(x.lt(y));
                case '<=':
                  return truth(x.le(y));
                case '>':
                  return truth(x.gt(y));
                case '>=':
                  return truth(x.ge(y));
                case '=':
                  return truth(x.eq(y));
                default:
                  return truth(!x.eq(y));
              }
            })(mode);
          };
          return { full, bare, prec, value };
        });
      const negate = sub.map(
        (a): Gen => ({
          full: `(-${a.full})`,
          bare: `-${wrap(a, 7)}`,
          prec: 7,
          value: (mode) => a.value(mode)?.neg(),
        }),
      );
      const not = sub.map(
        (a): Gen => ({
          full: `(not ${a.full})`,
          bare: `not ${wrap(a, 3)}`,
          prec: 3,
          value: (mode) => {
            const x = a.value(mode);
            return x === undefined ? undefined : truth(x.isZero());
          },
        }),
      );
      const iff = fc.tuple(sub, sub, sub).map(
        ([c, a, b]): Gen => ({
          full: `if(${c.full}, ${a.full}, ${b.full})`,
          bare: `if(${c.bare}, ${a.bare}, ${b.bare})`,
          prec: 8,
          value: (mode) => {
            const x = c.value(mode);
            if (x === undefined) return undefined;
            return x.isZero() ? b.value(mode) : a.value(mode);
          },
        }),
      );
      const extremum = fc.tuple(fc.constantFrom('min', 'max'), fc.array(sub, { minLength: 2, maxLength: 4 })).map(
        ([fn, args]): Gen => ({
          full: `${fn}(${args.map((a) => a.full).join(', ')})`,
          bare: `${fn}(${args.map((a) => a.bare).join(', ')})`,
          prec: 8,
          value: (mode) => {
            const values = args.map((a) => a.value(mode));
            if (values.some((v) => v === undefined)) return undefined;
            return (values as Rational[]).reduce(fn === 'min' ? Rational.min : Rational.max);
          },
        }),
      );
      const math = fc.tuple(fc.constantFrom('abs', 'floor', 'ceil'), sub).map(
        ([fn, a]): Gen => ({
          full: `${fn}(${a.full})`,
          bare: `${fn}(${a.bare})`,
          prec: 8,
          value: (mode) => {
            const x = a.value(mode);
            return x === undefined ? undefined : fn === 'abs' ? x.abs() : fn === 'floor' ? x.floor() : x.ceil();
          },
        }),
      );
      const round = fc.tuple(sub, fc.constantFrom('0', '1', '2', '-1', '-2', '0.5')).map(
        ([a, digits]): Gen => ({
          full: `round(${a.full}, ${digits})`,
          bare: `round(${a.bare}, ${digits})`,
          prec: 8,
          value: (mode) => {
            const x = a.value(mode);
            return x === undefined || digits === '0.5' ? undefined : x.round(Number(digits), mode);
          },
        }),
      );
      return {
        expr: fc.oneof(
          { maxDepth: 5, depthIdentifier: 'expr' },
          number,
          measure,
          quota,
          binary,
          negate,
          not,
          iff,
          extremum,
          math,
          round,
        ),
      };
    });

    fc.assert(
      fc.property(expr, fc.constantFrom<RoundingMode>('half_up', 'half_even'), (g, mode) => {
        const expected = g.value(mode);
        for (const text of [g.full, g.bare]) {
          const result = parseFormula(text, MEASURE_NAMES);
          if (!result.ok) throw new Error(`${text}: ${JSON.stringify(result.problems)}`);
          let actual: Rational | undefined;
          try {
            actual = evaluateFormula(result.formula, testScope(mode));
          } catch (e) {
            if (!(e instanceof FormulaEvaluationError)) throw e;
          }
          expect(actual?.toString(), text).toBe(expected?.toString());
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
