import { Alert, Button, Card, Group, List, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/error-text';
import { useApi } from '../../api/hooks';
import { DataTable } from '../../components/DataTable';
import { FilePick } from '../../components/FilePick';
import { Page } from '../../components/Page';
import './finance.css';
import { MappingExtras, type MappingExtrasValue } from './MappingExtras';
import { postFile } from './upload';

/** Transaction fields a CSV column can feed (db/src/crm/mapping.ts COLUMN_FIELDS). */
const FIELDS = ['id', 'date', 'amount', 'currency', 'owner', 'owner_email', 'owner_name', 'splits', 'quantity', 'margin', 'type', 'product', 'stage', 'cancel_date'] as const;
type Field = (typeof FIELDS)[number];
const DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY/MM/DD', 'YYYY.MM.DD'] as const;

type ColumnNames = string | string[];
interface CrmMapping extends MappingExtrasValue {
  idPrefix: string;
  columns: Partial<Record<Field, ColumnNames>>;
  dateFormat: string;
  decimalSeparator?: '.' | ',';
  [more: string]: unknown;
}

interface ImportReport {
  source: string;
  dryRun: boolean;
  batch: number | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errorCount: number;
  errors: { row: number; column: string | null; value: string | null; message: string }[];
  changes: {
    inserted: { row: number; id: string }[];
    updated: { row: number; id: string; changes: { field: string; before: string | null; after: string | null }[] }[];
    skipped: { row: number; id: string | null; reason: string }[];
  };
  truncated: boolean;
}

const EMPTY: CrmMapping = { idPrefix: '', columns: {}, dateFormat: 'YYYY-MM-DD' };

/** The header of a CSV file: its first line, split on commas outside quotes. */
function csvHeader(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cell.trim()), (cell = '');
    else cell += ch;
  }
  cells.push(cell.trim());
  return cells.filter((c) => c !== '');
}

