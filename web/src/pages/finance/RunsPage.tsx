import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import type { Run } from '../../api/types';
import { useMe } from '../../app/session';
import { currentQuarter } from '../../components/fiscal-quarters';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';
import { LiveAccrual } from './LiveAccrual';

export const STATUS_COLOR: Readonly<Record<Run['status'], string>> = { draft: 'orange', approved: 'blue', paid: 'green' };

/** Finance's landing page: calculate a period as a new draft run, and the runs, newest first. */
export default function RunsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const runs = useApi<{ runs: Run[] }>('/api/runs');
  const [, navigate] = useLocation();
  const { fiscalYearStart } = useMe();
  const [period, setPeriod] = useState(() => currentQuarter(fiscalYearStart));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; problems: string[] } | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<{ run: Run }>('/api/runs', { period: period.trim() });
      navigate(`/runs/${created.run.id}`);
    } catch (err) {
      const problems = err instanceof ApiError ? ((err.details as { problems?: { file: string; line?: number; message: string }[] } | null)?.problems ?? []) : [];
      setError({ message: errorText(err, t), problems: problems.slice(0, 20).map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`) });
      setBusy(false);
    }
  };
  return (
    <Page title={t('finance.runs.title')}>
      <Card withBorder padding="md">
        <form onSubmit={(e) => void create(e)}>
          <Group align="flex-end">
            <TextInput name="period" label={t('finance.runs.newRun')} description={t('finance.runs.periodHint')} value={period} onChange={(e) => setPeriod(e.currentTarget.value)} required />
            <Button type="submit" loading={busy}>
              {t('finance.runs.calculate')}
            </Button>
          </Group>
        </form>
        {error && (
          <Alert color="red" role="alert" mt="sm">
            <Stack gap={4}>
              {error.message}
              {error.problems.length > 0 && (
                <List size="sm">
                  {error.problems.map((p) => (
                    <List.Item key={p}>{p}</List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Alert>
        )}
      </Card>
      <LiveAccrual period={currentQuarter(fiscalYearStart)} />
      <Loadable state={runs}>
        {({ runs: rows }) => (
          <DataTable
            caption={t('finance.runs.title')}
            rows={rows}
            rowKey={(r) => String(r.id)}
            initialSort={{ key: 'created', desc: true }}
            columns={[
              { key: 'period', header: t('common.period'), render: (r) => f.period(r.period), sort: (r) => r.period },
              {
                key: 'number',
                header: t('finance.runs.number'),
                render: (r) => (
                  <Anchor component={Link} href={`/runs/${r.id}`} aria-label={t('finance.runs.open', { number: r.number, period: f.period(r.period) })}>
                    {f.number(r.number)}
                  </Anchor>
                ),
                sort: (r) => r.number,
                numeric: true,
              },
              { key: 'status', header: t('common.status'), render: (r) => <Badge variant="light" color={STATUS_COLOR[r.status]}>{t(`runStatus.${r.status}`)}</Badge>, sort: (r) => r.status },
              { key: 'created', header: t('finance.runs.createdAt'), render: (r) => f.dateTime(r.createdAt), sort: (r) => r.createdAt },
              { key: 'by', header: t('finance.runs.createdBy'), render: (r) => r.createdBy, sort: (r) => r.createdBy },
            ]}
          />
        )}
      </Loadable>
    </Page>
  );
}
