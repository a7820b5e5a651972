import { Table, UnstyledButton } from '@mantine/core';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly render: (row: T) => ReactNode;
  /** Sortable by this value (numbers compare as numbers, text by the locale). */
  readonly sort?: (row: T) => number | string;
  readonly numeric?: boolean;
}

/**
 * A table with sortable columns (buttons in the headers, aria-sort on the sorted one), scrolling
 * sideways inside its own box on a narrow screen rather than widening the page.
 */
export function DataTable<T>({ rows, columns, rowKey, caption, initialSort }: { rows: readonly T[]; columns: readonly Column<T>[]; rowKey: (row: T) => string; caption: string; initialSort?: { key: string; desc?: boolean } }) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState(initialSort ?? null);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col?.sort) return rows;
    const by = col.sort;
    const collator = new Intl.Collator(i18n.language);
    const out = [...rows].sort((a, b) => {
      const x = by(a);
      const y = by(b);
      return typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    });
    return sort?.desc ? out.reverse() : out;
  }, [rows, columns, sort, i18n.language]);
  return (
    <Table.ScrollContainer minWidth={480} type="native">
      <Table striped highlightOnHover verticalSpacing="xs">
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <Table.Th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={active ? (sort?.desc ? 'descending' : 'ascending') : undefined}>
                  {c.sort ? (
                    <UnstyledButton className="sort-button" onClick={() => setSort({ key: c.key, desc: active ? !sort?.desc : false })} aria-label={t('common.sortBy', { column: c.header })}>
                      {c.header}
                      <span aria-hidden="true">{active ? (sort?.desc ? ' ▼' : ' ▲') : ' ↕'}</span>
                    </UnstyledButton>
                  ) : (
                    c.header
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((c) => (
                <Table.Td key={c.key} className={c.numeric ? 'num' : undefined}>
                  {c.render(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
