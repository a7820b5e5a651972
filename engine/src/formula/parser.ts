import { Rational } from '../rational.js';
import type {
  ArithmeticOperator,
  ArithmeticStep,
  ComparisonOperator,
  Formula,
  FormulaExpr,
  FormulaProblem,
} from './ast.js';
import { clip, tokenize } from './lexer.js';
import type { Punctuation, Token } from './lexer.js';

/**
 * How many parentheses, function calls and unary operators may enclose one another. Real
 * formulas nest a handful of levels; the limit keeps the recursive parser and evaluator far
 * from the JavaScript stack limit whatever the input.
 */
export const FORMULA_MAX_DEPTH = 256;

/**
 * Longest formula accepted, in UTF-16 code units. It bounds the number of operations one
 * evaluation performs; `FORMULA_MAX_DIGITS` bounds the cost of each, so a hostile formula can
 * neither hang the parser nor make exact arithmetic run away (a sum of fractions with distinct
 * denominators otherwise grows its denominator, and the cost of each step, with every term).
 */
export const FORMULA_MAX_LENGTH = 10_000;

type FunctionName = 'if' | 'min' | 'max' | 'abs' | 'round' | 'floor' | 'ceil';

const FUNCTIONS: ReadonlyMap<string, { readonly arity: string; readonly usage: string }> = new Map<
  FunctionName,
  { arity: string; usage: string }
>([
  ['if', { arity: '3 arguments', usage: 'if(condition, then, else)' }],
  ['min', { arity: 'two or more arguments', usage: 'min(a, b, …)' }],
  ['max', { arity: 'two or more arguments', usage: 'max(a, b, …)' }],
  ['abs', { arity: '1 argument', usage: 'abs(x)' }],
  ['round', { arity: '2 arguments', usage: 'round(x, digits)' }],
  ['floor', { arity: '1 argument', usage: 'floor(x)' }],
  ['ceil', { arity: '1 argument', usage: 'ceil(x)' }],
]);

const QUOTA_FUNCTIONS: ReadonlySet<string> = new Set(['quota', 'attainment']);
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not']);

/**
 * Words a formula can never use as a measure name. A workspace validator may want to reject
 * measures named like this, since no formula could refer to them.
 */
export const FORMULA_RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...KEYWORDS,
  ...FUNCTIONS.keys(),
  ...QUOTA_FUNCTIONS,
]);

const MEASURE_NAME = /^[a-z_][a-z0-9_]*$/;

const COMPARISONS: ReadonlySet<string> = new Set<ComparisonOperator>(['<', '<=', '>', '>=', '=', '!=']);

/** Unwinds the parser after the first syntax error; never escapes `parseFormula`. */
class SyntaxStop {}
const STOP = new SyntaxStop();

/** Stands in for a subtree that has a problem; the tree is discarded when there are problems. */
function placeholder(offset: number): FormulaExpr {
  return { kind: 'number', offset, value: Rational.ZERO };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the formula';
    case 'number':
      return `number ${clip(token.text)}`;
    case 'name': {
      const hint = KEYWORDS.has(token.text.toLowerCase()) && !KEYWORDS.has(token.text) ? ' (keywords are lowercase)' : '';
      return `'${clip(token.text)}'${hint}`;
    }
    default:
      return `'${clip(token.text)}'`;
  }
}

