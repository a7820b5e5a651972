import { Button, Group, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SubSection } from '../../components/Section';

type ColumnNames = string | string[];

/** Fields a mapping may give one value for, every row or the empty ones (db/src/crm/mapping.ts VALUE_FIELDS). */
export const VALUE_FIELDS = ['currency', 'owner', 'quantity', 'margin', 'type', 'product', 'stage'] as const;
type ValueField = (typeof VALUE_FIELDS)[number];
type Values = Partial<Record<ValueField, string>>;

/** The parts of a CRM mapping beyond its columns (see db/src/crm/mapping.ts). */
export interface MappingExtrasValue {
  attributes?: Record<string, ColumnNames> | undefined;
  fixed?: Values | undefined;
  defaults?: Values | undefined;
  stages?: { won: string[]; cancelled: string[] } | undefined;
}

/** Comma-separated stage names, as typed, to a list. */
export function stageList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Attribute rows, as edited, to the mapping's record: only rows with both a name and a column. */
export function attributesOf(rows: readonly { name: string; column: string }[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.name.trim() !== '' && r.column !== '') out[r.name.trim()] = r.column;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** A value map with the blank entries left out (the rest as typed), or undefined when none is left. */
function values(v: Values): Values | undefined {
  const out: Values = {};
  for (const f of VALUE_FIELDS) if ((v[f] ?? '').trim() !== '') out[f] = v[f]!;
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * Attributes (CRM columns kept for plan filters, such as a region), stages (which CRM stages
 * make a deal won or cancelled) and values given once (every row's currency, or an owner for
 * rows without one). The parent remounts it (a new `key`) when it loads another mapping.
 */
export function MappingExtras({ value, header, hasStage, onChange }: { value: MappingExtrasValue; header: readonly string[]; hasStage: boolean; onChange: (next: MappingExtrasValue) => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(() => Object.entries(value.attributes ?? {}).map(([name, names]) => ({ name, column: ([] as string[]).concat(names)[0] ?? '' })));
  const [won, setWon] = useState((value.stages?.won ?? []).join(', '));
  const [cancelled, setCancelled] = useState((value.stages?.cancelled ?? []).join(', '));
  const emit = (change: Partial<MappingExtrasValue>) => onChange({ ...value, ...change });
  const setRow = (i: number, row: { name: string; column: string }) => {
    const next = rows.map((r, j) => (j === i ? row : r));
    setRows(next);
    emit({ attributes: attributesOf(next) });
  };
  const setStages = (w: string, c: string) => {
    setWon(w);
    setCancelled(c);
    emit({ stages: stageList(w).length + stageList(c).length === 0 ? undefined : { won: stageList(w), cancelled: stageList(c) } });
  };
  const setValue = (kind: 'fixed' | 'defaults', field: ValueField, text: string) => emit({ [kind]: values({ ...value[kind], [field]: text }) });
  const columns = [{ value: '', label: t('finance.imports.notMapped') }, ...header.map((h) => ({ value: h, label: h }))];

  return (
    <Stack gap="md" data-testid="mapping-extras">
      <SubSection title={t('finance.imports.attributes')} hint={t('finance.imports.attributesHint')}>
        {rows.map((r, i) => (
          <Group key={i} align="flex-end">
            <TextInput label={t('finance.imports.attributeName', { n: i + 1 })} value={r.name} onChange={(e) => setRow(i, { ...r, name: e.currentTarget.value })} />
            <NativeSelect label={t('finance.imports.attributeColumn', { n: i + 1 })} value={r.column} data={r.column !== '' && !header.includes(r.column) ? [...columns, { value: r.column, label: r.column }] : columns} onChange={(e) => setRow(i, { ...r, column: e.currentTarget.value })} />
            <Button
              variant="subtle"
              onClick={() => {
                const next = rows.filter((_, j) => j !== i);
                setRows(next);
                emit({ attributes: attributesOf(next) });
              }}
            >
              {t('finance.imports.removeAttribute', { n: i + 1 })}
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="light" onClick={() => setRows([...rows, { name: '', column: '' }])}>
            {t('finance.imports.addAttribute')}
          </Button>
        </Group>
      </SubSection>

      {hasStage && (
        <SubSection title={t('finance.imports.stages')}>
          <Group align="flex-start" grow>
            <TextInput label={t('finance.imports.wonStages')} description={t('finance.imports.stagesHint')} placeholder="won, closed won" value={won} onChange={(e) => setStages(e.currentTarget.value, cancelled)} />
            <TextInput label={t('finance.imports.cancelledStages')} description={t('finance.imports.cancelledHint')} placeholder="cancelled, lost, closed lost" value={cancelled} onChange={(e) => setStages(won, e.currentTarget.value)} />
          </Group>
        </SubSection>
      )}

      <SubSection title={t('finance.imports.values')} hint={t('finance.imports.valuesHint')}>
        <Table.ScrollContainer minWidth={420} type="native">
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('finance.imports.field')}</Table.Th>
                <Table.Th>{t('finance.imports.fixed')}</Table.Th>
                <Table.Th>{t('finance.imports.default')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {VALUE_FIELDS.map((field) => (
                <Table.Tr key={field}>
                  <Table.Td>{field}</Table.Td>
                  {(['fixed', 'defaults'] as const).map((kind) => (
                    <Table.Td key={kind}>
                      <TextInput
                        size="xs"
                        aria-label={t(kind === 'fixed' ? 'finance.imports.fixedLabel' : 'finance.imports.defaultLabel', { field })}
                        value={value[kind]?.[field] ?? ''}
                        onChange={(e) => setValue(kind, field, e.currentTarget.value)}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </SubSection>
    </Stack>
  );
}
