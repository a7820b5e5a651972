import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../../server/src/errors.js';
import { en } from '../i18n/en';
import { financeEn } from '../i18n/finance.en';
import { financeMs } from '../i18n/finance.ms';
import { ms } from '../i18n/ms';
import { ApiError } from './client';
import { errorText } from './error-text';

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: { ...en, finance: financeEn } }, ms: { translation: { ...ms, finance: financeMs } } },
  lng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});
const inLanguage = (language: 'en' | 'ms') => i18n.getFixedT(language);

describe('errorText', () => {
  it.each([
    [new ApiError(409, 'PERIOD_LOCKED', 'period 2026-Q1 is locked'), 'period 2026-Q1 is locked', 'Tempoh ini telah dikunci (period 2026-Q1 is locked)'],
    [new ApiError(403, 'FORBIDDEN', 'finance only'), 'finance only', 'Anda tidak dibenarkan berbuat demikian (finance only)'],
    [new ApiError(0, 'NETWORK', 'TypeError: Failed to fetch'), 'TypeError: Failed to fetch', 'Tidak dapat menghubungi pelayan (TypeError: Failed to fetch)'],
    [new ApiError(502, 'HTTP_502', 'Bad Gateway'), 'Bad Gateway', 'Permintaan gagal (Bad Gateway)'],
    [new Error('boom'), 'boom', 'boom'],
    ['plain text', 'plain text', 'plain text'],
  ])('%s: in English as the server said it, in Malay what it means first', (error, english, malay) => {
    expect(errorText(error, inLanguage('en'))).toBe(english);
    expect(errorText(error, inLanguage('ms'))).toBe(malay);
  });

  it.each(Object.keys(STATUS))('the server code %s has its own sentence in Malay', (code) => {
    const text = errorText(new ApiError(400, code, 'detail'), inLanguage('ms'));
    expect(text).not.toBe(errorText(new ApiError(400, 'HTTP_400', 'detail'), inLanguage('ms')));
    expect(text).toMatch(/\(detail\)$/);
  });

  it('a code that looks like an Object property is not taken for one', () => {
    expect(errorText(new ApiError(400, 'toString', 'x'), inLanguage('ms'))).toBe('Permintaan gagal (x)');
  });
});
