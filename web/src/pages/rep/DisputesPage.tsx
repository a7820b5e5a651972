import { Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApi } from '../../api/hooks';
import type { Dispute, DisputeStatus, DisputeSummary } from '../../api/types';
import { useMe } from '../../app/session';
import { DataTable } from '../../components/DataTable';
import { useFormat } from '../../components/format';
import { Loadable, Loading, Page } from '../../components/Page';

export const STATUS_COLOR: Readonly<Record<DisputeStatus, string>> = { open: 'orange', accepted: 'green', rejected: 'gray' };

/** One dispute: what was raised, the conversation, and a reply box while it is open. */
export function DisputeDetail({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const dispute = useApi<Dispute>(id === null ? null : `/api/disputes/${id}`);
  const [busy, setBusy] = useState(false);
  const comment = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    try {
      await api.post(`/api/disputes/${id}/comments`, { body: String(new FormData(form).get('body') ?? '') });
      form.reset();
      dispute.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={id !== null} onClose={onClose} title={dispute.data ? `#${dispute.data.id} ${dispute.data.subject}` : t('common.loading')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {dispute.loading && !dispute.data ? (
        <Loading />
      ) : (
        <Loadable state={dispute}>
          {(d) => (
            <Stack gap="sm">
              <Group gap="xs">
                <Badge color={STATUS_COLOR[d.status]} variant="light">
                  {t(`disputeStatus.${d.status}`)}
                </Badge>
                <Text size="sm">
                  {d.payee} · {f.period(d.period)}
                  {d.transaction ? ` · ${d.transaction}` : ''}
                </Text>
              </Group>
              {d.resolution && (
                <Text size="sm">
                  <b>{t('disputes.resolution')}:</b> {d.resolution}
                  {d.adjustment && ` (${f.number(d.adjustment.amount)})`}
                </Text>
              )}
              <Text fw={600}>{t('disputes.comments')}</Text>
              {d.comments.map((c) => (
                <div key={c.id}>
                  <Text size="xs" c="dimmed">
                    {c.author} · {f.dateTime(c.createdAt)}
                  </Text>
                  <Text size="sm">{c.body}</Text>
                </div>
              ))}
              {d.status === 'open' && (
                <form onSubmit={(e) => void comment(e)}>
                  <Stack gap="xs">
                    <Textarea name="body" label={t('disputes.addComment')} required autosize minRows={2} />
                    <Group justify="flex-end">
                      <Button type="submit" loading={busy} size="sm">
                        {t('disputes.send')}
                      </Button>
                    </Group>
                  </Stack>
                </form>
              )}
            </Stack>
          )}
        </Loadable>
      )}
    </Modal>
  );
}

/** A rep's own disputes; a manager's and their team's (the API scopes the list). */
export default function DisputesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useMe();
  const disputes = useApi<{ disputes: DisputeSummary[] }>('/api/disputes');
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Page title={me.role === 'manager' ? t('disputes.teamTitle') : t('disputes.title')}>
      <Loadable state={disputes}>
        {({ disputes: rows }) =>
          rows.length === 0 ? (
            <Text c="dimmed">{t('disputes.none')}</Text>
          ) : (
            <DataTable
              caption={t('disputes.title')}
              rows={rows}
              rowKey={(d) => String(d.id)}
              initialSort={{ key: 'raised', desc: true }}
              columns={[
                { key: 'id', header: '#', render: (d) => d.id, sort: (d) => d.id, numeric: true },
                {
                  key: 'subject',
                  header: t('disputes.subject'),
                  render: (d) => (
                    <Button variant="subtle" size="compact-sm" onClick={() => setOpen(d.id)}>
                      {d.subject}
                    </Button>
                  ),
                  sort: (d) => d.subject,
                },
                ...(me.role === 'manager' ? [{ key: 'payee', header: t('common.payee'), render: (d: DisputeSummary) => d.payee, sort: (d: DisputeSummary) => d.payee }] : []),
                { key: 'period', header: t('common.period'), render: (d) => f.period(d.period), sort: (d) => d.period },
                { key: 'line', header: t('disputes.line'), render: (d) => d.transaction ?? d.component ?? '—' },
                { key: 'status', header: t('common.status'), render: (d) => <Badge color={STATUS_COLOR[d.status]} variant="light">{t(`disputeStatus.${d.status}`)}</Badge>, sort: (d) => d.status },
                { key: 'raised', header: t('disputes.raisedAt'), render: (d) => f.dateTime(d.raisedAt), sort: (d) => d.raisedAt },
              ]}
            />
          )
        }
      </Loadable>
      <DisputeDetail
        id={open}
        onClose={() => {
          setOpen(null);
          disputes.reload();
        }}
      />
    </Page>
  );
}
