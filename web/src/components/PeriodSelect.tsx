import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { useFormat } from './format';

/** The fiscal quarter holding `today`, and `back` quarters before it, newest first (fiscal year = calendar year, as the demo's). */
export function recentQuarters(today: Date, back: number): string[] {
  const out: string[] = [];
  let y = today.getFullYear();
  let q = Math.floor(today.getMonth() / 3) + 1;
  for (let i = 0; i <= back; i++) {
    out.push(`${y}-Q${q}`);
    if (--q === 0) {
      q = 4;
      y--;
    }
  }
  return out;
}

export function currentQuarter(): string {
  return recentQuarters(new Date(), 0)[0]!;
}

/** The period in the address (`?period=2026-Q3`), so a view can be linked and reloaded; else the current quarter. */
export function usePeriod(): [string, (period: string) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const period = new URLSearchParams(search).get('period') ?? currentQuarter();
  const set = (p: string) => {
    const params = new URLSearchParams(search);
    params.set('period', p);
    navigate(`${location}?${params.toString()}`, { replace: true });
  };
  return [period, set];
}

export function PeriodSelect({ value, onChange }: { value: string; onChange: (period: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const options = useMemo(() => {
    const quarters = recentQuarters(new Date(), 5);
    const all = quarters.includes(value) ? quarters : [value, ...quarters];
    return all.map((p) => ({ value: p, label: f.period(p) }));
  }, [value, f]);
  return <Select label={t('common.period')} data={options} value={value} onChange={(v) => v && onChange(v)} allowDeselect={false} w={170} size="sm" data-testid="period-select" />;
}