/** The file's column a mapping entry reads: the first alternative the file has (case aside). */
function resolve(names: ColumnNames | undefined, header: readonly string[]): string | undefined {
  for (const name of names === undefined ? [] : typeof names === 'string' ? [names] : names) {
    const found = header.find((h) => h.toLowerCase() === name.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

/** CRM imports: a CSV, its column mapping (from a preset, a saved mapping or new), a dry run with every row error and what would change, then the import. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const list = useApi<{ presets: { name: string; mapping: CrmMapping }[]; saved: { name: string; mapping: CrmMapping }[] }>('/api/crm/mappings');
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[]>([]);
  const [baseKey, setBaseKey] = useState('new');
  const bases = useMemo(() => {
    const out = new Map<string, { label: string; name: string | null; preset: boolean; mapping: CrmMapping }>([['new', { label: t('finance.imports.baseNew'), name: null, preset: false, mapping: EMPTY }]]);
    for (const p of list.data?.presets ?? []) out.set(`preset:${p.name}`, { label: t('finance.imports.basePreset', { name: p.name }), name: p.name, preset: true, mapping: p.mapping });
    for (const s of list.data?.saved ?? []) out.set(`saved:${s.name}`, { label: t('finance.imports.baseSaved', { name: s.name }), name: s.name, preset: false, mapping: s.mapping });
    return out;
  }, [list.data, t]);
  const base = bases.get(baseKey) ?? bases.get('new')!;
  const [mapping, setMapping] = useState<CrmMapping>(EMPTY);
  const [name, setName] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; problems?: string[] } | null>(null);
  const dirty = JSON.stringify(mapping) !== JSON.stringify(base.mapping);
  // A preset, or a saved mapping used as it is, imports by its own name; anything edited is saved under a name first.
  const source = !dirty && base.name ? base.name : name.trim();

  const chooseBase = (key: string) => {
    const b = bases.get(key);
    setBaseKey(key);
    setMapping(b?.mapping ?? EMPTY);
    setName(b && !b.preset && b.name ? b.name : '');
    setReport(null);
  };
  const setColumn = (field: Field, column: string) => {
    const columns = { ...mapping.columns };
    if (column === '') delete columns[field];
    else columns[field] = column;
    setMapping({ ...mapping, columns });
    setReport(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file || !source) return;
    setBusy(true);
    setMessage(null);
    try {
      if (dirty) await api.put(`/api/crm/mappings/${encodeURIComponent(source)}`, mapping);
      const r = await postFile<ImportReport>('/api/crm/imports', file, { source, dryRun: dryRun ? 'true' : 'false' });
      if (dryRun) setReport(r);
      else {
        setReport(null);
        setMessage({ ok: true, text: t('finance.imports.imported', { batch: r.batch ?? '', inserted: r.inserted, updated: r.updated }) });
      }
      list.reload();
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as (Partial<ImportReport> & { problems?: unknown[] }) | null) : null;
      // The import itself refused rows the dry run did not see (the data moved on): the same error list.
      if (report && details?.errors && e instanceof ApiError && e.code === 'INVALID_WORKSPACE') setReport({ ...report, errors: details.errors, errorCount: details.errors.length });
      else setMessage({ ok: false, text: errorText(e, t), problems: (details?.problems ?? []).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('finance.imports.title')}>
      <Text size="sm">{t('finance.imports.intro')}</Text>
      <Card withBorder padding="md">
        <Stack gap="sm">
          <FilePick
            label={t('finance.imports.file')}
            onPick={(picked) => {
              setFile(picked);
              setReport(null);
              setMessage(null);
              if (picked) void picked.text().then((text) => setHeader(csvHeader(text)));
              else setHeader([]);
            }}
          />
          {header.length > 0 && <Text size="sm">{t('finance.imports.columnsFound', { columns: header.join(', ') })}</Text>}
          <NativeSelect label={t('finance.imports.base')} value={baseKey} data={[...bases].map(([value, b]) => ({ value, label: b.label }))} onChange={(e) => chooseBase(e.currentTarget.value)} maw={360} />
        </Stack>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="import-mapping">
        <Stack gap="sm">
          <Title order={2} size="h4" id="import-mapping">
            {t('finance.imports.mapping')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('finance.imports.mappingHint')}
          </Text>
          <div className="field-grid" data-testid="mapping">
            {FIELDS.map((field) => {
              const names = mapping.columns[field];
              const chosen = resolve(names, header);
              const kept = names !== undefined && chosen === undefined;
              return (
                <NativeSelect
                  key={field}
                  label={field}
                  description={kept ? t('finance.imports.keptAlternatives', { columns: ([] as string[]).concat(names).join(' / ') }) : undefined}
                  value={chosen ?? ''}
                  data={[{ value: '', label: kept ? '—' : t('finance.imports.notMapped') }, ...header.map((h) => ({ value: h, label: h }))]}
                  onChange={(e) => setColumn(field, e.currentTarget.value)}
                />
              );
            })}
          </div>
          <div className="field-grid">
            <TextInput label={t('finance.imports.idPrefix')} description={t('finance.imports.idPrefixHint')} value={mapping.idPrefix} onChange={(e) => setMapping({ ...mapping, idPrefix: e.currentTarget.value })} />
            <NativeSelect label={t('finance.imports.dateFormat')} value={mapping.dateFormat} data={[...DATE_FORMATS]} onChange={(e) => setMapping({ ...mapping, dateFormat: e.currentTarget.value })} />
            <NativeSelect
              label={t('finance.imports.decimalSeparator')}
              value={mapping.decimalSeparator ?? '.'}
              data={['.', ',']}
              onChange={(e) => setMapping({ ...mapping, decimalSeparator: e.currentTarget.value === ',' ? ',' : '.' })}
            />
            {(dirty || !base.name) && (
              <TextInput label={t('finance.imports.name')} description={t('finance.imports.nameHint')} value={name} onChange={(e) => setName(e.currentTarget.value)} required pattern="[a-z0-9_-]+" />
            )}
          </div>
          <MappingExtras
            key={baseKey}
            value={mapping}
            header={header}
            hasStage={mapping.columns.stage !== undefined || mapping.fixed?.stage !== undefined || mapping.stages !== undefined}
            onChange={(extras) => {
              setMapping({ ...mapping, ...extras });
              setReport(null);
            }}
          />
          <Group>
            <Button variant="light" onClick={() => void send(true)} loading={busy && !report} disabled={!file || !source}>
              {t('finance.imports.dryRun')}
            </Button>
          </Group>
          {message && (
            <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
              {message.problems && message.problems.length > 0 && (
                <List size="sm">
                  {message.problems.map((p) => (
                    <List.Item key={p}>{p}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
        </Stack>
      </Card>
      {report && <Report report={report} busy={busy} onConfirm={() => void send(false)} />}
    </Page>
  );
}

function Report({ report, busy, onConfirm }: { report: ImportReport; busy: boolean; onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="import-report" data-testid="import-report">
      <Stack gap="sm">
        <Title order={2} size="h4" id="import-report">
          {t('finance.imports.dryRun')}
        </Title>
        <Text size="sm" fw={600}>
          {t('finance.imports.report', { rows: report.rows, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped })}
        </Text>
        {report.truncated && <Text size="sm">{t('finance.imports.truncated')}</Text>}
        {report.errors.length > 0 && (
          <>
            <Text size="sm" c="red.9" role="alert">
              {t('finance.imports.rowErrors', { count: report.errorCount })}
            </Text>
            <DataTable
              caption={t('finance.imports.rowErrors', { count: report.errorCount })}
              rows={report.errors.map((e, i) => ({ ...e, i }))}
              rowKey={(e) => String(e.i)}
              columns={[
                { key: 'row', header: t('finance.imports.row'), render: (e) => e.row, sort: (e) => e.row, numeric: true },
                { key: 'column', header: t('finance.imports.column'), render: (e) => e.column ?? '' },
                { key: 'value', header: t('finance.imports.value'), render: (e) => (e.value === null ? '' : <code>{e.value}</code>) },
                { key: 'why', header: t('finance.imports.why'), render: (e) => e.message },
              ]}
            />
          </>
        )}
        {report.changes.inserted.length > 0 && (
          <DataTable
            caption={t('finance.imports.inserted')}
            rows={report.changes.inserted}
            rowKey={(c) => c.id}
            columns={[
              { key: 'row', header: t('finance.imports.row'), render: (c) => c.row, sort: (c) => c.row, numeric: true },
              { key: 'id', header: t('finance.imports.deal'), render: (c) => <code>{c.id}</code>, sort: (c) => c.id },
            ]}
          />
        )}
        {report.changes.updated.length > 0 && (
          <DataTable
            caption={t('finance.imports.updated')}
            rows={report.changes.updated}
            rowKey={(c) => c.id}
            columns={[
              { key: 'row', header: t('finance.imports.row'), render: (c) => c.row, sort: (c) => c.row, numeric: true },
              { key: 'id', header: t('finance.imports.deal'), render: (c) => <code>{c.id}</code>, sort: (c) => c.id },
              { key: 'changes', header: t('finance.imports.changes'), render: (c) => c.changes.map((x) => `${x.field}: ${x.before ?? '—'} → ${x.after ?? '—'}`).join('; ') },
            ]}
          />
        )}
        {report.changes.skipped.length > 0 && (
          <DataTable
            caption={t('finance.imports.skipped')}
            rows={report.changes.skipped}
            rowKey={(c) => `${c.row}`}
            columns={[
              { key: 'row', header: t('finance.imports.row'), render: (c) => c.row, sort: (c) => c.row, numeric: true },
              { key: 'id', header: t('finance.imports.deal'), render: (c) => (c.id === null ? '' : <code>{c.id}</code>) },
              { key: 'why', header: t('finance.imports.why'), render: (c) => c.reason },
            ]}
          />
        )}
        {report.errors.length === 0 && report.inserted + report.updated > 0 && (
          <Group>
            <Button onClick={onConfirm} loading={busy}>
              {t('finance.imports.confirm', { count: report.inserted + report.updated })}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
