import { Alert, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorText } from '../../api/error-text';
import { CodeView } from '../../components/CodeView';
import { useFormat } from '../../components/format';
import { EmptyState, Loading, Page } from '../../components/Page';
import './finance.css';

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

const PAGE_SIZE = 50;

/** The audit log, newest first, filtered by record type and person, a page at a time (keyset: `before` the last id shown). */
export default function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [filters, setFilters] = useState({ entity: '', actor: '' });
  const [draft, setDraft] = useState(filters);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<number | null>(null);

  const load = useCallback(
    async (before: number | null) => {
      setBusy(true);
      setError(null);
      try {
        const page = await api.get<{ entries: AuditEntry[]; next: number | null }>('/api/audit', {
          limit: PAGE_SIZE,
          before: before ?? undefined,
          entity: filters.entity.trim() || undefined,
          actor: filters.actor.trim() || undefined,
        });
        setEntries((old) => (before === null ? page.entries : [...(old ?? []), ...page.entries]));
        setNext(page.next);
      } catch (e) {
        setError(errorText(e, t));
      } finally {
        setBusy(false);
      }
    },
    [filters],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOpen(null);
    setFilters(draft);
  };

  return (
    <Page title={t('finance.audit.title')}>
      <Card withBorder padding="md">
        <form onSubmit={apply}>
          <Group align="flex-end">
            <TextInput label={t('finance.audit.filterEntity')} value={draft.entity} onChange={(e) => setDraft({ ...draft, entity: e.currentTarget.value })} placeholder="plan" />
            <TextInput label={t('finance.audit.filterActor')} value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.currentTarget.value })} />
            <Button type="submit" variant="light">
              {t('finance.audit.apply')}
            </Button>
          </Group>
        </form>
      </Card>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {entries === null ? (
        busy && <Loading />
      ) : entries.length === 0 ? (
        <EmptyState>{t('finance.audit.none')}</EmptyState>
      ) : (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={560} type="native">
            <Table striped verticalSpacing="xs" data-testid="audit">
              <caption className="visually-hidden">{t('finance.audit.title')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('finance.audit.at')}</Table.Th>
                  <Table.Th>{t('finance.audit.actor')}</Table.Th>
                  <Table.Th>{t('finance.audit.action')}</Table.Th>
                  <Table.Th>{t('finance.audit.entity')}</Table.Th>
                  <Table.Th>{t('finance.audit.changes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <Fragment key={e.id}>
                    <Table.Tr>
                      <Table.Td>{f.dateTime(e.at)}</Table.Td>
                      <Table.Td>{e.actor}</Table.Td>
                      <Table.Td>
                        <code>{e.action}</code>
                      </Table.Td>
                      <Table.Td>
                        {e.entity}
                        {e.entityId !== null && ` ${e.entityId}`}
                      </Table.Td>
                      <Table.Td>
                        <Button size="compact-xs" variant="subtle" aria-expanded={open === e.id} aria-controls={`audit-${e.id}`} onClick={() => setOpen(open === e.id ? null : e.id)}>
                          {t('finance.audit.changes')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {open === e.id && (
                      <Table.Tr id={`audit-${e.id}`}>
                        <Table.Td colSpan={5}>
                          <div className="field-grid">
                            <Stack gap={4}>
                              <Text size="sm" fw={600}>
                                {t('finance.audit.before')}
                              </Text>
                              <CodeView text={JSON.stringify(e.before, null, 2)} label={`${t('finance.audit.before')} #${e.id}`} />
                            </Stack>
                            <Stack gap={4}>
                              <Text size="sm" fw={600}>
                                {t('finance.audit.after')}
                              </Text>
                              <CodeView text={JSON.stringify(e.after, null, 2)} label={`${t('finance.audit.after')} #${e.id}`} />
                            </Stack>
                          </div>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {next !== null && (
            <Group>
              <Button variant="default" loading={busy} onClick={() => void load(next)}>
                {t('finance.audit.more')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Page>
  );
}
