/**
 * Splits formula text into tokens in one left-to-right pass: every character is looked at a
 * bounded number of times and no regular expression runs over the input, so lexing is linear
 * even on megabytes of garbage.
 */

export type Punctuation =
  | '+'
  | '-'
  | '*'
  | '/'
  | '('
  | ')'
  | ','
  | '<'
  | '<='
  | '>'
  | '>='
  | '='
  | '!=';

export type Token =
  | { readonly kind: 'number'; readonly text: string; readonly offset: number }
  /** Any word of ASCII letters, digits and `_`; the parser decides what is a valid name. */
  | { readonly kind: 'name'; readonly text: string; readonly offset: number }
  | { readonly kind: 'punctuation'; readonly text: Punctuation; readonly offset: number }
  | { readonly kind: 'invalid'; readonly text: string; readonly offset: number; readonly message: string }
  | { readonly kind: 'end'; readonly text: ''; readonly offset: number };

const enum C {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  Ampersand = 38,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Digit0 = 48,
  Digit9 = 57,
  Less = 60,
  Equals = 61,
  Greater = 62,
  UpperA = 65,
  UpperZ = 90,
  Underscore = 95,
  LowerA = 97,
  LowerZ = 122,
  Bar = 124,
  LeftParen = 40,
  RightParen = 41,
}

function isDigit(c: number): boolean {
  return c >= C.Digit0 && c <= C.Digit9;
}
function isWordStart(c: number): boolean {
  return (c >= C.LowerA && c <= C.LowerZ) || (c >= C.UpperA && c <= C.UpperZ) || c === C.Underscore;
}
function isWordChar(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

/** Keeps messages readable when the offending text is a megabyte long. */
export function clip(text: string, max = 24): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function describeCodePoint(cp: number): string {
  if (cp > 0x20 && cp < 0x7f) return `'${String.fromCharCode(cp)}'`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

const CHARACTER_HINTS: ReadonlyMap<number, string> = new Map([
  [C.Ampersand, "; use 'and'"],
  [C.Bar, "; use 'or'"],
  [C.Bang, "; use 'not', or '!=' for not equal"],
]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;

  // A malformed number swallows its whole run of word characters and dots so that `1e5` or
  // `1.2.3` is reported once, as a number, rather than as a number followed by a stray name.
  const badNumber = (start: number): void => {
    let j = start;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (!isWordChar(c) && c !== C.Dot) break;
      j++;
    }
    const t = text.slice(start, j);
    tokens.push({
      kind: 'invalid',
      text: t,
      offset: start,
      message: `invalid number '${clip(t)}': numbers are plain decimals such as 12 or 0.5`,
    });
    i = j;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C.Space || c === C.Tab || c === C.LineFeed || c === C.CarriageReturn) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === C.Dot && isDigit(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const next = text.charCodeAt(i);
      if (i < n && (isWordChar(next) || next === C.Dot)) badNumber(start);
      else tokens.push({ kind: 'number', text: text.slice(start, i), offset: start });
      continue;
    }
    if (c === C.Dot && isDigit(text.charCodeAt(i + 1))) {
      badNumber(start);
      continue;
    }
    if (isWordStart(c)) {
      i++;
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'name', text: text.slice(start, i), offset: start });
      continue;
    }
    const next = text.charCodeAt(i + 1);
    let punctuation: Punctuation | undefined;
    switch (c) {
      case C.Plus:
        punctuation = '+';
        break;
      case C.Minus:
        punctuation = '-';
        break;
      case C.Star:
        punctuation = '*';
        break;
      case C.Slash:
        punctuation = '/';
        break;
      case C.LeftParen:
        punctuation = '(';
        break;
      case C.RightParen:
        punctuation = ')';
        break;
      case C.Comma:
        punctuation = ',';
        break;
      case C.Less:
        punctuation = next === C.Equals ? '<=' : '<';
        break;
      case C.Greater:
        punctuation = next === C.Equals ? '>=' : '>';
        break;
      case C.Equals:
        if (next === C.Equals) {
          tokens.push({ kind: 'invalid', text: '==', offset: start, message: "unexpected '=='; use '=' to compare" });
          i += 2;
          continue;
        }
        punctuation = '=';
        break;
      case C.Bang:
        if (next === C.Equals) punctuation = '!=';
        break;
    }
    if (punctuation !== undefined) {
      tokens.push({ kind: 'punctuation', text: punctuation, offset: start });
      i += punctuation.length;
      continue;
    }
    // Step over a whole surrogate pair so an emoji is one bad character, not two halves.
    const cp = text.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    tokens.push({
      kind: 'invalid',
      text: text.slice(i, i + width),
      offset: start,
      message: `unexpected character ${describeCodePoint(cp)}${CHARACTER_HINTS.get(c) ?? ''}`,
    });
    i += width;
  }
  tokens.push({ kind: 'end', text: '', offset: n });
  return tokens;
}
