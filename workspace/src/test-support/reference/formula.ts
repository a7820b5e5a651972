// Formula language: a small recursive-descent parser and an exact evaluator.
//
// Grammar (loosest first):
//   expr    := or
//   or      := and ('or' and)*
//   and     := not ('and' not)*
//   not     := 'not' not | cmp
//   cmp     := add (CMP add)?            -- not chainable
//   add     := mul (('+' | '-') mul)*
//   mul     := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := NUMBER | NAME | NAME '(' args ')' | '(' expr ')'

import { Rat } from './rational.js';
import type { RoundingRule } from './rational.js';

export type Expr =
  | { kind: 'num'; value: Rat }
  | { kind: 'measure'; name: string }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'not'; arg: Expr }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'cmp'; op: '<' | '<=' | '>' | '>=' | '=' | '!='; left: Expr; right: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'quota' | 'attainment'; measure: string };

type Token =
  | { t: 'num'; text: string }
  | { t: 'name'; text: string }
  | { t: 'op'; text: string }
  | { t: 'end' };

const KEYWORDS = new Set(['and', 'or', 'not']);
const FUNCTIONS = new Set(['if', 'min', 'max', 'abs', 'round', 'floor', 'ceil', 'quota', 'attainment']);
export const MEASURE_NAME_RE = /^[a-z_][a-z0-9_]*$/;

