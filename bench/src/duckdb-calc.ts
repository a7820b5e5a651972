/**
 * The benchmark plan computed as SQL in DuckDB, in-process, over the workspace's CSV files.
 * Exact DECIMAL arithmetic throughout (never DOUBLE), so the total can match prestasi's to the
 * cent.
 *
 * Scope (what the generator guarantees and the SQL therefore relies on): one plan (`ae`), all
 * transactions in the plan currency with `owner` (no splits, no fx, no cancellations), quotas
 * given for the exact period, assignments covering whole periods (no proration). The CSV
 * column order is the generator's (read_csv with an explicit column list).
 */
import { DuckDBDecimalValue, DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { PLAN } from './plan.js';

/** A SQL string literal. */
function str(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A plan number as an exact DECIMAL literal of the smallest fitting type. */
function dec(text: string): string {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`not a plain decimal: ${text}`);
  const [int = '', frac = ''] = text.split('.');
  const scale = frac.length;
  const width = Math.max(1, int.replace(/^0+/, '').length + scale, scale + 1);
  return `CAST(${str(text)} AS DECIMAL(${width},${scale}))`;
}

function csv(dir: string, file: string, columns: Record<string, string>): string {
  const cols = Object.entries(columns)
    .map(([name, type]) => `${str(name)}: ${str(type)}`)
    .join(', ');
  return `read_csv(${str(join(dir, file))}, header = true, delim = ',', quote = '"', escape = '"', columns = {${cols}})`;
}

/**
 * SQL giving one row per (payee, plan, period) result: payee, bookings, quota, commission_exact,
 * commission (capped, rounded), bonus (rounded), payout. Ordered by payee.
 */
export function payoutsSql(dir: string): string {
  const start = `DATE ${str(PLAN.periodStart)}`;
  const end = `DATE ${str(PLAN.periodEnd)}`;

  // Graduated commission on attainment: tier bounds are fractions of the quota.
  const terms: string[] = [];
  let lower = '0';
  for (const tier of PLAN.commission.tiers) {
    const lo = `(${dec(lower)} * q.quota)`;
    const upperMeasure = tier.to === undefined ? 'm.bookings' : `LEAST(m.bookings, ${dec(tier.to)} * q.quota)`;
    terms.push(`${dec(tier.rate)} * GREATEST(${upperMeasure} - ${lo}, 0)`);
    if (tier.to !== undefined) lower = tier.to;
  }
  const firstRate = PLAN.commission.tiers[0]?.rate ?? '0';
  const commission = `CASE WHEN m.bookings < 0 THEN m.bookings * ${dec(firstRate)}
            ELSE ${terms.join('\n               + ')} END`;

  // Bonus: the step with the largest `at` reached (attainment ≥ at ⇔ bookings ≥ at × quota).
  const steps = [...PLAN.bonus.steps].sort((a, b) => Number(b.at) - Number(a.at));
  const bonus = `CASE ${steps.map((s) => `WHEN m.bookings >= ${dec(s.at)} * q.quota THEN ${dec(s.amount)}`).join(' ')} ELSE 0 END`;

  return `
WITH
  assigned AS (
    SELECT payee,
           GREATEST("from", ${start}) AS lo,
           LEAST(COALESCE("to", ${end}), ${end}) AS hi
    FROM ${csv(dir, 'assignments.csv', { payee: 'VARCHAR', plan: 'VARCHAR', from: 'DATE', to: 'DATE' })}
    WHERE plan = ${str(PLAN.id)} AND "from" <= ${end} AND ("to" IS NULL OR "to" >= ${start})
  ),
  tx AS (
    SELECT * FROM ${csv(dir, 'transactions.csv', {
      id: 'VARCHAR',
      date: 'DATE',
      amount: 'DECIMAL(18,2)',
      currency: 'VARCHAR',
      owner: 'VARCHAR',
      type: 'VARCHAR',
      product: 'VARCHAR',
    })}
  ),
  booked AS (
    SELECT tx.owner AS payee, CAST(SUM(tx.amount) AS DECIMAL(20,2)) AS bookings
    FROM tx JOIN assigned a ON tx.owner = a.payee AND tx.date BETWEEN a.lo AND a.hi
    WHERE tx.type IN (${PLAN.types.map(str).join(', ')})
    GROUP BY tx.owner
  ),
  quotas AS (
    SELECT payee, amount AS quota
    FROM ${csv(dir, 'quotas.csv', { payee: 'VARCHAR', period: 'VARCHAR', measure: 'VARCHAR', amount: 'DECIMAL(18,2)' })}
    WHERE period = ${str(PLAN.period)} AND measure = ${str(PLAN.measure)}
  ),
  m AS (
    SELECT a.payee, COALESCE(b.bookings, CAST(0 AS DECIMAL(20,2))) AS bookings
    FROM assigned a LEFT JOIN booked b USING (payee)
  ),
  components AS (
    SELECT m.payee, m.bookings, q.quota,
           ${commission} AS commission_exact,
           ${bonus} AS bonus_exact
    FROM m JOIN quotas q USING (payee)
  )
SELECT payee, bookings, quota, commission_exact,
       ROUND(LEAST(commission_exact, ${dec(PLAN.commission.cap)}), 2) AS commission,
       ROUND(bonus_exact, 2) AS bonus,
       ROUND(LEAST(commission_exact, ${dec(PLAN.commission.cap)}), 2) + ROUND(bonus_exact, 2) AS payout
FROM components
ORDER BY payee`;
}

/** SQL giving a single row: payees (count) and total (sum of payouts). */
export function totalSql(dir: string): string {
  return `SELECT COUNT(*) AS payees, COALESCE(SUM(payout), 0) AS total FROM (${payoutsSql(dir)}) r`;
}

/** Converts a DuckDB DECIMAL (or integer) value to bigint cents, exactly. */
export function toCents(value: unknown): bigint {
  if (value instanceof DuckDBDecimalValue) {
    if (value.scale === 2) return value.value;
    if (value.scale < 2) return value.value * 10n ** BigInt(2 - value.scale);
    const div = 10n ** BigInt(value.scale - 2);
    if (value.value % div !== 0n) throw new Error(`not a whole number of cents: ${value.toString()}`);
    return value.value / div;
  }
  if (typeof value === 'bigint') return value * 100n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value) * 100n;
  throw new Error(`not an exact decimal: ${String(value)}`);
}

