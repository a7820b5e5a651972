import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiUrl } from '../../api/client';
import { errorText } from '../../api/error-text';
import { DataTable } from '../../components/DataTable';
import { FilePick, FolderPick } from '../../components/FilePick';
import { Page } from '../../components/Page';
import { Section } from '../../components/Section';
import './finance.css';
import { postBody } from './upload';
import { workspaceFiles } from './workspace-folder';

interface Problem {
  file: string;
  line?: number;
  message: string;
  warning?: boolean;
}

interface ImportResult {
  batch: number | null;
  dryRun: boolean;
  changed: Record<string, number>;
  warnings: Problem[];
}

/** What is to be sent: a zip as it is, or the workspace files of a picked folder as a form. */
type Upload = { kind: 'zip'; file: File } | { kind: 'folder'; name: string; files: { path: string; file: File }[] };

/** What an import counts changes in (db/src/workspace/import.ts), each with a name on screen. */
const TABLES = ['settings', 'payees', 'payee_managers', 'plans', 'plan_versions', 'assignments', 'quotas', 'fx_rates', 'transactions', 'transaction_splits', 'transaction_attributes', 'adjustments'] as const;
const isTable = (table: string): table is (typeof TABLES)[number] => (TABLES as readonly string[]).includes(table);

/** Problems listed at most: a broken file can have thousands, and the first ones say what to fix. */
const SHOWN_PROBLEMS = 200;

const problemText = (p: Problem) => `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`;

