import 'i18next';
import type { en } from './en';
import type { financeEn } from './finance.en';

// Keys are checked at compile time: t('rep.titel') does not build.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en & { finance: typeof financeEn } };
  }
}
