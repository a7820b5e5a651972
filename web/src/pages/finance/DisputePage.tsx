import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { api } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import type { Dispute } from '../../api/types';
import { useMe } from '../../app/session';
import { useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';
import { DISPUTE_COLOR } from './DisputesQueuePage';
import './finance.css';

/** A write that shows its error next to the form that made it, and reloads the dispute when done. */
function useAction(onDone: () => void) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      onDone();
      return true;
    } catch (e) {
      setError(errorText(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <Alert color="red" role="alert">
      {error}
    </Alert>
  ) : null;
}

/** One dispute as finance handles it: what it is about, the conversation, assigning it, and resolving it (accepted with an amount, or rejected) with a reason. */
export default function DisputePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams<{ id: string }>();
  const dispute = useApi<Dispute>(`/api/disputes/${encodeURIComponent(id)}`);
  const d = dispute.data;
  return (
    <Page
      title={d ? t('finance.disputes.detailTitle', { id: d.id, subject: d.subject }) : t('finance.disputes.title')}
      actions={
        <Anchor component={Link} href="/disputes/queue" size="sm">
          {t('finance.disputes.title')}
        </Anchor>
      }
    >
      <Loadable state={dispute}>
        {(x) => (
          <>
            <Summary dispute={x} />
            <Comments dispute={x} onChange={dispute.reload} />
            {x.status === 'open' && <Assign dispute={x} onChange={dispute.reload} />}
            {x.status === 'open' && <Resolve dispute={x} onChange={dispute.reload} />}
          </>
        )}
      </Loadable>
    </Page>
  );
}

function Summary({ dispute: d }: { dispute: Dispute }) {
  const { t } = useTranslation();
  const f = useFormat();
  const about = d.transaction ? t('finance.disputes.aboutLine', { deal: d.transaction, component: d.component ?? '' }) : d.component ? t('finance.disputes.aboutComponent', { component: d.component }) : t('finance.disputes.aboutPeriod');
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Group gap="sm">
          <Badge variant="light" color={DISPUTE_COLOR[d.status]} data-testid="dispute-status">
            {t(`disputeStatus.${d.status}`)}
          </Badge>
          <Text size="sm">{t('finance.disputes.raisedBy', { who: d.raisedBy, at: f.dateTime(d.raisedAt) })}</Text>
        </Group>
        <Text size="sm">
          {t('common.payee')}: <strong>{d.payee}</strong> · {t('common.period')}: {f.period(d.period)}
          {d.plan ? ` · ${t('common.plan')}: ${d.plan}` : ''}
        </Text>
        <Text size="sm">
          {t('finance.disputes.about')}: {about}
        </Text>
        <Text size="sm">
          {t('finance.disputes.assignee')}: {d.assignee ?? t('finance.disputes.unassigned')}
        </Text>
        {d.status !== 'open' && d.resolvedBy && d.resolvedAt && (
          <Alert color={d.status === 'accepted' ? 'teal' : 'gray'} role="status" data-testid="resolution">
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('finance.disputes.resolvedAs', { status: t(`disputeStatus.${d.status}`), who: d.resolvedBy, at: f.dateTime(d.resolvedAt) })}
              </Text>
              {d.resolution && <Text size="sm">{d.resolution}</Text>}
              {d.adjustment && <Text size="sm">{t('finance.disputes.adjustment', { amount: f.number(d.adjustment.amount), period: f.period(d.adjustment.period) })}</Text>}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Comments({ dispute: d, onChange }: { dispute: Dispute; onChange: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [body, setBody] = useState('');
  const action = useAction(onChange);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run(() => api.post(`/api/disputes/${d.id}/comments`, { body }))) setBody('');
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="dispute-comments">
      <Stack gap="sm">
        <Title order={2} size="h4" id="dispute-comments">
          {t('disputes.comments')}
        </Title>
        {d.comments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('finance.disputes.noComments')}
          </Text>
        ) : (
          <ol className="comment-list" data-testid="comments">
            {d.comments.map((c) => (
              <li key={c.id}>
                <Text size="xs" c="dimmed">
                  {c.author} · {f.dateTime(c.createdAt)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.body}
                </Text>
              </li>
            ))}
          </ol>
        )}
        {d.status === 'open' && (
          <form onSubmit={(e) => void send(e)}>
            <Stack gap="xs">
              <Textarea label={t('disputes.addComment')} value={body} onChange={(e) => setBody(e.currentTarget.value)} required autosize minRows={2} maxLength={10000} />
              <ErrorText error={action.error} />
              <Group>
                <Button type="submit" variant="light" loading={action.busy}>
                  {t('disputes.send')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

function Assign({ dispute: d, onChange }: { dispute: Dispute; onChange: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [assignee, setAssignee] = useState(d.assignee ?? '');
  const action = useAction(onChange);
  const assign = (who: string) => void action.run(() => api.post(`/api/disputes/${d.id}/assign`, { assignee: who }));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="dispute-assign">
      <Stack gap="sm">
        <Title order={2} size="h4" id="dispute-assign">
          {t('finance.disputes.assign')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            assign(assignee.trim());
          }}
        >
          <Group align="flex-end">
            <TextInput type="email" label={t('finance.disputes.assignTo')} value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)} required miw={260} />
            <Button type="submit" variant="light" loading={action.busy}>
              {t('finance.disputes.assign')}
            </Button>
            <Button variant="default" onClick={() => assign(me.user.email)} disabled={d.assignee === me.user.email}>
              {t('finance.disputes.assignToMe')}
            </Button>
          </Group>
        </form>
        <ErrorText error={action.error} />
      </Stack>
    </Card>
  );
}

function Resolve({ dispute: d, onChange }: { dispute: Dispute; onChange: () => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<'accepted' | 'rejected'>('accepted');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(onChange);
  const resolve = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => api.post(`/api/disputes/${d.id}/resolve`, outcome === 'accepted' ? { outcome, amount: amount.trim(), reason } : { outcome, reason }));
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="dispute-resolve">
      <form onSubmit={resolve}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="dispute-resolve">
            {t('finance.disputes.resolve')}
          </Title>
          <div className="field-grid">
            <NativeSelect
              label={t('finance.disputes.outcome')}
              value={outcome}
              data={(['accepted', 'rejected'] as const).map((k) => ({ value: k, label: t(`finance.disputes.outcomes.${k}`) }))}
              onChange={(e) => setOutcome(e.currentTarget.value === 'rejected' ? 'rejected' : 'accepted')}
            />
            {outcome === 'accepted' && (
              <TextInput label={t('finance.disputes.amount')} description={t('finance.disputes.amountHint')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} required inputMode="decimal" pattern="-?[0-9]+(\.[0-9]+)?" />
            )}
          </div>
          <Textarea label={t('finance.disputes.reason')} description={t('finance.disputes.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={2} maxLength={1000} />
          <ErrorText error={action.error} />
          <Group>
            <Button type="submit" loading={action.busy} {...(outcome === 'rejected' ? { color: 'red' } : {})}>
              {t('finance.disputes.resolve')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