/** The workspace as files: download it (to keep in git, or run `prestasi calc` on), and import one back, checked first. */
export default function WorkspacePage() {
  const { t } = useTranslation();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [problems, setProblems] = useState<{ headline: string; list: Problem[] } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  // One upload at a time: picking a zip empties the folder input and the other way round (a new key remounts it).
  const [inputKeys, setInputKeys] = useState({ zip: 0, folder: 0 });

  const choose = (next: Upload | null) => {
    setUpload(next);
    setChecked(null);
    setProblems(null);
    setDone(null);
  };

  const send = async (dryRun: boolean) => {
    if (!upload) return;
    setBusy(true);
    setProblems(null);
    try {
      let body: BodyInit;
      let type: string | undefined;
      if (upload.kind === 'zip') {
        body = upload.file;
        type = 'application/zip';
      } else {
        const form = new FormData();
        for (const f of upload.files) form.append(f.path, f.file, f.path);
        body = form;
        type = undefined;
      }
      const result = await postBody<ImportResult>('/api/import', body, type, { dryRun: String(dryRun) });
      if (dryRun) setChecked(result);
      else {
        setDone(result);
        setChecked(null);
      }
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { problems?: Problem[] } | null) : null;
      setChecked(null);
      setProblems({ headline: errorText(e, t), list: details?.problems ?? [] });
    } finally {
      setBusy(false);
    }
  };

  const changes = (r: ImportResult) =>
    Object.entries(r.changed)
      .filter(([, n]) => n !== 0)
      .map(([table, rows]) => ({ table, rows }));
  const changeTable = (r: ImportResult, caption: string) => (
    <DataTable
      caption={caption}
      rows={changes(r)}
      rowKey={(c) => c.table}
      columns={[
        { key: 'table', header: t('finance.workspace.table'), render: (c) => tableName(c.table), sort: (c) => c.table },
        { key: 'rows', header: t('finance.workspace.rows'), render: (c) => c.rows, sort: (c) => c.rows, numeric: true },
      ]}
    />
  );
  const tableName = (table: string) => (isTable(table) ? t(`finance.workspace.tables.${table}`) : table);

  return (
    <Page title={t('finance.workspace.title')}>
      <Text>{t('finance.workspace.intro')}</Text>
      <Section id="workspace-download" title={t('finance.workspace.download')} hint={t('finance.workspace.downloadHint')} align="start">
        <Button component="a" href={apiUrl('/api/export')} download="prestasi-workspace.zip" variant="light">
          {t('finance.workspace.downloadButton')}
        </Button>
      </Section>

      <Section id="workspace-import" title={t('finance.workspace.import')} hint={t('finance.workspace.importHint')}>
        <Group align="start" gap="xl">
          <FilePick
            key={`zip-${inputKeys.zip}`}
            label={t('finance.workspace.zip')}
            accept=".zip,application/zip"
            onPick={(file) => {
              setInputKeys((k) => ({ ...k, folder: k.folder + 1 }));
              choose(file ? { kind: 'zip', file } : null);
            }}
          />
          <FolderPick
            key={`folder-${inputKeys.folder}`}
            label={t('finance.workspace.folder')}
            onPick={(list) => {
              setInputKeys((k) => ({ ...k, zip: k.zip + 1 }));
              if (list.length === 0) return choose(null);
              const files = workspaceFiles(list.map((file) => ({ path: file.webkitRelativePath || file.name, file })));
              choose({ kind: 'folder', name: list[0]!.webkitRelativePath.split('/')[0] ?? '', files });
            }}
          />
        </Group>
        {upload?.kind === 'folder' && (
          <Text size="sm" data-testid="folder-files">
            {t('finance.workspace.folderFiles', { count: upload.files.length, folder: upload.name, files: upload.files.map((f) => f.path).join(', ') })}
          </Text>
        )}
        <Group>
          <Button variant="light" disabled={!upload || (upload.kind === 'folder' && upload.files.length === 0)} loading={busy && !checked} onClick={() => void send(true)}>
            {t('finance.workspace.check')}
          </Button>
        </Group>

        {problems && (
          <Stack gap="xs" data-testid="workspace-problems">
            <Alert color="red" role="alert">
              {problems.headline}
            </Alert>
            {problems.list.length > 0 && (
              <DataTable
                caption={t('finance.workspace.problems', { count: problems.list.length })}
                rows={problems.list.slice(0, SHOWN_PROBLEMS).map((p, i) => ({ ...p, i }))}
                rowKey={(p) => String(p.i)}
                columns={[
                  { key: 'file', header: t('finance.workspace.file'), render: (p) => <code>{p.file}</code>, sort: (p) => p.file },
                  { key: 'line', header: t('finance.workspace.line'), render: (p) => p.line ?? '', sort: (p) => p.line ?? 0, numeric: true },
                  { key: 'message', header: t('finance.workspace.message'), render: (p) => p.message },
                ]}
              />
            )}
            {problems.list.length > SHOWN_PROBLEMS && <Text size="sm">{t('finance.workspace.moreProblems', { count: problems.list.length - SHOWN_PROBLEMS })}</Text>}
          </Stack>
        )}

        {checked && (
          <Stack gap="xs" data-testid="workspace-report">
            <Text size="sm" fw={600} role="status">
              {changes(checked).length === 0 ? t('finance.workspace.nothing') : t('finance.workspace.wouldChange')}
            </Text>
            {changes(checked).length > 0 && changeTable(checked, t('finance.workspace.wouldChange'))}
            <Warnings warnings={checked.warnings} />
            <Group>
              <Button onClick={() => void send(false)} loading={busy} disabled={changes(checked).length === 0}>
                {t('finance.workspace.confirm')}
              </Button>
            </Group>
          </Stack>
        )}

        {done && (
          <Stack gap="xs" data-testid="workspace-done">
            <Alert color="teal" role="status">
              {t('finance.workspace.imported', { batch: done.batch ?? '' })}
            </Alert>
            {changes(done).length > 0 && changeTable(done, t('finance.workspace.changed'))}
            <Warnings warnings={done.warnings} />
          </Stack>
        )}
      </Section>
    </Page>
  );
}

function Warnings({ warnings }: { warnings: readonly Problem[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <Alert color="yellow" title={t('finance.workspace.warnings', { count: warnings.length })}>
      <List size="sm">
        {warnings.map((w, i) => (
          <List.Item key={i}>
            <code>{problemText(w)}</code>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
