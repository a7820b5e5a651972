/**
 * CRM import against a raw COPY of the same rows, on PGlite and on PostgreSQL.
 *
 *   node bench/dist/import-vs-copy.js [--rows N] [--payees N] [--seed S] [--only pglite|postgres] [--pg-url URL]
 *
 * Defaults: 1,000,000 deals, 1,000 payees, seed 20260101, both databases; PostgreSQL through
 * the `test` database at postgres://root@127.0.0.1:5432/test, where a scratch database is
 * created and dropped. The deals are a Salesforce Opportunities report (Details Only CSV, every
 * cell quoted, amounts like "12,345.67", dates M/D/YYYY, owners by email and name) made by a
 * deterministic generator (mulberry32; never Math.random). The same rows, already in the
 * transactions table's terms, go through one `COPY transactions FROM STDIN` (@prestasi/db's
 * copyInto: the wire protocol's CopyData on PostgreSQL, `FROM '/dev/blob'` on PGlite).
 *
 * Each database: COPY into the empty table, timed; empty it; the CRM import service
 * (`importCrmDeals`, one transaction), timed; the same import again (nothing changes), timed.
 * COPY only loads pre-converted rows; the import also parses the CRM's CSV, matches owners,
 * validates and upserts, so it is measured whole. Both end with the same table (checked).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { type Connection, connect, copyInto, type CrmMapping, type Db, importCrmDeals, importWorkspace, migrate, PRESETS, sql } from '@prestasi/db';
import { Mulberry32 } from './prng.js';

export const DEFAULT_ROWS = 1_000_000;
export const DEFAULT_BENCH_PAYEES = 1_000;
export const DEFAULT_SEED = 20260101;
export const DEFAULT_PG_URL = process.env['PRESTASI_TEST_PG_URL'] ?? 'postgres://root@127.0.0.1:5432/test';

const encoder = new TextEncoder();
const SALESFORCE: CrmMapping = PRESETS.get('salesforce')!;

export interface DealFiles {
  /** The Salesforce report the import reads. */
  readonly salesforce: Uint8Array;
  /** The same deals as CSV rows of COPY_COLUMNS. */
  readonly copy: Uint8Array;
  /** The workspace the deals' owners belong to. */
  readonly workspace: Map<string, Uint8Array>;
  readonly rows: number;
}

/** What COPY loads: the columns the import writes, with the values it writes. */
export const COPY_COLUMNS = ['id', 'date', 'amount', 'currency', 'owner_id', 'type', 'product', 'attributes', 'external_source'] as const;

const TYPES = ['New Business', 'Existing Business', 'Renewal'];
const PRODUCTS = ['CORE', 'PRO', 'SERVICES', ''];
const CURRENCIES = ['MYR', 'MYR', 'MYR', 'MYR', 'USD', 'SGD'];

