import { Alert, Badge, Button, Card, Checkbox, Code, Group, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import { type ApiToken, TOKEN_SCOPES } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';

export default function TokensPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const tokens = useApi<{ tokens: ApiToken[] }>('/api/tokens');
  const [scopes, setScopes] = useState<string[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setError(null);
    try {
      const token = await api.post<ApiToken & { token: string }>('/api/tokens', { name: String(new FormData(form).get('name') ?? ''), scopes });
      setCreated(token.token);
      form.reset();
      setScopes([]);
      tokens.reload();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  const revoke = async (token: ApiToken) => {
    await api.delete(`/api/tokens/${token.id}`);
    tokens.reload();
  };
  return (
    <Page title={t('admin.tokensTitle')}>
      <Loadable state={tokens}>
        {({ tokens: rows }) => (
          <DataTable
            caption={t('admin.tokensTitle')}
            rows={rows}
            rowKey={(tok) => String(tok.id)}
            initialSort={{ key: 'created', desc: true }}
            columns={[
              { key: 'name', header: t('common.name'), render: (tok) => `${tok.name} (${tok.prefix}…)`, sort: (tok) => tok.name },
              { key: 'scopes', header: t('admin.scopes'), render: (tok) => tok.scopes.join(', ') },
              { key: 'created', header: t('disputes.raisedAt'), render: (tok) => f.date(tok.createdAt), sort: (tok) => tok.createdAt },
              { key: 'used', header: t('admin.lastUsed'), render: (tok) => (tok.lastUsedAt ? f.dateTime(tok.lastUsedAt) : t('admin.never')), sort: (tok) => tok.lastUsedAt ?? '' },
              {
                key: 'revoke',
                header: t('common.actions'),
                render: (tok) =>
                  tok.revokedAt ? (
                    <Badge color="gray" variant="light">
                      {t('admin.revoked')}
                    </Badge>
                  ) : (
                    <Button size="compact-xs" color="red" variant="light" onClick={() => void revoke(tok)} aria-label={`${t('admin.revoke')} ${tok.name}`}>
                      {t('admin.revoke')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Loadable>
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="sm">
          {t('admin.createToken')}
        </Title>
        <form onSubmit={(e) => void create(e)}>
          <Stack gap="sm">
            <TextInput name="name" label={t('admin.tokenName')} required maxLength={100} />
            <Checkbox.Group label={t('admin.scopes')} value={scopes} onChange={setScopes}>
              <Group gap="md" mt={4}>
                {TOKEN_SCOPES.map((s) => (
                  <Checkbox key={s} value={s} label={s} />
                ))}
              </Group>
            </Checkbox.Group>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {created && (
              <Alert color="green" role="status" title={t('admin.tokenShownOnce')}>
                <Code block>{created}</Code>
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" disabled={scopes.length === 0}>
                {t('admin.createToken')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Page>
  );
}
