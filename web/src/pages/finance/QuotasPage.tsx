import { Alert, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import { useMe } from '../../app/session';
import { currentQuarter } from '../../components/fiscal-quarters';
import { DataTable } from '../../components/DataTable';
import { FilePick } from '../../components/FilePick';
import { useFormat } from '../../components/format';
import { EmptyState, Loadable, Page } from '../../components/Page';
import './finance.css';
import type { PlanSummary } from './types';
import { postFile } from './upload';

interface QuotaRow {
  payee: string;
  name: string;
  period: string;
  measure: string;
  amount: string | null;
  plans: string[];
}

interface QuotaError {
  line: number | null;
  cell?: number;
  column: 'payee' | 'period' | 'measure' | 'amount' | null;
  value: string | null;
  message: string;
}

interface QuotaReport {
  dryRun: boolean;
  rows: number;
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
  changes: { payee: string; period: string; measure: string; line?: number; before: string | null; after: string | null }[];
  errors: QuotaError[];
}

const cellKey = (c: { payee: string; period: string; measure: string }) => `${c.payee}\u0000${c.period}\u0000${c.measure}`;

/** The report of a refused write: the server's 422 carries it as details. */
const reportOf = (e: unknown): QuotaReport | null => (e instanceof ApiError && e.code === 'INVALID_WORKSPACE' ? (e.details as QuotaReport | null) : null);

/** Quotas as an editable grid (payees down, measure and period across) and a CSV upload checked before it is written. */
export default function QuotasPage() {
  const { t } = useTranslation();
  const plans = useApi<{ plans: PlanSummary[] }>('/api/plans');
  const { fiscalYearStart } = useMe();
  const [filters, setFilters] = useState({ period: currentQuarter(fiscalYearStart), plan: '' });
  const [draft, setDraft] = useState(filters);
  const query = { ...(filters.period.trim() ? { period: filters.period.trim() } : {}), ...(filters.plan ? { plan: filters.plan } : {}) };
  const grid = useApi<{ quotas: QuotaRow[] }>('/api/quotas', query);
  const show = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  return (
    <Page title={t('finance.quotas.title')}>
      <Card withBorder padding="md">
        <form onSubmit={show}>
          <Group align="flex-end">
            <TextInput label={t('finance.quotas.period')} description={t('finance.quotas.periodHint')} value={draft.period} onChange={(e) => setDraft({ ...draft, period: e.currentTarget.value })} />
            <NativeSelect
              label={t('finance.quotas.plan')}
              value={draft.plan}
              data={[{ value: '', label: t('finance.quotas.allPlans') }, ...(plans.data?.plans ?? []).map((p) => ({ value: p.id, label: p.name }))]}
              onChange={(e) => setDraft({ ...draft, plan: e.currentTarget.value })}
            />
            <Button type="submit" variant="light">
              {t('finance.quotas.show')}
            </Button>
          </Group>
        </form>
      </Card>
      <Loadable state={grid}>{({ quotas }) => <Grid key={JSON.stringify(query)} rows={quotas} onSaved={grid.reload} />}</Loadable>
      <Upload onImported={grid.reload} />
    </Page>
  );
}

function Grid({ rows, onSaved }: { rows: QuotaRow[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [edits, setEdits] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ byCell: Map<string, string>; message: string } | null>(null);
  const { columns, payees, byKey } = useMemo(() => {
    const cols = [...new Map(rows.map((r) => [`${r.period}\u0000${r.measure}`, { period: r.period, measure: r.measure }])).values()].sort((a, b) => (a.period === b.period ? a.measure.localeCompare(b.measure) : a.period < b.period ? -1 : 1));
    const people = [...new Map(rows.map((r) => [r.payee, r.name])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
    return { columns: cols, payees: people, byKey: new Map(rows.map((r) => [cellKey(r), r])) };
  }, [rows]);
  if (rows.length === 0) return <EmptyState>{t('finance.quotas.none')}</EmptyState>;

  const save = async () => {
    const cells = [...edits].map(([key, amount]) => {
      const [payee, period, measure] = key.split('\u0000') as [string, string, string];
      return { payee, period, measure, amount: amount.trim() === '' ? null : amount.trim() };
    });
    setNotice(null);
    // A cell that is not a number is marked here: the server's check is for what the loader would refuse.
    const notDecimal = cells.filter((c) => c.amount !== null && !/^-?[0-9]+(\.[0-9]+)?$/.test(c.amount));
    if (notDecimal.length > 0) {
      setErrors({ byCell: new Map(notDecimal.map((c) => [cellKey(c), t('finance.quotas.notDecimal')])), message: t('finance.quotas.refused') });
      return;
    }
    setBusy(true);
    setErrors(null);
    try {
      const r = await api.put<QuotaReport>('/api/quotas', { cells });
      setNotice(t('finance.quotas.saved', { inserted: r.inserted, updated: r.updated, removed: r.removed }));
      setEdits(new Map());
      onSaved();
    } catch (e) {
      const report = reportOf(e);
      const byCell = new Map<string, string>();
      for (const err of report?.errors ?? []) {
        const cell = err.cell === undefined ? undefined : cells[err.cell];
        if (cell) byCell.set(cellKey(cell), err.message);
      }
      setErrors({ byCell, message: report ? t('finance.quotas.refused') : errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      {notice && (
        <Alert color="teal" role="status">
          {notice}
        </Alert>
      )}
      {errors && (
        <Alert color="red" role="alert">
          {errors.message}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={Math.max(360, 180 + columns.length * 150)} type="native">
        <Table striped verticalSpacing={4} data-testid="quota-grid">
          <caption className="visually-hidden">{t('finance.quotas.title')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('common.payee')}</Table.Th>
              {columns.map((c) => (
                <Table.Th key={`${c.period}:${c.measure}`} scope="col" className="num">
                  {c.measure}
                  <br />
                  <Text span size="xs" c="dimmed">
                    {f.period(c.period)}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {payees.map(([payee, name]) => (
              <Table.Tr key={payee}>
                <Table.Th scope="row">{name}</Table.Th>
                {columns.map((c) => {
                  const key = cellKey({ payee, ...c });
                  const row = byKey.get(key);
                  if (!row) return <Table.Td key={key} />;
                  const value = edits.get(key) ?? row.amount ?? '';
                  return (
                    <Table.Td key={key} className="num">
                      <TextInput
                        size="xs"
                        aria-label={t('finance.quotas.cellLabel', { name, measure: c.measure, period: f.period(c.period) })}
                        value={value}
                        inputMode="decimal"
                        error={errors?.byCell.get(key)}
                        styles={{ input: { textAlign: 'right' } }}
                        onChange={(e) => {
                          const text = e.currentTarget.value;
                          setEdits((m) => {
                            const next = new Map(m);
                            if (text === (row.amount ?? '')) next.delete(key);
                            else next.set(key, text);
                            return next;
                          });
                        }}
                      />
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Text size="sm">{t('finance.quotas.edited', { count: edits.size })}</Text>
        <Button onClick={() => void save()} loading={busy} disabled={edits.size === 0}>
          {t('finance.quotas.save')}
        </Button>
        <Button variant="default" disabled={edits.size === 0} onClick={() => setEdits(new Map())}>
          {t('finance.quotas.discard')}
        </Button>
      </Group>
    </Stack>
  );
}

function Upload({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<QuotaReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await postFile<QuotaReport>('/api/quotas/csv', file, dryRun ? { dryRun: '1' } : undefined);
      if (dryRun) setReport(r);
      else {
        setReport(null);
        setMessage({ ok: true, text: t('finance.quotas.imported', { inserted: r.inserted, updated: r.updated, removed: r.removed }) });
        onImported();
      }
    } catch (e) {
      const r = reportOf(e);
      if (r) setReport(r);
      else setMessage({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };
  const amount = (v: string | null) => (v === null ? '—' : f.number(v));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="quota-upload">
      <Stack gap="sm">
        <Title order={2} size="h4" id="quota-upload">
          {t('finance.quotas.upload')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('finance.quotas.uploadHint')}
        </Text>
        <FilePick
          label={t('finance.quotas.file')}
          onPick={(picked) => {
            setFile(picked);
            setReport(null);
          }}
        />
        <Group>
          <Button variant="light" disabled={!file} loading={busy && !report} onClick={() => void send(true)}>
            {t('finance.quotas.check')}
          </Button>
        </Group>
        {message && (
          <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        )}
        {report && (
          <Stack gap="xs" data-testid="quota-report">
            <Text size="sm" fw={600}>
              {t('finance.quotas.report', { rows: report.rows, inserted: report.inserted, updated: report.updated, removed: report.removed, unchanged: report.unchanged })}
            </Text>
            {report.errors.length > 0 ? (
              <>
                <Text size="sm" c="red.9" role="alert">
                  {t('finance.quotas.rowErrors', { count: report.errors.length })}
                </Text>
                <DataTable
                  caption={t('finance.quotas.rowErrors', { count: report.errors.length })}
                  rows={report.errors.map((e, i) => ({ ...e, i }))}
                  rowKey={(e) => String(e.i)}
                  columns={[
                    { key: 'line', header: t('finance.quotas.line'), render: (e) => e.line ?? '', sort: (e) => e.line ?? 0, numeric: true },
                    { key: 'column', header: t('finance.quotas.column'), render: (e) => e.column ?? '' },
                    { key: 'value', header: t('finance.quotas.value'), render: (e) => (e.value === null ? '' : <code>{e.value}</code>) },
                    { key: 'why', header: t('finance.quotas.why'), render: (e) => e.message },
                  ]}
                />
              </>
            ) : (
              <>
                {report.changes.length > 0 && (
                  <DataTable
                    caption={t('finance.quotas.changes')}
                    rows={report.changes}
                    rowKey={(c) => cellKey(c)}
                    columns={[
                      { key: 'line', header: t('finance.quotas.line'), render: (c) => c.line ?? '', sort: (c) => c.line ?? 0, numeric: true },
                      { key: 'payee', header: t('common.payee'), render: (c) => c.payee, sort: (c) => c.payee },
                      { key: 'period', header: t('common.period'), render: (c) => f.period(c.period), sort: (c) => c.period },
                      { key: 'measure', header: t('finance.plans.measure'), render: (c) => c.measure },
                      { key: 'before', header: t('finance.quotas.before'), render: (c) => amount(c.before), numeric: true },
                      { key: 'after', header: t('finance.quotas.after'), render: (c) => amount(c.after), numeric: true },
                    ]}
                  />
                )}
                <Group>
                  <Button onClick={() => void send(false)} loading={busy} disabled={report.changes.length === 0}>
                    {t('finance.quotas.confirm')}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
