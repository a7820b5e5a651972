import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/hooks';
import { useGathered, useLive } from '../../api/live';
import type { LiveTotals } from '../../api/types';
import { useFormat } from '../../components/format';
import { Loadable } from '../../components/Page';
import { Section } from '../../components/Section';

const RELOAD_MS = 2_000;

/**
 * What `period` owes so far, before any run: the live results' payouts added up per currency
 * (by the server, exactly: finance sees every payee, and the list of all their results is large),
 * and how many payees are at or above quota, refetched whenever a result changes. Commission
 * accrues as deals land; finance sees the liability without calculating a run.
 */
export function LiveAccrual({ period }: { period: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const live = useApi<LiveTotals>('/api/live/totals', { period });
  // Deals may land many a second: one refetch per RELOAD_MS gathers them, rather than one per event.
  const reload = useGathered(live.reload, RELOAD_MS);
  useLive((type) => {
    if (type === 'result') reload();
  });
  return (
    <Section id="live-accrual" title={t('finance.runs.liveTitle', { period: f.period(period) })} hint={t('finance.runs.liveHint')} testId="live-accrual">
      <Loadable state={live}>
        {({ results, withQuota, atQuota, payouts, problems }) => (
          <>
            <Group gap="xl" align="baseline">
              <Badge variant="dot" color="green">
                {t('rep.live')}
              </Badge>
              {payouts.length === 0 ? (
                <Text data-testid="live-payout">{t('finance.runs.liveNone')}</Text>
              ) : (
                <Text fw={600} size="lg" data-testid="live-payout">
                  {payouts.map((p) => f.money(p.amount, p.currency)).join(' + ')}
                </Text>
              )}
              <Text size="sm">{t('finance.runs.liveResults', { count: results })}</Text>
              {withQuota > 0 && <Text size="sm">{t('finance.runs.liveAtQuota', { count: atQuota, of: withQuota })}</Text>}
            </Group>
            {problems.length > 0 && (
              <Text size="sm" c="orange.9" role="status">
                {t('finance.runs.liveStale')}
              </Text>
            )}
          </>
        )}
      </Loadable>
    </Section>
  );
}
