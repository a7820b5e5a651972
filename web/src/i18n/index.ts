import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { financeEn } from './finance.en';
import { financeMs } from './finance.ms';
import { ms } from './ms';

export const LANGUAGES = ['en', 'ms'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Intl locale per language: Malaysian formats (RM, dd/mm/yyyy) in both. */
export const LOCALES: Readonly<Record<Language, string>> = { en: 'en-MY', ms: 'ms-MY' };

const STORAGE_KEY = 'prestasi.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** `?lang=` wins, then the last choice on this device, then the browser's languages. */
function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(fromUrl)) return fromUrl;
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const preferred = navigator.languages.map((l) => l.slice(0, 2)).find(isLanguage);
  return preferred ?? 'en';
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

export function setLanguage(language: Language): void {
  window.localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

export function initI18n(): typeof i18n {
  const lng = initialLanguage();
  i18n.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: { ...en, finance: financeEn } }, ms: { translation: { ...ms, finance: financeMs } } },
    lng,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = lng;
  return i18n;
}
