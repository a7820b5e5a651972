import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { api } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import type { Run } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { Money, useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';
import { Difference } from './Difference';
import './finance.css';
import { STATUS_COLOR } from './RunsPage';
import type { RunDetail, RunDiff, RunResults } from './types';

/** One run: its totals, approval and payment (with the payroll file), what changed since an earlier run of the period, and its results. */
export default function RunPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id = '' } = useParams<{ id: string }>();
  const detail = useApi<RunDetail>(`/api/runs/${encodeURIComponent(id)}`);
  const run = detail.data?.run;
  return (
    <Page
      title={run ? t('finance.runs.runTitle', { number: run.number, period: f.period(run.period) }) : t('finance.runs.title')}
      actions={
        <Anchor component={Link} href="/runs" size="sm">
          {t('finance.runs.back')}
        </Anchor>
      }
    >
      <Loadable state={detail}>
        {(d) => (
          <>
            <Workflow detail={d} onChange={detail.reload} />
            <Totals detail={d} />
            <Changes run={d.run} />
            <Results key={d.run.id} run={d.run} />
          </>
        )}
      </Loadable>
    </Page>
  );
}

function Workflow({ detail, onChange }: { detail: RunDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { run } = detail;
  const [busy, setBusy] = useState<'approve' | 'pay' | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const step = async (what: 'approve' | 'pay') => {
    setBusy(what);
    setMessage(null);
    try {
      await api.post<Run>(`/api/runs/${run.id}/${what}`);
      setMessage({ ok: true, text: what === 'approve' ? t('finance.runs.approved') : t('finance.runs.paidDone') });
      onChange();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="run-workflow">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={2} size="h4" id="run-workflow">
            {t('common.status')}
          </Title>
          <Badge variant="light" color={STATUS_COLOR[run.status]} data-testid="run-status">
            {t(`runStatus.${run.status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t('finance.runs.createdBy')}: {run.createdBy} · {f.dateTime(run.createdAt)}
        </Text>
        {run.approvedBy && run.approvedAt && <Text size="sm">{t('finance.runs.approvedBy', { who: run.approvedBy, at: f.dateTime(run.approvedAt) })}</Text>}
        {run.paidBy && run.paidAt && <Text size="sm">{t('finance.runs.paidBy', { who: run.paidBy, at: f.dateTime(run.paidAt) })}</Text>}
        {!run.latest && run.status !== 'paid' && (
          <Alert color="orange" role="status">
            {t('finance.runs.notLatest')}
          </Alert>
        )}
        {message && (
          <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        )}
        {run.status === 'draft' && run.latest && (
          <Stack gap={4} align="flex-start">
            <Text size="sm" c="dimmed">
              {t('finance.runs.approveHint')}
            </Text>
            <Button onClick={() => void step('approve')} loading={busy === 'approve'}>
              {t('finance.runs.approve')}
            </Button>
          </Stack>
        )}
        {run.status === 'approved' && run.latest && (
          <Stack gap={4} align="flex-start">
            <Text size="sm" c="dimmed">
              {t('finance.runs.payHint')}
            </Text>
            <Button onClick={() => void step('pay')} loading={busy === 'pay'}>
              {t('finance.runs.pay')}
            </Button>
          </Stack>
        )}
        <Title order={3} size="h5">
          {t('finance.runs.payroll')}
        </Title>
        {run.status === 'paid' ? (
          <Group>
            <Button component="a" variant="light" href={`/api/runs/${run.id}/payroll.csv`} download>
              {t('finance.runs.payrollCsv')}
            </Button>
            <Button component="a" variant="default" href={`/api/runs/${run.id}/payroll.json`} download={`payroll-${run.period}-run-${run.number}.json`}>
              {t('finance.runs.payrollJson')}
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('finance.runs.payrollAfterPay')}
          </Text>
        )}
        <Title order={3} size="h5">
          {t('finance.runs.statements')}
        </Title>
        <Group>
          <Button component="a" variant="light" href={`/api/runs/${run.id}/statements.csv`} download>
            {t('finance.runs.statementsCsv')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Totals({ detail }: { detail: RunDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const money = (v: string, c: string) => <Money value={v} currency={c} />;
  const rows: { key: string; label: string; cell: (x: RunDetail['totals'][number]) => ReactNode }[] = [
    { key: 'payees', label: t('finance.runs.payees'), cell: (x) => f.number(x.payees) },
    { key: 'earned', label: t('finance.runs.earned'), cell: (x) => money(x.earned, x.currency) },
    { key: 'clawbacks', label: t('finance.runs.clawbacks'), cell: (x) => money(x.clawbacks, x.currency) },
    { key: 'adjustments', label: t('finance.runs.adjustments'), cell: (x) => money(x.adjustments, x.currency) },
    { key: 'drawPaid', label: t('finance.runs.drawPaid'), cell: (x) => money(x.drawPaid, x.currency) },
    { key: 'drawRecovered', label: t('finance.runs.drawRecovered'), cell: (x) => money(x.drawRecovered, x.currency) },
    { key: 'payout', label: t('finance.runs.payout'), cell: (x) => <strong>{money(x.payout, x.currency)}</strong> },
  ];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="run-totals">
      <Title order={2} size="h4" id="run-totals" mb="sm">
        {t('finance.runs.totals')}
      </Title>
      <Table.ScrollContainer minWidth={320} type="native">
        <Table verticalSpacing="xs" data-testid="run-totals">
          <caption className="visually-hidden">{t('finance.runs.totals')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('common.total')}</Table.Th>
              {detail.totals.map((x) => (
                <Table.Th key={x.currency} scope="col" className="num">
                  {x.currency}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Th scope="row">{r.label}</Table.Th>
                {detail.totals.map((x) => (
                  <Table.Td key={x.currency} className="num">
                    {r.cell(x)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** What changed from an earlier run of the same period (the one before, unless another is chosen). */
function Changes({ run }: { run: Run }) {
  const { t } = useTranslation();
  const f = useFormat();
  const siblings = useApi<{ runs: Run[] }>('/api/runs', { period: run.period });
  const earlier = (siblings.data?.runs ?? []).filter((r) => r.number < run.number).sort((a, b) => b.number - a.number);
  const [chosen, setChosen] = useState<string | null>(null);
  const from = chosen ?? (earlier[0] ? String(earlier[0].id) : null);
  const diff = useApi<RunDiff>(from ? `/api/runs/${from}/diff/${run.id}` : null);
  const why = (w: RunDiff['payees'][number]['why']) =>
    [
      w.deals.length > 0 && t('finance.runs.whyDeals', { deals: w.deals.slice(0, 5).join(', ') + (w.deals.length > 5 ? ', …' : '') }),
      w.plans.length > 0 && t('finance.runs.whyPlans', { plans: w.plans.map((p) => `${p.plan} v${p.from ?? '–'}→v${p.to ?? '–'}`).join(', ') }),
      w.quotas && t('finance.runs.whyQuotas'),
      w.assignments && t('finance.runs.whyAssignments'),
      w.adjustments && t('finance.runs.whyAdjustments'),
      w.payee && t('finance.runs.whyPayee'),
    ]
      .filter(Boolean)
      .join('; ');
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="run-changes">
      <Stack gap="sm">
        <Title order={2} size="h4" id="run-changes">
          {t('finance.runs.diff')}
        </Title>
        {siblings.data && earlier.length === 0 && <Text size="sm">{t('finance.runs.diffNone')}</Text>}
        {earlier.length > 0 && (
          <NativeSelect
            label={t('finance.runs.diffWith')}
            value={from ?? ''}
            data={earlier.map((r) => ({ value: String(r.id), label: `${t('finance.runs.number')} ${r.number} · ${t(`runStatus.${r.status}`)} · ${f.dateTime(r.createdAt)}` }))}
            onChange={(e) => setChosen(e.currentTarget.value)}
            maw={420}
          />
        )}
        {from && (
          <Loadable state={diff}>
            {(d) => (
              <Stack gap="xs" data-testid="run-diff">
                <Text size="sm">{d.inputs.changed ? t('finance.runs.diffInputs', { files: d.inputs.files.join(', ') }) : t('finance.runs.diffInputsSame', { number: d.from.number })}</Text>
                {d.totals.map((x) => (
                  <Text key={x.currency} size="sm">
                    {t('common.total')} {x.currency}: <Money value={x.from} currency={x.currency} /> → <Money value={x.to} currency={x.currency} /> (<Difference value={x.change} currency={x.currency} />)
                  </Text>
                ))}
                {d.payees.length === 0 ? (
                  <Text size="sm">{t('finance.runs.diffNoPayees')}</Text>
                ) : (
                  <DataTable
                    caption={t('finance.runs.diffCaption', { from: d.from.number, to: d.to.number })}
                    rows={d.payees}
                    rowKey={(p) => `${p.payee}:${p.currency}`}
                    columns={[
                      { key: 'payee', header: t('common.payee'), render: (p) => p.name ?? p.payee, sort: (p) => p.name ?? p.payee },
                      { key: 'from', header: t('finance.runs.from'), render: (p) => <Money value={p.payout.from} currency={p.currency} />, numeric: true },
                      { key: 'to', header: t('finance.runs.to'), render: (p) => <Money value={p.payout.to} currency={p.currency} />, numeric: true },
                      { key: 'change', header: t('finance.runs.change'), render: (p) => <Difference value={p.payout.change} currency={p.currency} />, numeric: true },
                      { key: 'why', header: t('finance.runs.why'), render: (p) => why(p.why) },
                    ]}
                  />
                )}
              </Stack>
            )}
          </Loadable>
        )}
      </Stack>
    </Card>
  );
}

/** Payees per page of results: a run of 10,000 payees is over 100 MB whole. */
const RESULTS_PAGE = 200;

function Results({ run }: { run: Run }) {
  const { t } = useTranslation();
  const f = useFormat();
  // The cursors of the pages before this one; the last is this page's `after`.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const results = useApi<RunResults>(`/api/runs/${run.id}/results`, { limit: String(RESULTS_PAGE), after });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="run-results">
      <Title order={2} size="h4" id="run-results" mb="sm">
        {t('finance.runs.results')}
      </Title>
      <Loadable state={results}>
        {(r) => (
          <Stack gap="sm">
            {(cursors.length > 1 || r.next !== null) && (
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {t('finance.runs.resultsPage', { from: r.results[0]?.payee ?? '', to: r.results[r.results.length - 1]?.payee ?? '' })}
                </Text>
                <Group gap="xs">
                  <Button variant="default" size="xs" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                    {t('finance.runs.previousPage')}
                  </Button>
                  <Button variant="default" size="xs" disabled={r.next === null} onClick={() => r.next !== null && setCursors([...cursors, r.next])}>
                    {t('finance.runs.nextPage')}
                  </Button>
                </Group>
              </Group>
            )}
            <DataTable
              caption={t('finance.runs.resultsCaption', { number: run.number })}
              rows={r.results}
              rowKey={(x) => `${x.payee}:${x.plan}:${x.period}`}
              initialSort={{ key: 'payee' }}
              columns={[
                { key: 'payee', header: t('common.payee'), render: (x) => x.payee, sort: (x) => x.payee },
                { key: 'plan', header: t('common.plan'), render: (x) => x.plan, sort: (x) => x.plan },
                { key: 'period', header: t('common.period'), render: (x) => f.period(x.period), sort: (x) => x.period },
                { key: 'payout', header: t('finance.runs.payout'), render: (x) => <Money value={x.payout} currency={x.currency} />, numeric: true },
              ]}
            />
          </Stack>
        )}
      </Loadable>
    </Card>
  );
}
