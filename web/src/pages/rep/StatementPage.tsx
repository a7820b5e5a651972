import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { PeriodSelect, usePeriod } from '../../components/PeriodSelect';
import { EmptyState, Page } from '../../components/Page';
import { StatementView } from '../../components/StatementView';

export default function StatementPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [period, setPeriod] = usePeriod();
  return (
    <Page title={t('statement.title')} actions={<PeriodSelect value={period} onChange={setPeriod} />}>
      {me.payeeId ? <StatementView payee={me.payeeId} period={period} /> : <EmptyState>{t('common.empty')}</EmptyState>}
    </Page>
  );
}
