import { Anchor, Badge, SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useApi } from '../../api/hooks';
import type { DisputeStatus } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { EmptyState, Loadable, Page } from '../../components/Page';
import type { QueueDispute } from './types';

export const DISPUTE_COLOR: Readonly<Record<DisputeStatus, string>> = { open: 'orange', accepted: 'green', rejected: 'gray' };

/** Finance's queue: every payee's disputes, the open ones first by default; each opens to be assigned, discussed and resolved. */
export default function DisputesQueuePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const disputes = useApi<{ disputes: QueueDispute[] }>('/api/disputes');
  return (
    <Page title={t('finance.disputes.title')}>
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('finance.disputes.filter')}
          value={filter}
          onChange={(v) => setFilter(v === 'all' ? 'all' : 'open')}
          data={(['open', 'all'] as const).map((k) => ({ value: k, label: t(`finance.disputes.filters.${k}`) }))}
          w="fit-content"
        />
        <Loadable state={disputes}>
          {({ disputes: all }) => {
            const rows = filter === 'open' ? all.filter((d) => d.status === 'open') : all;
            return rows.length === 0 ? (
              <EmptyState>{t('finance.disputes.none')}</EmptyState>
            ) : (
              <DataTable
                caption={t('finance.disputes.title')}
                rows={rows}
                rowKey={(d) => String(d.id)}
                initialSort={{ key: 'raised', desc: false }}
                columns={[
                  {
                    key: 'id',
                    header: '#',
                    render: (d) => (
                      <Anchor component={Link} href={`/disputes/queue/${d.id}`} aria-label={t('finance.disputes.open', { id: d.id })}>
                        {d.id}
                      </Anchor>
                    ),
                    sort: (d) => d.id,
                    numeric: true,
                  },
                  { key: 'subject', header: t('disputes.subject'), render: (d) => d.subject, sort: (d) => d.subject },
                  { key: 'payee', header: t('common.payee'), render: (d) => d.payee, sort: (d) => d.payee },
                  { key: 'period', header: t('common.period'), render: (d) => f.period(d.period), sort: (d) => d.period },
                  { key: 'status', header: t('common.status'), render: (d) => <Badge variant="light" color={DISPUTE_COLOR[d.status]}>{t(`disputeStatus.${d.status}`)}</Badge>, sort: (d) => d.status },
                  { key: 'assignee', header: t('finance.disputes.assignee'), render: (d) => d.assignee ?? t('finance.disputes.unassigned'), sort: (d) => d.assignee ?? '' },
                  { key: 'raised', header: t('disputes.raisedAt'), render: (d) => f.dateTime(d.raisedAt), sort: (d) => d.raisedAt },
                ]}
              />
            );
          }}
        </Loadable>
      </Stack>
    </Page>
  );
}
