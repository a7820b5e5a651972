import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, LOCALES } from '../i18n';

/**
 * Formatting for the language on screen (en-MY, ms-MY). Money and ratios arrive as decimal
 * text and go to Intl as text, so no figure passes through a float on its way to the screen.
 */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const locale = LOCALES[isLanguage(i18n.language) ? i18n.language : 'en'];
  return useMemo(() => {
    const numberFormats = new Map<string, Intl.NumberFormat>();
    const nf = (key: string, options: Intl.NumberFormatOptions) => {
      let f = numberFormats.get(key);
      if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
      return f;
    };
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const monthFormat = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    return {
      locale,
      /** `"12345.60"`, `"MYR"` → `RM 12,345.60` */
      money: (text: string, currency: string) => nf(`money:${currency}`, { style: 'currency', currency }).format(text as Intl.StringNumericLiteral),
      /** A decimal text or integer, grouped. */
      number: (value: string | number, maximumFractionDigits = 2) => nf(`n:${maximumFractionDigits}`, { maximumFractionDigits }).format(value as Intl.StringNumericLiteral),
      /** A ratio as text (`"1.3447"`) → `134.5%` */
      percent: (ratio: string | number) => nf('pct', { style: 'percent', maximumFractionDigits: 1 }).format(ratio as Intl.StringNumericLiteral),
      /** `2026-07-01` or an ISO timestamp's day. */
      date: (iso: string) => dateFormat.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)),
      dateTime: (iso: string) => dateTimeFormat.format(new Date(iso)),
      /** `2026-07` → July 2026, `2026-Q3` → Q3 2026, `2026` → FY 2026 */
      period: (p: string) => {
        const quarter = /^(\d{4})-Q([1-4])$/.exec(p);
        if (quarter) return t('periods.quarter', { q: quarter[2] ?? '', year: quarter[1] ?? '' });
        if (/^\d{4}-\d{2}$/.test(p)) return monthFormat.format(new Date(`${p}-01T00:00:00Z`));
        if (/^\d{4}$/.test(p)) return t('periods.year', { year: p });
        return p;
      },
    };
  }, [locale, t]);
}

export function Money({ value, currency }: { value: string; currency: string }) {
  return <span className="figure">{useFormat().money(value, currency)}</span>;
}

export function Percent({ ratio }: { ratio: string | number }) {
  return <span className="figure">{useFormat().percent(ratio)}</span>;
}

export function DateText({ iso }: { iso: string }) {
  return <time dateTime={iso}>{useFormat().date(iso)}</time>;
}

export function PeriodText({ period }: { period: string }) {
  return <>{useFormat().period(period)}</>;
}
