import { Alert, Badge, Button, Card, Group, PasswordInput, Select, Stack, Switch, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import { type Payee, type Role, ROLES, type User } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';

function AddUser({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const payees = useApi<{ payees: Payee[] }>('/api/payees');
  const [role, setRole] = useState<Role>('rep');
  const [payee, setPayee] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const name = String(form.get('name') ?? '').trim();
    try {
      await api.post('/api/users', { email, role, ...(name ? { name } : {}), ...(role === 'rep' || role === 'manager' ? { payeeId: payee } : {}), ...(password ? { password } : {}) });
      setMessage({ ok: true, text: t('admin.userCreated', { email }) });
      onAdded();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, t) });
    }
  };
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        {t('admin.addUser')}
      </Title>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <div className="cards">
            <TextInput name="email" type="email" label={t('common.email')} required />
            <TextInput name="name" label={t('common.name')} />
            <Select label={t('common.role')} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} />
            {(role === 'rep' || role === 'manager') && (
              <Select label={t('admin.payeeId')} data={(payees.data?.payees ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.id})` }))} value={payee} onChange={setPayee} searchable required />
            )}
            <PasswordInput name="password" label={t('admin.password')} description={t('admin.passwordHint')} autoComplete="new-password" />
          </div>
          {message && (
            <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit">{t('admin.addUser')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const users = useApi<{ users: User[] }>('/api/users');
  const setDisabled = async (u: User, disabled: boolean) => {
    await api.patch(`/api/users/${u.id}`, { disabled });
    users.reload();
  };
  return (
    <Page title={t('admin.usersTitle')}>
      <Loadable state={users}>
        {({ users: rows }) => (
          <DataTable
            caption={t('admin.usersTitle')}
            rows={rows}
            rowKey={(u) => String(u.id)}
            initialSort={{ key: 'email' }}
            columns={[
              { key: 'email', header: t('common.email'), render: (u) => u.email, sort: (u) => u.email },
              { key: 'name', header: t('common.name'), render: (u) => u.name ?? '—', sort: (u) => u.name ?? '' },
              { key: 'role', header: t('common.role'), render: (u) => <Badge variant="light">{t(`roles.${u.role}`)}</Badge>, sort: (u) => u.role },
              { key: 'payee', header: t('admin.payeeId'), render: (u) => u.payeeId ?? '—', sort: (u) => u.payeeId ?? '' },
              { key: 'created', header: t('disputes.raisedAt'), render: (u) => f.date(u.createdAt), sort: (u) => u.createdAt },
              {
                key: 'enabled',
                header: t('admin.disabled'),
                render: (u) => <Switch checked={u.disabled} onChange={(e) => void setDisabled(u, e.currentTarget.checked)} aria-label={`${u.disabled ? t('admin.enable') : t('admin.disable')} ${u.email}`} />,
                sort: (u) => (u.disabled ? 1 : 0),
              },
            ]}
          />
        )}
      </Loadable>
      <AddUser onAdded={users.reload} />
    </Page>
  );
}
