import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { HOME } from '../app/routes';
import { useMe } from '../app/session';
import { Page } from '../components/Page';

export function NotAllowedPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Page title={t('notAllowed.title')}>
      <Text data-testid="not-allowed">{t('notAllowed.body', { role: t(`roles.${me.role}`) })}</Text>
      <div>
        <Button component={Link} href={HOME[me.role]}>
          {t('notAllowed.home')}
        </Button>
      </div>
    </Page>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <Text>{t('notFound.body')}</Text>
    </Page>
  );
}
