import { Alert, Badge, Button, Card, Group, Progress, RingProgress, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import { useGathered, useLive } from '../../api/live';
import type { Estimate, Leaderboards, LiveResults } from '../../api/types';
import { useMe } from '../../app/session';
import { useFormat } from '../../components/format';
import { sumByCurrency } from '../../components/money-sum';
import { EmptyState, Loadable, Page } from '../../components/Page';
import { PeriodSelect, usePeriod } from '../../components/PeriodSelect';

/** 1.34 → 100 (the ring is full past quota); for drawing only, never for money. */
/** How often a rep's page refetches their boards at most while deals land. */
const BOARDS_MS = 2_000;

const ringValue = (ratio: string | null) => Math.max(0, Math.min(100, Number(ratio ?? 0) * 100));

function WhatIf({ payee }: { payee: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const amount = String(new FormData(e.currentTarget).get('amount') ?? '').replace(/,/g, '').trim();
    setBusy(true);
    setError(null);
    try {
      setEstimate(await api.post<Estimate>('/api/estimate', { payee, amount }));
    } catch (err) {
      setEstimate(null);
      setError(err instanceof ApiError && err.status === 404 && err.message.startsWith('no route') ? t('common.notAvailableBody') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('rep.whatIfTitle')}
        </Title>
        <form onSubmit={(e) => void submit(e)}>
          <Group align="flex-end" gap="sm">
            <TextInput name="amount" label={t('rep.whatIfAmount')} inputMode="decimal" pattern="-?[0-9,]+(\.[0-9]{1,6})?" required w={180} placeholder="25000.00" />
            <Button type="submit" loading={busy}>
              {t('rep.whatIfSubmit')}
            </Button>
          </Group>
        </form>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {estimate && Object.keys(estimate.assumed).length > 0 && (
          <Text size="sm" c="dimmed" data-testid="what-if-assumed">
            {t('rep.whatIfAssumed', { list: Object.entries(estimate.assumed).map(([column, value]) => `${column}: ${value}`).join(', ') })}
          </Text>
        )}
        {estimate?.results.map((r) => (
          <Text key={`${r.plan}-${r.period}`} data-testid="what-if-result">
            {r.plan}: {t('rep.whatIfResult', { extra: f.money(r.difference, r.currency), payout: f.money(r.withDeal, r.currency), period: f.period(r.period) })}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const [period, setPeriod] = usePeriod();
  const year = period.slice(0, 4);
  const live = useApi<LiveResults>('/api/live/results', { period });
  const ytd = useApi<LiveResults>('/api/live/results', { period: year });
  // The rep's own place on each board, without everyone else on it (a plan may have thousands).
  const boards = useApi<Leaderboards>('/api/leaderboards', { period, top: '0' });
  // A rep is told of their own results, which refetch at once, and of every change to their
  // boards, which come with everyone's deals: those refetch at most once per BOARDS_MS.
  const reloadBoards = useGathered(boards.reload, BOARDS_MS);
  useLive((type) => {
    if (type === 'leaderboard') {
      reloadBoards();
      return;
    }
    live.reload();
    ytd.reload();
  });
  const payee = me.payeeId;
  if (!payee) return <EmptyState>{t('common.empty')}</EmptyState>;
  const mine = (live.data?.results ?? []).filter((r) => r.payee === payee);
  const name = mine[0]?.name ?? me.user.name ?? me.user.email;
  return (
    <Page title={t('rep.title')} actions={<PeriodSelect value={period} onChange={setPeriod} />}>
      <Group gap="xs">
        <Text size="lg">{t('rep.greeting', { name })}</Text>
        <Badge variant="dot" color="green">
          {t('rep.live')}
        </Badge>
      </Group>
      <div className="cards">
        <Card withBorder padding="md" data-testid="attainment-card">
          <Text fw={600} mb="xs">
            {t('rep.attainment')}
          </Text>
          <Loadable state={live}>
            {() =>
              mine.length === 0 ? (
                <EmptyState>{t('rep.noQuota')}</EmptyState>
              ) : (
                <Stack gap="xs">
                  {mine.map((r) =>
                    Object.entries(r.attainments).length === 0 ? (
                      <Text key={`${r.plan}-${r.period}`} size="sm" c="dimmed">
                        {r.plan} · {f.period(r.period)}: {t('rep.noQuota')}
                      </Text>
                    ) : (
                      Object.entries(r.attainments).map(([measure, ratio]) => (
                        <Group key={`${r.plan}-${r.period}-${measure}`} gap="sm" wrap="nowrap">
                          <RingProgress
                            size={84}
                            thickness={9}
                            roundCaps
                            sections={[{ value: ringValue(ratio), color: Number(ratio) >= 1 ? 'teal' : 'orange' }]}
                            label={
                              <Text ta="center" fw={700} size="sm" data-testid="attainment-percent">
                                {f.percent(ratio)}
                              </Text>
                            }
                            aria-hidden
                          />
                          <Stack gap={2}>
                            <Text size="sm">
                              {r.plan} · {f.period(r.period)}
                            </Text>
                            <Text size="sm" c="dimmed">
                              {t('rep.attainmentOf', { measure, value: f.number(r.measures[measure] ?? '0'), quota: f.number(r.quotas[measure] ?? '0') })}
                            </Text>
                            <Progress value={ringValue(ratio)} size="sm" aria-label={`${t('rep.attainment')} ${measure}: ${f.percent(ratio)}`} />
                          </Stack>
                        </Group>
                      ))
                    ),
                  )}
                </Stack>
              )
            }
          </Loadable>
        </Card>
        <Card withBorder padding="md" data-testid="earned-card">
          <Text fw={600}>{t('rep.earnedThisPeriod')}</Text>
          <Loadable state={live}>
            {() => (
              <Stack gap={2}>
                {sumByCurrency(mine.map((r) => ({ currency: r.currency, amount: r.payout }))).map((s) => (
                  <Text key={s.currency} size="xl" fw={700} className="figure">
                    {f.money(s.amount, s.currency)}
                  </Text>
                ))}
                <Text size="sm" c="dimmed">
                  {f.period(period)}
                </Text>
              </Stack>
            )}
          </Loadable>
          <Text fw={600} mt="md">
            {t('rep.earnedThisYear', { year: f.period(year) })}
          </Text>
          <Loadable state={ytd}>
            {(d) => (
              <>
                {sumByCurrency(d.results.filter((r) => r.payee === payee).map((r) => ({ currency: r.currency, amount: r.payout }))).map((s) => (
                  <Text key={s.currency} size="lg" fw={700} className="figure" data-testid="ytd">
                    {f.money(s.amount, s.currency)}
                  </Text>
                ))}
              </>
            )}
          </Loadable>
          <Button component={Link} href={`/statement?period=${period}`} variant="light" mt="md" size="xs">
            {t('rep.viewStatement')}
          </Button>
        </Card>
        <Card withBorder padding="md" data-testid="leaderboard-card">
          <Text fw={600} mb="xs">
            {t('rep.leaderboardTitle')}
          </Text>
          <Loadable state={boards}>
            {(b) => {
              const placed = b.boards.flatMap((board) => board.entries.filter((e) => e.payee === payee).map((e) => ({ board, entry: e })));
              return placed.length === 0 ? (
                <EmptyState>{t('rep.noLeaderboards')}</EmptyState>
              ) : (
                <Stack gap="xs">
                  {placed.map(({ board, entry }) => (
                    <Group key={`${board.plan}-${board.period}`} justify="space-between">
                      <Text size="sm">
                        {board.plan} · {f.period(board.period)}
                      </Text>
                      <Badge size="lg" variant="light" data-testid="rank">
                        {t('rep.rank', { rank: entry.rank, of: board.size })}
                      </Badge>
                    </Group>
                  ))}
                </Stack>
              );
            }}
          </Loadable>
        </Card>
      </div>
      <WhatIf payee={payee} />
    </Page>
  );
}
