import { Select } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { useMe } from '../app/session';
import { currentQuarter, recentQuarters } from './fiscal-quarters';
import { useFormat } from './format';

/** The period in the address (`?period=2026-Q3`), so a view can be linked and reloaded; else the current quarter. */
export function usePeriod(): [string, (period: string) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const { fiscalYearStart } = useMe();
  const period = new URLSearchParams(search).get('period') ?? currentQuarter(fiscalYearStart);
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
  const { fiscalYearStart } = useMe();
  const options = useMemo(() => {
    const quarters = recentQuarters(new Date(), 5, fiscalYearStart);
    const all = quarters.includes(value) ? quarters : [value, ...quarters];
    return all.map((p) => ({ value: p, label: f.period(p) }));
  }, [value, f, fiscalYearStart]);
  return <Select label={t('common.period')} data={options} value={value} onChange={(v) => v && onChange(v)} allowDeselect={false} w={170} size="sm" data-testid="period-select" />;
}
