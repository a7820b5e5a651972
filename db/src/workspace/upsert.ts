import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../schema.js';

export type { Db } from '../schema.js';

/**
 * The ON CONFLICT condition that updates a row only when one of `columns` differs from the
 * incoming row, so a repeated import rewrites nothing. Columns compare as text: a decimal
 * written `100.00` replaces one written `100`, as the file says.
 */
export function differs(table: keyof Database, columns: readonly string[]): Expression<SqlBool> {
  const mine = columns.map((c) => sql`${sql.ref(`${table}.${c}`)}::text`);
  const theirs = columns.map((c) => sql`${sql.ref(`excluded.${c}`)}::text`);
  return sql<SqlBool>`(${sql.join(mine)}) is distinct from (${sql.join(theirs)})`;
}

/** `rows` in slices small enough for PostgreSQL's 65,535 parameters per statement. */
export function* chunks<T>(rows: readonly T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Rows an INSERT … ON CONFLICT DO UPDATE … WHERE inserted or changed. */
export function written(result: { numInsertedOrUpdatedRows?: bigint | undefined } | undefined): number {
  return Number(result?.numInsertedOrUpdatedRows ?? 0n);
}
