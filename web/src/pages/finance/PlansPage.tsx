import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useApi } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';
import type { PlanSummary } from './types';

const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
const isPeriodKind = (p: string | null): p is (typeof PERIOD_KINDS)[number] => (PERIOD_KINDS as readonly (string | null)[]).includes(p);

/** The plans, each opening in the editor. */
export default function PlansPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const plans = useApi<{ plans: PlanSummary[] }>('/api/plans');
  return (
    <Page title={t('finance.plans.title')}>
      <Loadable state={plans}>
        {({ plans: rows }) => (
          <DataTable
            caption={t('finance.plans.title')}
            rows={rows}
            rowKey={(p) => p.id}
            initialSort={{ key: 'name' }}
            columns={[
              {
                key: 'name',
                header: t('finance.plans.name'),
                render: (p) => (
                  <Anchor component={Link} href={`/plans/${encodeURIComponent(p.id)}`}>
                    {p.name}
                  </Anchor>
                ),
                sort: (p) => p.name,
              },
              { key: 'id', header: t('finance.plans.id'), render: (p) => <code>{p.id}</code>, sort: (p) => p.id },
              { key: 'period', header: t('finance.plans.period'), render: (p) => (isPeriodKind(p.period) ? t(`finance.plans.periodKinds.${p.period}`) : (p.period ?? '')), sort: (p) => p.period ?? '' },
              { key: 'version', header: t('finance.plans.version'), render: (p) => f.number(p.version), sort: (p) => p.version, numeric: true },
              { key: 'assigned', header: t('finance.plans.assigned'), render: (p) => f.number(p.assignedPayees), sort: (p) => p.assignedPayees, numeric: true },
              { key: 'file', header: t('finance.plans.file'), render: (p) => <code>{p.fileName}</code>, sort: (p) => p.fileName },
            ]}
          />
        )}
      </Loadable>
    </Page>
  );
}