const q = (text: string) => `"${text.replaceAll('"', '""')}"`;
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Deterministic deals: the same arguments give byte-identical files. */
export function generateDeals(rows: number, payees: number, seed = DEFAULT_SEED): DealFiles {
  const rng = new Mulberry32(seed);
  const people = Array.from({ length: payees }, (_, i) => {
    const n = String(i + 1).padStart(5, '0');
    return { id: `p-${n}`, name: `Rep ${n}`, email: `rep${n}@contoh.my` };
  });
  const sfLines: string[] = [
    ['Opportunity Owner', 'Owner Email', 'Account Name', 'Opportunity Name', 'Opportunity ID', 'Type', 'Stage', 'Opportunity Currency', 'Amount', 'Close Date', 'Product']
      .map(q)
      .join(','),
  ];
  const copyLines: string[] = [];
  const sfParts: Uint8Array[] = [];
  const copyParts: Uint8Array[] = [];
  const flush = () => {
    sfParts.push(encoder.encode(`${sfLines.join('\n')}\n`));
    copyParts.push(encoder.encode(`${copyLines.join('\n')}\n`));
    sfLines.length = 0;
    copyLines.length = 0;
  };
  for (let i = 0; i < rows; i++) {
    const p = people[rng.int(payees)]!;
    const id = `006${String(i).padStart(12, '0')}`;
    const month = 1 + rng.int(12);
    const day = 1 + rng.int(28);
    const cents = 10_000 + rng.int(5_000_000);
    const whole = Math.floor(cents / 100);
    const fraction = String(cents % 100).padStart(2, '0');
    const currency = CURRENCIES[rng.int(CURRENCIES.length)]!;
    const type = TYPES[rng.int(TYPES.length)]!;
    const product = PRODUCTS[rng.int(PRODUCTS.length)]!;
    const customer = `Customer ${rng.int(50_000)}`;
    const dealName = `Deal ${i}`;
    sfLines.push([p.name, p.email, customer, dealName, id, type, 'Closed Won', currency, `${grouped(whole)}.${fraction}`, `${month}/${day}/2026`, product].map(q).join(','));
    const attributes = JSON.stringify({ customer, deal_name: dealName });
    const date = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    copyLines.push([`sf:${id}`, date, `${whole}.${fraction}`, currency, p.id, type, product, q(attributes), 'salesforce'].join(','));
    if (sfLines.length >= 10_000) flush();
  }
  flush();
  const workspace = new Map<string, Uint8Array>([
    ['prestasi.yaml', encoder.encode('currency: MYR\n')],
    ['payees.csv', encoder.encode(`id,name,email\n${people.map((p) => `${p.id},${p.name},${p.email}`).join('\n')}\n`)],
    ['plans/ae.yaml', encoder.encode('id: ae\nname: AE\nperiod: quarter\nmeasures:\n  bookings: { sum: amount }\ncomponents:\n  - { id: commission, type: commission, measure: bookings, rate: 0.05 }\n')],
    ['assignments.csv', encoder.encode(`payee,plan,from\n${people.map((p) => `${p.id},ae,2026-01-01`).join('\n')}\n`)],
    ['transactions.csv', encoder.encode('id,date,amount,owner\n')],
  ]);
  return { salesforce: Buffer.concat(sfParts), copy: Buffer.concat(copyParts), workspace, rows };
}

let opened = 0;

