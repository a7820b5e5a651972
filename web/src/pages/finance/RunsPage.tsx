import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/hooks';
import type { Run } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';

/** Finance's landing page: the runs, newest first. (The finance screens build on this.) */
export default function RunsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const runs = useApi<{ runs: Run[] }>('/api/runs');
  return (
    <Page title={t('nav.runs')}>
      <Loadable state={runs}>
        {({ runs: rows }) => (
          <DataTable
            caption={t('nav.runs')}
            rows={rows}
            rowKey={(r) => String(r.id)}
            initialSort={{ key: 'created', desc: true }}
            columns={[
              { key: 'period', header: t('common.period'), render: (r) => f.period(r.period), sort: (r) => r.period },
              { key: 'number', header: '#', render: (r) => r.number, sort: (r) => r.number, numeric: true },
              { key: 'status', header: t('common.status'), render: (r) => <Badge variant="light">{t(`runStatus.${r.status}`)}</Badge>, sort: (r) => r.status },
              { key: 'created', header: t('disputes.raisedAt'), render: (r) => f.dateTime(r.createdAt), sort: (r) => r.createdAt },
            ]}
          />
        )}
      </Loadable>
    </Page>
  );
}
