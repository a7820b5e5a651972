import { Alert, Button, Card, Group, Select, Stack, Switch, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import type { Settings } from '../../api/types';
import { Loadable, Page } from '../../components/Page';
import { useFormat } from '../../components/format';

function SecuritySettings() {
  const { t } = useTranslation();
  const security = useApi<{ segregationOfDuties: boolean }>('/api/settings/security');
  const toggle = async (on: boolean) => {
    await api.put('/api/settings/security', { segregationOfDuties: on });
    security.reload();
  };
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        {t('admin.securitySection')}
      </Title>
      <Loadable state={security}>
        {(s) => <Switch checked={s.segregationOfDuties} onChange={(e) => void toggle(e.currentTarget.checked)} label={t('admin.segregation')} description={t('admin.segregationHint')} />}
      </Loadable>
    </Card>
  );
}

function GeneralSettings() {
  const { t } = useTranslation();
  const f = useFormat();
  const settings = useApi<Settings>('/api/settings');
  const [draft, setDraft] = useState<Partial<Settings>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const months = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: new Intl.DateTimeFormat(f.locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, i, 1))) }));
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    try {
      await api.put('/api/settings', draft);
      setDraft({});
      setMessage({ ok: true, text: t('common.saved') });
      settings.reload();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, t) });
    }
  };
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        {t('admin.generalSection')}
      </Title>
      <Loadable state={settings}>
        {(s) => {
          const v = { ...s, ...draft };
          return (
            <form onSubmit={(e) => void save(e)}>
              <Stack gap="sm">
                <div className="cards">
                  <TextInput label={t('admin.currency')} value={v.currency} maxLength={3} onChange={(e) => setDraft({ ...draft, currency: e.currentTarget.value.toUpperCase() })} />
                  <Select label={t('admin.fiscalYearStart')} data={months} value={String(v.fiscalYearStart)} onChange={(m) => m && setDraft({ ...draft, fiscalYearStart: Number(m) })} allowDeselect={false} />
                  <Select label={t('admin.rounding')} data={(['half_up', 'half_even'] as const).map((r) => ({ value: r, label: t(`admin.roundingModes.${r}`) }))} value={v.rounding} onChange={(r) => r && setDraft({ ...draft, rounding: r as Settings['rounding'] })} allowDeselect={false} />
                  <Select label={t('admin.defaultLanguage')} data={(['en', 'ms'] as const).map((l) => ({ value: l, label: t(`languages.${l}`) }))} value={v.language} onChange={(l) => l && setDraft({ ...draft, language: l as Settings['language'] })} allowDeselect={false} />
                </div>
                {message && (
                  <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
                    {message.text}
                  </Alert>
                )}
                <Group justify="flex-end">
                  <Button type="submit">{t('common.save')}</Button>
                </Group>
              </Stack>
            </form>
          );
        }}
      </Loadable>
    </Card>
  );
}

export default function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('admin.settingsTitle')}>
      <GeneralSettings />
      <SecuritySettings />
    </Page>
  );
}