export interface DuckdbOptions {
  /** DuckDB worker threads; default: DuckDB's own default (all cores). */
  readonly threads?: number;
}

export interface DuckdbTotal {
  readonly payees: number;
  readonly totalCents: bigint;
  /** From creating the instance (opening the database and connection) to having the total. */
  readonly seconds: number;
  readonly threads: number;
}

async function withConnection<T>(
  options: DuckdbOptions,
  run: (connection: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<T>,
): Promise<T> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  try {
    return await run(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function duckdbTotal(dir: string, options: DuckdbOptions = {}): Promise<DuckdbTotal> {
  const started = performance.now();
  return withConnection(options, async (connection) => {
    const reader = await connection.runAndReadAll(totalSql(dir));
    const row = reader.getRowObjects()[0];
    if (row === undefined) throw new Error('DuckDB returned no row');
    const totalCents = toCents(row['total']);
    const seconds = (performance.now() - started) / 1000;
    const threadsReader = await connection.runAndReadAll(`SELECT current_setting('threads') AS t`);
    const threads = Number(threadsReader.getRowObjects()[0]?.['t'] ?? 0);
    return { payees: Number(row['payees']), totalCents, seconds, threads };
  });
}

export interface DuckdbPayout {
  readonly payee: string;
  readonly bookingsCents: bigint;
  readonly commissionCents: bigint;
  readonly bonusCents: bigint;
  readonly payoutCents: bigint;
}

/** Per-payee results, for tests and for diagnosing a mismatch. */
export async function duckdbPayouts(dir: string, options: DuckdbOptions = {}): Promise<DuckdbPayout[]> {
  return withConnection(options, async (connection) => {
    const reader = await connection.runAndReadAll(payoutsSql(dir));
    return reader.getRowObjects().map((row) => ({
      payee: String(row['payee']),
      bookingsCents: toCents(row['bookings']),
      commissionCents: toCents(row['commission']),
      bonusCents: toCents(row['bonus']),
      payoutCents: toCents(row['payout']),
    }));
  });
}