class Parser {
  private pos = 0;
  private depth = 0;
  readonly problems: FormulaProblem[] = [];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly measureNames: ReadonlySet<string>,
  ) {}

  parse(): FormulaExpr | undefined {
    try {
      const root = this.parseOr();
      if (this.peek().kind !== 'end') this.fail('an operator or the end of the formula');
      return root;
    } catch (e) {
      if (e !== STOP) throw e;
      this.reportNamesAfterError();
      return undefined;
    }
  }

  // ---- token access -------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    // The lexer always ends with an `end` token, which `advance` never steps past.
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }
  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.pos++;
    return token;
  }
  private at(punctuation: Punctuation, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punctuation' && token.text === punctuation;
  }
  private atKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text === keyword;
  }
  private expect(punctuation: Punctuation, expected: string): void {
    if (!this.at(punctuation)) this.fail(expected);
    this.advance();
  }

  // ---- problems -----------------------------------------------------------------------------

  private report(message: string, offset: number): void {
    this.problems.push({ message, offset });
  }
  private stop(message: string, offset: number): never {
    this.report(message, offset);
    throw STOP;
  }
  /** The syntax error at the current token; a lexer error there speaks for itself. */
  private fail(expected: string): never {
    const token = this.peek();
    if (token.kind === 'invalid') this.stop(token.message, token.offset);
    this.stop(`expected ${expected}, found ${describe(token)}`, token.offset);
  }

  private enter(offset: number): void {
    if (++this.depth > FORMULA_MAX_DEPTH) {
      this.stop(
        `formula nests too deeply: at most ${FORMULA_MAX_DEPTH} levels of parentheses, function calls and unary operators`,
        offset,
      );
    }
  }
  private leave(): void {
    this.depth--;
  }

  private checkMeasure(token: Token): void {
    if (!MEASURE_NAME.test(token.text)) {
      this.report(`invalid name '${clip(token.text)}': names use lowercase letters, digits and '_'`, token.offset);
    } else if (!this.measureNames.has(token.text)) {
      this.report(`unknown measure '${clip(token.text)}'`, token.offset);
    }
  }
  private checkFunction(token: Token): void {
    if (FUNCTIONS.has(token.text) || QUOTA_FUNCTIONS.has(token.text)) return;
    const lower = token.text.toLowerCase();
    const hint = FUNCTIONS.has(lower) || QUOTA_FUNCTIONS.has(lower) ? '; function names are lowercase' : '';
    this.report(`unknown function '${clip(token.text)}'${hint}`, token.offset);
  }

  /**
   * Parsing stops at the first syntax error, but the names after it are still checked: an
   * unknown measure further on is worth reporting in the same run.
   */
  private reportNamesAfterError(): void {
    for (let i = this.pos; i < this.tokens.length; i++) {
      const token = this.tokens[i]!;
      if (token.kind !== 'name' || KEYWORDS.has(token.text.toLowerCase())) continue;
      const next = this.tokens[i + 1];
      if (next?.kind === 'punctuation' && next.text === '(') this.checkFunction(token);
      else if (!FORMULA_RESERVED_WORDS.has(token.text)) this.checkMeasure(token);
    }
  }

  // ---- grammar, loosest binding first -------------------------------------------------------

  private parseOr(): FormulaExpr {
    return this.parseLogical('or', () => this.parseAnd());
  }
  private parseAnd(): FormulaExpr {
    return this.parseLogical('and', () => this.parseNot());
  }
  private parseLogical(op: 'and' | 'or', operand: () => FormulaExpr): FormulaExpr {
    const first = operand();
    if (!this.atKeyword(op)) return first;
    const operands = [first];
    while (this.atKeyword(op)) {
      this.advance();
      operands.push(operand());
    }
    return { kind: 'logical', offset: first.offset, op, operands };
  }

  private parseNot(): FormulaExpr {
    if (!this.atKeyword('not')) return this.parseComparison();
    const token = this.advance();
    this.enter(token.offset);
    const operand = this.parseNot();
    this.leave();
    return { kind: 'not', offset: token.offset, operand };
  }

  private comparisonAhead(): ComparisonOperator | undefined {
    const token = this.peek();
    return token.kind === 'punctuation' && COMPARISONS.has(token.text) ? (token.text as ComparisonOperator) : undefined;
  }

  private parseComparison(): FormulaExpr {
    const left = this.parseAdditive();
    const op = this.comparisonAhead();
    if (op === undefined) return left;
    this.advance();
    const right = this.parseAdditive();
    if (this.comparisonAhead() !== undefined) {
      this.stop("comparisons cannot be chained; combine them with 'and'", this.peek().offset);
    }
    return { kind: 'comparison', offset: left.offset, op, left, right };
  }

  private parseAdditive(): FormulaExpr {
    return this.parseArithmetic('+', '-', () => this.parseMultiplicative());
  }
  private parseMultiplicative(): FormulaExpr {
    return this.parseArithmetic('*', '/', () => this.parseUnary());
  }
  private parseArithmetic(a: ArithmeticOperator, b: ArithmeticOperator, operand: () => FormulaExpr): FormulaExpr {
    const first = operand();
    const rest: ArithmeticStep[] = [];
    while (this.at(a) || this.at(b)) {
      const token = this.advance();
      rest.push({ op: token.text as ArithmeticOperator, offset: token.offset, operand: operand() });
    }
    return rest.length === 0 ? first : { kind: 'arithmetic', offset: first.offset, first, rest };
  }

  private parseUnary(): FormulaExpr {
    if (this.at('+')) this.stop("an expression cannot start with '+'; there is no unary plus", this.peek().offset);
    if (!this.at('-')) return this.parsePrimary();
    const token = this.advance();
    this.enter(token.offset);
    const operand = this.parseUnary();
    this.leave();
    return { kind: 'negate', offset: token.offset, operand };
  }

  private parsePrimary(): FormulaExpr {
    const token = this.peek();
    if (token.kind === 'number') {
      this.advance();
      const value = Rational.parse(token.text);
      if (value === undefined) this.stop(`invalid number '${clip(token.text)}'`, token.offset);
      return { kind: 'number', offset: token.offset, value };
    }
    if (token.kind === 'punctuation' && token.text === '(') {
      this.advance();
      this.enter(token.offset);
      const inner = this.parseOr();
      this.expect(')', "')'");
      this.leave();
      return inner;
    }
    if (token.kind !== 'name') this.fail('an expression');
    if (token.text === 'not') this.fail("an expression (put 'not …' in parentheses here)");
    if (KEYWORDS.has(token.text)) this.fail('an expression');
    if (this.at('(', 1)) return this.parseCall();
    this.advance();
    const fn = FUNCTIONS.get(token.text);
    if (fn !== undefined || QUOTA_FUNCTIONS.has(token.text)) {
      this.report(`'${token.text}' is a function; call it as ${fn?.usage ?? `${token.text}(measure)`}`, token.offset);
      return placeholder(token.offset);
    }
    this.checkMeasure(token);
    return { kind: 'measure', offset: token.offset, name: token.text };
  }

  private parseCall(): FormulaExpr {
    const name = this.advance();
    const open = this.advance();
    if (QUOTA_FUNCTIONS.has(name.text)) {
      const fn = name.text as 'quota' | 'attainment';
      const arg = this.peek();
      if (arg.kind === 'name' && this.at(')', 1) && !FORMULA_RESERVED_WORDS.has(arg.text)) {
        this.advance();
        this.advance();
        this.checkMeasure(arg);
        return { kind: 'quota', offset: name.offset, fn, measure: arg.text };
      }
      // Parsed first so that a syntax error inside stands alone rather than behind this complaint.
      this.parseArguments(open);
      this.report(`${fn}() takes one measure name, such as ${fn}(bookings)`, name.offset);
      return placeholder(name.offset);
    }
    this.checkFunction(name);
    const args = this.parseArguments(open);
    const fn = FUNCTIONS.get(name.text);
    if (fn === undefined) return placeholder(name.offset);
    const offset = name.offset;
    const [a, b, c] = args;
    switch (name.text as FunctionName) {
      case 'if':
        if (args.length === 3 && a && b && c) return { kind: 'if', offset, condition: a, then: b, otherwise: c };
        break;
      case 'min':
      case 'max':
        if (a && b) return { kind: 'extremum', offset, fn: name.text as 'min' | 'max', args: [a, b, ...args.slice(2)] };
        break;
      case 'abs':
      case 'floor':
      case 'ceil':
        if (args.length === 1 && a) return { kind: 'math', offset, fn: name.text as 'abs' | 'floor' | 'ceil', arg: a };
        break;
      case 'round':
        if (args.length === 2 && a && b) return { kind: 'round', offset, value: a, digits: b };
        break;
    }
    this.report(`${name.text}() takes ${fn.arity}, got ${args.length}: ${fn.usage}`, offset);
    return placeholder(offset);
  }

  private parseArguments(open: Token): FormulaExpr[] {
    this.enter(open.offset);
    const args: FormulaExpr[] = [];
    if (!this.at(')')) {
      args.push(this.parseOr());
      while (this.at(',')) {
        this.advance();
        args.push(this.parseOr());
      }
    }
    this.expect(')', "',' or ')'");
    this.leave();
    return args;
  }
}

/**
 * Parses a formula against the plan's measure names. Never throws: every problem found,
 * including unknown names and at least the first syntax error, comes back ordered by offset.
 */
export function parseFormula(
  text: string,
  measureNames: ReadonlySet<string>,
): { ok: true; formula: Formula } | { ok: false; problems: readonly FormulaProblem[] } {
  if (text.length > FORMULA_MAX_LENGTH) {
    return {
      ok: false,
      problems: [{ message: `formula is too long: ${text.length} characters, at most ${FORMULA_MAX_LENGTH}`, offset: 0 }],
    };
  }
  const tokens = tokenize(text);
  if (tokens[0]?.kind === 'end') return { ok: false, problems: [{ message: 'formula is empty', offset: 0 }] };
  const parser = new Parser(tokens, measureNames);
  const root = parser.parse();
  if (root === undefined || parser.problems.length > 0) {
    const problems = parser.problems.slice().sort((p, q) => p.offset - q.offset);
    return { ok: false, problems };
  }
  return { ok: true, formula: { text, root } };
}
