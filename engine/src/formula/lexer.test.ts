import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';

const shape = (text: string) => tokenize(text).map((t) => [t.kind, t.text, t.offset]);

describe('tokenize', () => {
  it.each([
    { text: 'a+1.5', tokens: [['name', 'a', 0], ['punctuation', '+', 1], ['number', '1.5', 2], ['end', '', 5]] },
    {
      text: ' x_1\t<=\n2 >= 3',
      tokens: [
        ['name', 'x_1', 1],
        ['punctuation', '<=', 5],
        ['number', '2', 8],
        ['punctuation', '>=', 10],
        ['number', '3', 13],
        ['end', '', 14],
      ],
    },
    {
      text: '<>=!=(),*/-',
      tokens: [
        ['punctuation', '<', 0],
        ['punctuation', '>=', 1],
        ['punctuation', '!=', 3],
        ['punctuation', '(', 5],
        ['punctuation', ')', 6],
        ['punctuation', ',', 7],
        ['punctuation', '*', 8],
        ['punctuation', '/', 9],
        ['punctuation', '-', 10],
        ['end', '', 11],
      ],
    },
    { text: '007 0.250', tokens: [['number', '007', 0], ['number', '0.250', 4], ['end', '', 9]] },
    { text: 'IF _x9', tokens: [['name', 'IF', 0], ['name', '_x9', 3], ['end', '', 6]] },
    { text: '1-2', tokens: [['number', '1', 0], ['punctuation', '-', 1], ['number', '2', 2], ['end', '', 3]] },
    { text: '', tokens: [['end', '', 0]] },
    { text: '\r\n ', tokens: [['end', '', 3]] },
  ])('splits $text', ({ text, tokens }) => {
    expect(shape(text)).toEqual(tokens);
  });

  it.each([
    { text: '1e5', offset: 0, bad: '1e5', message: "invalid number '1e5': numbers are plain decimals such as 12 or 0.5" },
    { text: 'x * 1.', offset: 4, bad: '1.', message: "invalid number '1.': numbers are plain decimals such as 12 or 0.5" },
    { text: '.5', offset: 0, bad: '.5', message: "invalid number '.5': numbers are plain decimals such as 12 or 0.5" },
    { text: '2+1.2.3', offset: 2, bad: '1.2.3', message: "invalid number '1.2.3': numbers are plain decimals such as 12 or 0.5" },
    { text: '1_000', offset: 0, bad: '1_000', message: "invalid number '1_000': numbers are plain decimals such as 12 or 0.5" },
    { text: 'a # b', offset: 2, bad: '#', message: "unexpected character '#'" },
    { text: 'a & b', offset: 2, bad: '&', message: "unexpected character '&'; use 'and'" },
    { text: 'a || b', offset: 2, bad: '|', message: "unexpected character '|'; use 'or'" },
    { text: '!a', offset: 0, bad: '!', message: "unexpected character '!'; use 'not', or '!=' for not equal" },
    { text: 'a == b', offset: 2, bad: '==', message: "unexpected '=='; use '=' to compare" },
    { text: 'é', offset: 0, bad: 'é', message: 'unexpected character U+00E9' },
    { text: 'a\u0000', offset: 1, bad: '\u0000', message: 'unexpected character U+0000' },
    { text: '1 + 😀', offset: 4, bad: '😀', message: 'unexpected character U+1F600' },
    { text: '.', offset: 0, bad: '.', message: "unexpected character '.'" },
  ])('reports $bad in $text at $offset', ({ text, offset, bad, message }) => {
    const invalid = tokenize(text).find((t) => t.kind === 'invalid');
    expect(invalid).toEqual({ kind: 'invalid', text: bad, offset, message });
  });

  it('clips long bad text in messages', () => {
    const t = tokenize(`1${'e'.repeat(10_000)}`)[0];
    expect(t?.kind).toBe('invalid');
    expect(t?.kind === 'invalid' && t.message.length).toBeLessThan(120);
  });

  it('keeps going after a bad character, one token per character', () => {
    expect(shape('#a')).toEqual([
      ['invalid', '#', 0],
      ['name', 'a', 1],
      ['end', '', 2],
    ]);
  });

  it('lexes megabytes in linear time', () => {
    const text = 'bookings_2026 * 0.025 + (x<=3) '.repeat(100_000); // 3.1 MB
    const started = performance.now();
    const tokens = tokenize(text);
    expect(tokens).toHaveLength(9 * 100_000 + 1);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
