import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/error-text';
import type { Loaded } from '../api/hooks';

/** Every page: one h1, the window title, optional actions beside the title. */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Stack gap="lg">
      <div className="page-head">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </Stack>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden />
      <Text ml="sm" c="dimmed">
        {t('common.loading')}
      </Text>
    </Center>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" py="md" data-testid="empty">
      {children}
    </Text>
  );
}

/**
 * What a request became: a loader, the content, an empty state for 404 (nothing there yet:
 * no run of the period, or an endpoint this server does not have yet), or the error.
 */
export function Loadable<T>({ state, empty, children }: { state: Loaded<T>; empty?: ReactNode; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.loading) return <Loading />;
  if (state.error?.status === 404) {
    const missingRoute = state.error.message.startsWith('no route');
    return <EmptyState>{missingRoute ? t('common.notAvailableBody') : (empty ?? t('common.empty'))}</EmptyState>;
  }
  if (state.error)
    return (
      <Alert color="red" title={t('common.errorTitle')} role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorText(state.error, t)}</Text>
          <Button size="xs" variant="light" color="red" onClick={state.reload}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  return null;
}