class FormulaSyntaxError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c >= '0' && c <= '9') {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      tokens.push({ t: 'num', text });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      tokens.push({ t: 'name', text });
      i += text.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '!=') {
      tokens.push({ t: 'op', text: two });
      i += 2;
      continue;
    }
    if ('+-*/()<>=,'.includes(c)) {
      tokens.push({ t: 'op', text: c });
      i++;
      continue;
    }
    throw new FormulaSyntaxError(`unexpected character '${c}'`);
  }
  tokens.push({ t: 'end' });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? { t: 'end' };
  }
  private next(): Token {
    const tok = this.peek();
    this.pos++;
    return tok;
  }
  private isOp(text: string): boolean {
    const tok = this.peek();
    return tok.t === 'op' && tok.text === text;
  }
  private isKeyword(text: string): boolean {
    const tok = this.peek();
    return tok.t === 'name' && tok.text === text;
  }
  private expectOp(text: string): void {
    if (!this.isOp(text)) throw new FormulaSyntaxError(`expected '${text}'`);
    this.pos++;
  }

  parseAll(): Expr {
    const e = this.parseOr();
    if (this.peek().t !== 'end') throw new FormulaSyntaxError('unexpected input after expression');
    return e;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.pos++;
      const right = this.parseAnd();
      left = { kind: 'or', left, right };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('and')) {
      this.pos++;
      const right = this.parseNot();
      left = { kind: 'and', left, right };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isKeyword('not')) {
      this.pos++;
      return { kind: 'not', arg: this.parseNot() };
    }
    return this.parseCmp();
  }

  private cmpOp(): '<' | '<=' | '>' | '>=' | '=' | '!=' | undefined {
    const tok = this.peek();
    if (tok.t !== 'op') return undefined;
    switch (tok.text) {
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '=':
      case '!=':
        return tok.text;
      default:
        return undefined;
    }
  }

  private parseCmp(): Expr {
    const left = this.parseAdd();
    const op = this.cmpOp();
    if (op === undefined) return left;
    this.pos++;
    const right = this.parseAdd();
    if (this.cmpOp() !== undefined) throw new FormulaSyntaxError('comparisons cannot be chained');
    return { kind: 'cmp', op, left, right };
  }

  private parseAdd(): Expr {
    let left = this.parseMul();
    for (;;) {
      if (this.isOp('+')) {
        this.pos++;
        left = { kind: 'bin', op: '+', left, right: this.parseMul() };
      } else if (this.isOp('-')) {
        this.pos++;
        left = { kind: 'bin', op: '-', left, right: this.parseMul() };
      } else {
        return left;
      }
    }
  }

  private parseMul(): Expr {
    let left = this.parseUnary();
    for (;;) {
      if (this.isOp('*')) {
        this.pos++;
        left = { kind: 'bin', op: '*', left, right: this.parseUnary() };
      } else if (this.isOp('/')) {
        this.pos++;
        left = { kind: 'bin', op: '/', left, right: this.parseUnary() };
      } else {
        return left;
      }
    }
  }

  private parseUnary(): Expr {
    if (this.isOp('-')) {
      this.pos++;
      return { kind: 'neg', arg: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const tok = this.next();
    if (tok.t === 'num') {
      const value = Rat.parseDecimal(tok.text);
      if (value === undefined) throw new FormulaSyntaxError(`bad number ${tok.text}`);
      return { kind: 'num', value };
    }
    if (tok.t === 'op' && tok.text === '(') {
      const e = this.parseOr();
      this.expectOp(')');
      return e;
    }
    if (tok.t === 'name') {
      if (KEYWORDS.has(tok.text)) throw new FormulaSyntaxError(`unexpected '${tok.text}'`);
      if (this.isOp('(')) {
        this.pos++;
        const args: Expr[] = [];
        if (!this.isOp(')')) {
          args.push(this.parseOr());
          while (this.isOp(',')) {
            this.pos++;
            args.push(this.parseOr());
          }
        }
        this.expectOp(')');
        return this.makeCall(tok.text, args);
      }
      return { kind: 'measure', name: tok.text };
    }
    throw new FormulaSyntaxError('unexpected token');
  }

  private makeCall(name: string, args: Expr[]): Expr {
    if (!FUNCTIONS.has(name)) throw new FormulaSyntaxError(`unknown function ${name}`);
    const arity = (ok: boolean): void => {
      if (!ok) throw new FormulaSyntaxError(`wrong number of arguments to ${name}`);
    };
    switch (name) {
      case 'if':
        arity(args.length === 3);
        break;
      case 'min':
      case 'max':
        arity(args.length >= 2);
        break;
      case 'abs':
      case 'floor':
      case 'ceil':
        arity(args.length === 1);
        break;
      case 'round':
        arity(args.length === 2);
        break;
      case 'quota':
      case 'attainment': {
        arity(args.length === 1);
        const arg = args[0];
        if (arg === undefined || arg.kind !== 'measure') {
          throw new FormulaSyntaxError(`${name}() takes a measure name`);
        }
        return { kind: name, measure: arg.name };
      }
      default:
        break;
    }
    return { kind: 'call', name, args };
  }
}

export type ParseFormulaResult = { ok: true; expr: Expr } | { ok: false; message: string };

/** Parses a formula and checks every measure name against `measures`. */
export function parseFormula(src: string, measures: ReadonlySet<string>): ParseFormulaResult {
  let expr: Expr;
  try {
    expr = new Parser(tokenize(src)).parseAll();
  } catch (e: unknown) {
    if (e instanceof FormulaSyntaxError) return { ok: false, message: e.message };
    throw e;
  }
  const unknown: string[] = [];
  visit(expr, (name) => {
    if (!measures.has(name)) unknown.push(name);
  }, () => undefined);
  if (unknown.length > 0) return { ok: false, message: `unknown measure ${unknown.join(', ')}` };
  return { ok: true, expr };
}

function visit(e: Expr, onMeasure: (name: string) => void, onQuota: (name: string) => void): void {
  switch (e.kind) {
    case 'num':
      return;
    case 'measure':
      onMeasure(e.name);
      return;
    case 'neg':
    case 'not':
      visit(e.arg, onMeasure, onQuota);
      return;
    case 'bin':
    case 'cmp':
    case 'and':
    case 'or':
      visit(e.left, onMeasure, onQuota);
      visit(e.right, onMeasure, onQuota);
      return;
    case 'call':
      for (const a of e.args) visit(a, onMeasure, onQuota);
      return;
    case 'quota':
    case 'attainment':
      onMeasure(e.measure);
      onQuota(e.measure);
      return;
  }
}

/** Measures named in quota(m) or attainment(m) anywhere in the formula (statically). */
export function quotaMeasures(e: Expr): string[] {
  const out: string[] = [];
  visit(e, () => undefined, (name) => {
    if (!out.includes(name)) out.push(name);
  });
  return out;
}

export interface FormulaEnv {
  measure(name: string): Rat;
  quota(name: string): Rat;
  rounding: RoundingRule;
}

export class FormulaEvalError extends Error {}

const bool = (b: boolean): Rat => (b ? Rat.ONE : Rat.ZERO);

export function evaluate(e: Expr, env: FormulaEnv): Rat {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'measure':
      return env.measure(e.name);
    case 'neg':
      return evaluate(e.arg, env).neg();
    case 'not':
      return bool(evaluate(e.arg, env).isZero());
    case 'bin': {
      const l = evaluate(e.left, env);
      const r = evaluate(e.right, env);
      switch (e.op) {
        case '+':
          return l.add(r);
        case '-':
          return l.sub(r);
        case '*':
          return l.mul(r);
        case '/':
          if (r.isZero()) throw new FormulaEvalError('division by zero');
          return l.div(r);
      }
      break;
    }
    case 'cmp': {
      const c = evaluate(e.left, env).cmp(evaluate(e.right, env));
      switch (e.op) {
        case '<':
          return bool(c < 0);
        case '<=':
          return bool(c <= 0);
        case '>':
          return bool(c > 0);
        case '>=':
          return bool(c >= 0);
        case '=':
          return bool(c === 0);
        case '!=':
          return bool(c !== 0);
      }
      break;
    }
    case 'and':
      if (evaluate(e.left, env).isZero()) return Rat.ZERO;
      return bool(!evaluate(e.right, env).isZero());
    case 'or':
      if (!evaluate(e.left, env).isZero()) return Rat.ONE;
      return bool(!evaluate(e.right, env).isZero());
    case 'quota':
      return env.quota(e.measure);
    case 'attainment': {
      const q = env.quota(e.measure);
      if (q.isZero()) throw new FormulaEvalError('division by zero (quota is zero)');
      return env.measure(e.measure).div(q);
    }
    case 'call':
      return evaluateCall(e.name, e.args, env);
  }
  throw new Error('unreachable');
}

function evaluateCall(name: string, args: readonly Expr[], env: FormulaEnv): Rat {
  const arg = (i: number): Rat => {
    const a = args[i];
    if (a === undefined) throw new Error(`missing argument ${i} to ${name}`);
    return evaluate(a, env);
  };
  switch (name) {
    case 'if':
      return arg(0).isZero() ? arg(2) : arg(1);
    case 'min': {
      let best = arg(0);
      for (let i = 1; i < args.length; i++) {
        const v = arg(i);
        if (v.lt(best)) best = v;
      }
      return best;
    }
    case 'max': {
      let best = arg(0);
      for (let i = 1; i < args.length; i++) {
        const v = arg(i);
        if (v.gt(best)) best = v;
      }
      return best;
    }
    case 'abs':
      return arg(0).abs();
    case 'floor':
      return arg(0).floor();
    case 'ceil':
      return arg(0).ceil();
    case 'round': {
      const x = arg(0);
      const digits = arg(1);
      if (!digits.isInteger()) throw new FormulaEvalError('round() digits must be a whole number');
      return x.round(Number(digits.n), env.rounding);
    }
    default:
      throw new Error(`unknown function ${name}`);
  }
}
