import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { Page } from '../../components/Page';
import { PeriodSelect, usePeriod } from '../../components/PeriodSelect';
import { StatementView } from '../../components/StatementView';

/** A manager's drill-down into one payee below them (the API answers 404 for anyone else). */
export default function RepStatementPage() {
  const { t } = useTranslation();
  const { payee = '' } = useParams<{ payee: string }>();
  const [period, setPeriod] = usePeriod();
  return (
    <Page title={t('statement.titleFor', { name: payee })} actions={<PeriodSelect value={period} onChange={setPeriod} />}>
      <Anchor component={Link} href={`/team?period=${period}`} size="sm">
        ← {t('nav.team')}
      </Anchor>
      <StatementView payee={payee} period={period} />
    </Page>
  );
}