/** A fresh database: PGlite in memory, or a scratch database on the PostgreSQL server that close() drops. */
async function open(kind: 'pglite' | 'postgres', adminUrl: string): Promise<Connection> {
  if (kind === 'pglite') return connect({ memory: true });
  const name = `prestasi_bench_${process.pid}_${threadId}_${opened++}`;
  const admin = await connect({ url: adminUrl });
  try {
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
    await sql`create database ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const conn = await connect({ url: url.toString() });
  return {
    ...conn,
    close: async () => {
      await conn.close();
      const again = await connect({ url: adminUrl });
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      } finally {
        await again.close();
      }
    },
  };
}

export interface BenchResult {
  readonly kind: 'pglite' | 'postgres';
  readonly rows: number;
  readonly copySeconds: number;
  readonly importSeconds: number;
  readonly reimportSeconds: number;
  /** The import's rows/s ÷ COPY's rows/s: 0.5 is half COPY's speed. */
  readonly ratio: number;
}

/** The table's content in a few figures, to tell that COPY and the import wrote the same. */
async function fingerprint(db: Db): Promise<string> {
  const { rows } = await sql<{ f: string }>`
    select count(*) || ' rows, ' || coalesce(sum(amount), 0)::text || ' total, ' || count(distinct owner_id) || ' owners, hash ' ||
      coalesce(sum(hashtextextended(id || date::text || amount::text || coalesce(currency, '') || coalesce(owner_id, '') || coalesce(type, '') ||
        coalesce(product, '') || attributes::text || coalesce(external_source, ''), 0)::numeric), 0)::text as f
    from transactions`.execute(db);
  return rows[0]!.f;
}

export async function benchOne(kind: 'pglite' | 'postgres', files: DealFiles, pgUrl = DEFAULT_PG_URL): Promise<BenchResult> {
  const conn = await open(kind, pgUrl);
  try {
    const { db } = conn;
    await migrate(db);
    await importWorkspace(db, files.workspace, { actor: 'bench' });
    // An empty `Product` cell is an unquoted empty field: NULL, as the import writes it.
    const copyCsv = files.copy;

    let t = performance.now();
    // One statement for the whole file, as a raw load would do it.
    const copied = await copyInto(db, 'transactions', COPY_COLUMNS, copyCsv);
    const copySeconds = (performance.now() - t) / 1000;
    if (copied !== files.rows) throw new Error(`COPY loaded ${copied} rows, not ${files.rows}`);
    const copiedPrint = await fingerprint(db);
    await sql`truncate transactions cascade`.execute(db);

    t = performance.now();
    const report = await importCrmDeals(db, files.salesforce, { source: 'salesforce', mapping: SALESFORCE, dryRun: false, actor: 'bench' });
    const importSeconds = (performance.now() - t) / 1000;
    if (report.inserted !== files.rows) throw new Error(`the import inserted ${report.inserted} rows, not ${files.rows} (${report.errorCount} errors)`);
    const importedPrint = await fingerprint(db);
    if (importedPrint !== copiedPrint) throw new Error(`COPY and the import wrote different tables:\n  COPY:   ${copiedPrint}\n  import: ${importedPrint}`);

    t = performance.now();
    const again = await importCrmDeals(db, files.salesforce, { source: 'salesforce', mapping: SALESFORCE, dryRun: false, actor: 'bench' });
    const reimportSeconds = (performance.now() - t) / 1000;
    if (again.unchanged !== files.rows) throw new Error(`the second import left ${again.unchanged} rows unchanged, not ${files.rows}`);
    return { kind, rows: files.rows, copySeconds, importSeconds, reimportSeconds, ratio: copySeconds / importSeconds };
  } finally {
    await conn.close();
  }
}

interface Args {
  rows: number;
  payees: number;
  seed: number;
  kinds: ('pglite' | 'postgres')[];
  pgUrl: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { rows: DEFAULT_ROWS, payees: DEFAULT_BENCH_PAYEES, seed: DEFAULT_SEED, kinds: ['pglite', 'postgres'], pgUrl: DEFAULT_PG_URL };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const int = () => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${arg} needs a positive whole number, not ${v}`);
      return Number(v);
    };
    if (arg === '--rows') args.rows = int();
    else if (arg === '--payees') args.payees = int();
    else if (arg === '--seed') args.seed = int();
    else if (arg === '--pg-url') args.pgUrl = value();
    else if (arg === '--only') {
      const v = value();
      if (v !== 'pglite' && v !== 'postgres') throw new Error('--only takes pglite or postgres');
      args.kinds = [v];
    } else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  let t = performance.now();
  const files = generateDeals(args.rows, args.payees, args.seed);
  console.log(
    `generated ${fmtInt(files.rows)} deals for ${fmtInt(args.payees)} payees in ${((performance.now() - t) / 1000).toFixed(1)} s: ` +
      `Salesforce CSV ${(files.salesforce.length / 1e6).toFixed(1)} MB, COPY CSV ${(files.copy.length / 1e6).toFixed(1)} MB`,
  );
  for (const kind of args.kinds) {
    t = performance.now();
    const r = await benchOne(kind, files, args.pgUrl);
    console.log(`${kind}:`);
    console.log(`  COPY transactions FROM ${kind === 'pglite' ? "'/dev/blob'" : 'STDIN'}: ${r.copySeconds.toFixed(2)} s  ${fmtInt(r.rows / r.copySeconds)} rows/s`);
    console.log(`  CRM import (Salesforce CSV):          ${r.importSeconds.toFixed(2)} s  ${fmtInt(r.rows / r.importSeconds)} rows/s`);
    console.log(`  same import again (no change):        ${r.reimportSeconds.toFixed(2)} s  ${fmtInt(r.rows / r.reimportSeconds)} rows/s`);
    console.log(`  import speed ÷ COPY speed: ${r.ratio.toFixed(2)} (aim ≥ 0.50: ${r.ratio >= 0.5 ? 'met' : 'MISSED'})`);
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  }
}
