import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useSession } from '../app/session';
import { LanguageSwitch } from '../components/LanguageSwitch';

export default function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = `${t('login.title')}`;
  }, [t]);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t('login.throttled') : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login" id="main">
      <Paper className="login-card" withBorder shadow="sm" p="xl">
        <Stack gap="md">
          <div className="login-head">
            <img src="/favicon.svg" alt="" width={36} height={36} />
            <LanguageSwitch />
          </div>
          <div>
            <Title order={1} size="h3">
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('app.tagline')}
            </Text>
          </div>
          <form onSubmit={(e) => void submit(e)} method="post" action="/api/auth/login">
            <Stack gap="sm">
              <TextInput name="email" type="email" label={t('login.email')} autoComplete="username" required />
              <PasswordInput name="password" label={t('login.password')} autoComplete="current-password" required />
              {error && (
                <Alert color="red" role="alert" py="xs">
                  {error}
                </Alert>
              )}
              <Button type="submit" loading={busy} fullWidth>
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </main>
  );
}
