import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Alert, Anchor, Badge, Card, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useApi } from '../../api/hooks';
import { useGathered, useLive } from '../../api/live';
import type { TeamAttainment } from '../../api/types';
import { useMe } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';
import { PeriodSelect, usePeriod } from '../../components/PeriodSelect';

type Row = TeamAttainment['payees'][number];

/** How often the team page refetches at most while its people's deals land. */
const TEAM_MS = 1_000;

/** The plan's first measure's attainment, the one the team is ranked by. */
const headline = (r: Row) => r.measures[0]?.attainment ?? null;

/** The manager's team at a glance: who is where against quota, who is behind pace, and a way into each statement. */
export default function TeamPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const [period, setPeriod] = usePeriod();
  const team = useApi<TeamAttainment>('/api/team/attainment', { period });
  // Only the team's results change it (leaderboard events come with everyone's deals), and a
  // team's deals landing together refetch once.
  const reload = useGathered(team.reload, TEAM_MS);
  useLive((type) => {
    if (type === 'result') reload();
  });
  return (
    <Page title={t('team.title')} actions={<PeriodSelect value={period} onChange={setPeriod} />}>
      <Loadable state={team} empty={t('team.noResults', { period: f.period(period) })}>
        {(data) => {
          const rows = data.payees.filter((r) => r.payee !== me.payeeId);
          const behind = rows.filter((r) => r.behindPace);
          const elapsed = data.periods[0]?.elapsed ?? '0';
          const charted = rows.filter((r) => headline(r) !== null);
          if (rows.length === 0) return <Text c="dimmed">{t('team.noResults', { period: f.period(period) })}</Text>;
          return (
            <>
              {behind.length > 0 ? (
                <Alert color="orange" variant="light" title={t('team.behindPace')} data-testid="behind-pace">
                  {t('team.behindPaceBody', { count: behind.length, total: rows.length, pace: f.percent(elapsed) })} {behind.map((r) => r.name).join(', ')}
                </Alert>
              ) : (
                <Alert color="green" variant="light">
                  {t('team.onPace')}
                </Alert>
              )}
              <Card withBorder padding="md">
                <Title order={2} size="h4" mb="sm">
                  {t('team.attainmentChart')}
                </Title>
                <div className="chart-box" role="img" aria-label={charted.map((r) => `${r.name}: ${f.percent(headline(r)!)}`).join('; ')}>
                  <BarChart
                    h={Math.max(220, charted.length * 34)}
                    data={charted.map((r) => ({ name: r.name, attainment: Math.round(Number(headline(r)) * 1000) / 10 }))}
                    dataKey="name"
                    orientation="vertical"
                    yAxisProps={{ width: 150 }}
                    series={[{ name: 'attainment', label: t('team.attainment'), color: 'teal.8' }]}
                    valueFormatter={(v) => `${f.number(v, 1)}%`}
                    referenceLines={[{ x: 100, color: 'gray.7', label: '100%' }]}
                    withTooltip={false}
                  />
                </div>
              </Card>
              <DataTable
                caption={t('team.title')}
                rows={rows}
                rowKey={(r) => `${r.payee}-${r.plan}-${r.period}`}
                initialSort={{ key: 'attainment', desc: true }}
                columns={[
                  {
                    key: 'name',
                    header: t('common.name'),
                    render: (r) => (
                      <Anchor component={Link} href={`/team/${encodeURIComponent(r.payee)}?period=${period}`} aria-label={`${t('team.open')}: ${r.name}`}>
                        {r.name}
                      </Anchor>
                    ),
                    sort: (r) => r.name,
                  },
                  { key: 'plan', header: t('common.plan'), render: (r) => `${r.plan} · ${f.period(r.period)}`, sort: (r) => r.plan },
                  { key: 'attainment', header: t('team.attainment'), render: (r) => (headline(r) === null ? '—' : f.percent(headline(r)!)), sort: (r) => Number(headline(r) ?? -1), numeric: true },
                  { key: 'payout', header: t('team.payout'), render: (r) => f.money(r.payout, r.currency), sort: (r) => Number(r.payout), numeric: true },
                  {
                    key: 'pace',
                    header: t('team.pace'),
                    render: (r) => (
                      <Badge color={r.behindPace ? 'orange' : 'green'} variant="light">
                        {r.behindPace ? t('team.behind') : t('team.ahead')}
                      </Badge>
                    ),
                    sort: (r) => (r.behindPace ? 0 : 1),
                  },
                ]}
              />
            </>
          );
        }}
      </Loadable>
    </Page>
  );
}
