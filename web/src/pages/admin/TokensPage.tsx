import { useTranslation } from 'react-i18next';
import { EmptyState, Page } from '../../components/Page';

export default function TokensPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('common.notAvailable')}>
      <EmptyState>{t('common.notAvailableBody')}</EmptyState>
    </Page>
  );
}
