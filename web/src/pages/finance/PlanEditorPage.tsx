import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import { CodeView } from '../../components/CodeView';
import { DataTable } from '../../components/DataTable';
import { Money, useFormat } from '../../components/format';
import { Loadable, Page } from '../../components/Page';
import { Difference } from './Difference';
import './finance.css';
import { type Editing, fieldId, PlanForm } from './PlanForm';
import { type FieldPath, formatOf, pathText, type PlanValue, planText, setIn } from './plan-model';
import type { PlanDetail, PlanPreview, PlanProblem } from './types';

/**
 * The no-code plan editor: the form, the file text it saves (YAML, or JSON for a .json plan),
 * the server's problems next to the fields as one types, a preview of what the edited plan
 * would have paid beside what was paid, and saving as the next version.
 */
export default function PlanEditorPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams<{ id: string }>();
  const detail = useApi<PlanDetail>(`/api/plans/${encodeURIComponent(id)}`);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Page
      title={t('finance.plans.editTitle', { name: detail.data?.name ?? id })}
      actions={
        <Anchor component={Link} href="/plans" size="sm">
          {t('finance.plans.back')}
        </Anchor>
      }
    >
      {notice && (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <Loadable state={detail}>
        {(d) => (
          <Editor
            key={`${d.id}:${d.version}`}
            detail={d}
            onSaved={(message) => {
              setNotice(message);
              detail.reload();
            }}
            onReload={detail.reload}
          />
        )}
      </Loadable>
    </Page>
  );
}

type Check = { text: string; problems: PlanProblem[]; error?: string };

function Editor({ detail, onSaved, onReload }: { detail: PlanDetail; onSaved: (message: string) => void; onReload: () => void }) {
  const { t } = useTranslation();
  const format = formatOf(detail.fileName);
  const [plan, setPlan] = useState<PlanValue>(detail.plan ?? {});
  const text = useMemo(() => planText(plan, format), [plan, format]);
  const originalText = useMemo(() => planText(detail.plan ?? {}, format), [detail.plan, format]);
  const dirty = text !== originalText;
  const [tab, setTab] = useState<string | null>('form');
  const [check, setCheck] = useState<Check | null>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<number | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  // Inline validation: the server checks the text a moment after the last keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      api.post<{ ok: boolean; problems: PlanProblem[] }>('/api/plans/validate', { source: text }).then(
        (r) => setCheck((c) => (c?.text === text ? c : { text, problems: r.problems })),
        (e: unknown) => setCheck({ text, problems: [], error: errorText(e, t) }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);

  const current = check?.text === text ? check : null;
  const problems = current?.problems ?? [];
  const errors = problems.filter((p) => !p.warning);
  const warnings = problems.filter((p) => p.warning);

  const problemsAt = useCallback(
    (path: FieldPath, items = false) => {
      const here = pathText(path);
      return problems.filter((p) => p.path !== null && (p.path === here || (items && p.path.startsWith(`${here}[`)))).map((p) => p.message);
    },
    [problems],
  );
  const editing: Editing = useMemo(
    () => ({ plan, set: (path, value) => setPlan((p) => setIn(p, path, value)), replace: setPlan, problemsAt }),
    [plan, problemsAt],
  );

  const goTo = (path: string) => {
    setTab('form');
    requestAnimationFrame(() => {
      const el = document.getElementById(fieldId(path));
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
    });
  };

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await api.put<PlanDetail & { saved: boolean }>(`/api/plans/${encodeURIComponent(detail.id)}`, { source: text, baseVersion: detail.version });
      onSaved(saved.saved ? t('finance.plans.savedVersion', { version: saved.version }) : t('finance.plans.nothingSaved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') setConflict((e.details as { version?: number } | null)?.version ?? detail.version + 1);
      else if (e instanceof ApiError && e.code === 'INVALID_WORKSPACE') setCheck({ text, problems: (e.details as { problems?: PlanProblem[] } | null)?.problems ?? [] });
      else setSaveError(errorText(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="editor-layout">
      <Stack gap="md">
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="form">{t('finance.plans.tabForm')}</Tabs.Tab>
            <Tabs.Tab value="text">{t('finance.plans.tabYaml')}</Tabs.Tab>
            <Tabs.Tab value="versions">{t('finance.plans.tabVersions')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="form" pt="md">
            <PlanForm editing={editing} planId={detail.id} />
          </Tabs.Panel>
          <Tabs.Panel value="text" pt="md">
            <Stack gap="xs">
              <Text size="sm">{t('finance.plans.yamlHint', { version: detail.version + 1, file: detail.fileName })}</Text>
              <CodeView text={text} label={t('finance.plans.yamlLabel', { file: detail.fileName })} testId="plan-text" />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="versions" pt="md">
            <Versions detail={detail} />
          </Tabs.Panel>
        </Tabs>
        <PreviewPanel planId={detail.id} text={text} disabled={errors.length > 0} />
      </Stack>
      <aside className="editor-side" aria-label={t('finance.plans.tabForm')}>
        <Card withBorder padding="md">
          <Stack gap="sm">
            <Group gap="xs">
              <Badge variant="light" color={dirty ? 'orange' : 'gray'}>
                {t('finance.plans.version')} {detail.version}
              </Badge>
              {!dirty && (
                <Text size="sm" c="dimmed">
                  {t('finance.plans.unchanged')}
                </Text>
              )}
            </Group>
            <div role="status" aria-live="polite" data-testid="validation">
              {!current ? (
                <Text size="sm" c="dimmed">
                  {t('finance.plans.checking')}
                </Text>
              ) : current.error ? (
                <Text size="sm" c="red.9">
                  {current.error}
                </Text>
              ) : errors.length === 0 ? (
                <Text size="sm" c="teal.9">
                  {t('finance.plans.valid')}
                  {warnings.length > 0 && ` ${t('finance.plans.warnings', { count: warnings.length })}`}
                </Text>
              ) : (
                <Text size="sm" c="red.9" fw={600}>
                  {t('finance.plans.problems', { count: errors.length })}
                </Text>
              )}
            </div>
            {problems.length > 0 && (
              <List size="sm" spacing={4} data-testid="problems">
                {problems.map((p, i) => (
                  <List.Item key={i}>
                    <Text size="sm" c={p.warning ? 'dimmed' : 'red.9'} span>
                      {p.message}
                    </Text>{' '}
                    {p.path !== null ? (
                      <Anchor component="button" type="button" size="sm" onClick={() => goTo(p.path!)}>
                        {t('finance.plans.problemAt')}
                      </Anchor>
                    ) : (
                      <Text size="xs" c="dimmed" span>
                        {t('finance.plans.problemElsewhere', { file: p.line ? `${p.file}:${p.line}` : p.file })}
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            )}
            {conflict !== null && (
              <Alert color="orange" role="alert">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{t('finance.plans.conflict', { version: conflict })}</Text>
                  <Button size="xs" variant="light" onClick={onReload}>
                    {t('finance.plans.reload')}
                  </Button>
                </Stack>
              </Alert>
            )}
            {saveError && (
              <Alert color="red" role="alert">
                {saveError}
              </Alert>
            )}
            <Group>
              <Button onClick={() => void save()} loading={saving} disabled={!dirty || errors.length > 0 || !current}>
                {t('finance.plans.saveVersion', { version: detail.version + 1 })}
              </Button>
              <Button variant="default" disabled={!dirty} onClick={() => setPlan(detail.plan ?? {})}>
                {t('finance.plans.discard')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </aside>
    </div>
  );
}

function Versions({ detail }: { detail: PlanDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <DataTable
      caption={t('finance.plans.tabVersions')}
      rows={detail.versions}
      rowKey={(v) => String(v.version)}
      initialSort={{ key: 'version', desc: true }}
      columns={[
        { key: 'version', header: t('finance.plans.version'), render: (v) => f.number(v.version), sort: (v) => v.version, numeric: true },
        { key: 'at', header: t('finance.plans.createdAt'), render: (v) => f.dateTime(v.createdAt), sort: (v) => v.createdAt },
        { key: 'by', header: t('finance.plans.createdBy'), render: (v) => v.createdBy, sort: (v) => v.createdBy },
        { key: 'file', header: t('finance.plans.file'), render: (v) => <code>{v.fileName}</code> },
      ]}
    />
  );
}

function PreviewPanel({ planId, text, disabled }: { planId: string; text: string; disabled: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [period, setPeriod] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ text: string; result: PlanPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<PlanPreview>(`/api/plans/${encodeURIComponent(planId)}/preview`, { source: text, ...(period.trim() ? { period: period.trim() } : {}) });
      setPreview({ text, result });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const result = preview?.result;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="preview-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="preview-title">
          {t('finance.plans.previewTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('finance.plans.previewHint')}
        </Text>
        <form onSubmit={(e) => void run(e)}>
          <Group align="flex-end">
            <TextInput label={t('finance.plans.previewPeriod')} description={t('finance.plans.previewPeriodHint')} value={period} onChange={(e) => setPeriod(e.currentTarget.value)} placeholder="2026-Q2" />
            <Button type="submit" loading={busy} disabled={disabled}>
              {t('finance.plans.preview')}
            </Button>
          </Group>
        </form>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {result && (
          <Stack gap="xs" data-testid="preview">
            <Text size="sm" fw={600}>
              {f.period(result.period)} ·{' '}
              {result.current.source === 'run' ? t('finance.plans.previewRun', { number: result.current.runNumber, status: t(`runStatus.${result.current.status}`) }) : t('finance.plans.previewComputed')}
            </Text>
            {result.totals.length > 0 && (
              <Table.ScrollContainer minWidth={360} type="native">
                <Table verticalSpacing="xs" data-testid="preview-totals">
                  <caption className="visually-hidden">{t('common.total')}</caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('common.total')}</Table.Th>
                      <Table.Th className="num">{t('finance.plans.paid')}</Table.Th>
                      <Table.Th className="num">{t('finance.plans.edited')}</Table.Th>
                      <Table.Th className="num">{t('finance.plans.difference')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.totals.map((r) => (
                      <Table.Tr key={r.currency}>
                        <Table.Td>{r.currency}</Table.Td>
                        <Table.Td className="num">
                          <Money value={r.current} currency={r.currency} />
                        </Table.Td>
                        <Table.Td className="num">
                          <Money value={r.edited} currency={r.currency} />
                        </Table.Td>
                        <Table.Td className="num">
                          <Difference value={r.difference} currency={r.currency} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {result.payees.length === 0 ? (
              <Text size="sm">{t('finance.plans.noPreviewRows', { period: f.period(result.period) })}</Text>
            ) : (
              <DataTable
                caption={t('finance.plans.previewCaption', { period: f.period(result.period) })}
                rows={result.payees}
                rowKey={(r) => `${r.payee}:${r.period}`}
                initialSort={{ key: 'difference', desc: true }}
                columns={[
                  { key: 'name', header: t('common.payee'), render: (r) => r.name, sort: (r) => r.name },
                  { key: 'period', header: t('common.period'), render: (r) => f.period(r.period), sort: (r) => r.period },
                  { key: 'current', header: t('finance.plans.paid'), render: (r) => (r.current === null ? '—' : <Money value={r.current} currency={r.currency} />), sort: (r) => Number(r.current ?? 0), numeric: true },
                  { key: 'edited', header: t('finance.plans.edited'), render: (r) => (r.edited === null ? '—' : <Money value={r.edited} currency={r.currency} />), sort: (r) => Number(r.edited ?? 0), numeric: true },
                  { key: 'difference', header: t('finance.plans.difference'), render: (r) => <Difference value={r.difference} currency={r.currency} />, sort: (r) => Number(r.difference), numeric: true },
                ]}
              />
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
