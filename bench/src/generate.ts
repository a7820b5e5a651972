/**
 * Deterministic generator of the benchmark workspace (see /work/shared/spec/workspace.md).
 *
 *   node bench/dist/generate.js [--out DIR] [--payees N] [--transactions N] [--seed S]
 *
 * Defaults: bench/out/workspace, 10,000 payees, 1,000,000 transactions, seed 20260101.
 * The same arguments always give byte-identical files (mulberry32, integer arithmetic only).
 * The workspace is written to a temporary sibling folder and renamed into place at the end,
 * so a half-written workspace never exists under the final name.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCents } from './money.js';
import { PLAN, SETTINGS_YAML, planYaml } from './plan.js';
import { Mulberry32 } from './prng.js';

export interface GenerateOptions {
  readonly dir: string;
  readonly payees: number;
  readonly transactions: number;
  readonly seed?: number;
}

export interface GenerateSummary {
  readonly dir: string;
  readonly payees: number;
  readonly transactions: number;
  readonly refunds: number;
  readonly bytes: number;
  readonly seconds: number;
}

export const DEFAULT_SEED = 20260101;
export const DEFAULT_PAYEES = 10_000;
export const DEFAULT_TRANSACTIONS = 1_000_000;

/** The repository root, from bench/dist/*.js or bench/src/*.ts. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_WORKSPACE = join(REPO_ROOT, 'bench', 'out', 'workspace');

// ---------------------------------------------------------------------------------------------
// Distributions (all integer cents; probabilities in parts per 10,000)

interface Bucket {
  readonly weight: number; // parts per 10,000
  readonly lo: number; // cents, inclusive
  readonly hi: number; // cents, exclusive
}

/** Deal sizes: a long-tailed spread from a few hundred ringgit to half a million. */
const SALE_BUCKETS: readonly Bucket[] = [
  { weight: 3000, lo: 10_000, hi: 100_000 }, //         100 – 1,000
  { weight: 3500, lo: 100_000, hi: 500_000 }, //      1,000 – 5,000
  { weight: 2500, lo: 500_000, hi: 2_000_000 }, //    5,000 – 20,000
  { weight: 900, lo: 2_000_000, hi: 10_000_000 }, // 20,000 – 100,000
  { weight: 100, lo: 10_000_000, hi: 50_000_000 }, // 100,000 – 500,000
];

/** Refunds and credit notes are smaller. */
const REFUND_BUCKETS: readonly Bucket[] = [
  { weight: 5000, lo: 5_000, hi: 100_000 },
  { weight: 4000, lo: 100_000, hi: 500_000 },
  { weight: 1000, lo: 500_000, hi: 2_000_000 },
];

/** 3% of rows are refunds (negative amounts). */
const REFUND_PER_10K = 300;

const TYPES: readonly (readonly [string, number])[] = [
  ['new', 4000],
  ['upsell', 2500],
  ['renewal', 2500],
  ['services', 1000],
];

const PRODUCTS: readonly (readonly [string, number])[] = [
  ['CORE', 4500],
  ['PRO', 2500],
  ['ADDON', 2000],
  ['SUPPORT', 1000],
];

const FIRST = [
  'Aisyah', 'Ahmad', 'Mei Ling', 'Ravi', 'Nurul', 'Wei Jie', 'Siti', 'Arjun', 'Farah', 'Jun Hao',
  'Priya', 'Hafiz', 'Li Na', 'Kumar', 'Zainab', 'Chee Keong', 'Amirah', 'Vikram', 'Hui Min', 'Daniel',
] as const;
const LAST = [
  'Abdullah', 'Tan', 'Lim', 'Raj', 'Ismail', 'Wong', 'Lee', 'Nair', 'Hassan', 'Ng',
  'Chong', 'Singh', 'Rahman', 'Teo', 'Yusof', 'Goh', 'Pillai', 'Omar', 'Chan', 'Ong',
] as const;

function pickWeighted<T>(rng: Mulberry32, table: readonly (readonly [T, number])[]): T {
  let r = rng.int(10_000);
  for (const [value, weight] of table) {
    if (r < weight) return value;
    r -= weight;
  }
  throw new Error('weights do not add up to 10,000');
}

function sampleCents(rng: Mulberry32, buckets: readonly Bucket[]): number {
  let r = rng.int(10_000);
  for (const b of buckets) {
    if (r < b.weight) return b.lo + rng.int(b.hi - b.lo);
    r -= b.weight;
  }
  throw new Error('weights do not add up to 10,000');
}

function meanCents(buckets: readonly Bucket[]): number {
  return buckets.reduce((s, b) => s + (b.weight / 10_000) * ((b.lo + b.hi - 1) / 2), 0);
}

/** Expected value of one row's filtered (new/upsell) amount, in cents. */
function expectedFilteredCentsPerRow(): number {
  const pFiltered = TYPES.filter(([t]) => PLAN.types.includes(t)).reduce((s, [, w]) => s + w, 0) / 10_000;
  const pRefund = REFUND_PER_10K / 10_000;
  return pFiltered * ((1 - pRefund) * meanCents(SALE_BUCKETS) - pRefund * meanCents(REFUND_BUCKETS));
}

/** The 90 days of 2026-Q1 as YYYY-MM-DD strings. */
function periodDays(): string[] {
  const days: string[] = [];
  const start = Date.UTC(2026, 0, 1);
  const end = Date.UTC(2026, 2, 31);
  for (let t = start; t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

// ---------------------------------------------------------------------------------------------
// Buffered writing

class BufferedFile {
  private readonly stream;
  private chunk = '';
  bytes = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
  }

  /** Appends text; true when the buffer is full and the caller should `await flush()`. */
  add(text: string): boolean {
    this.chunk += text;
    return this.chunk.length >= 1 << 16;
  }

  async write(text: string): Promise<void> {
    if (this.add(text)) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const data = this.chunk;
    this.chunk = '';
    this.bytes += Buffer.byteLength(data);
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

// ---------------------------------------------------------------------------------------------

function padId(prefix: string, n: number, width: number): string {
  return `${prefix}${String(n).padStart(width, '0')}`;
}

export async function generateWorkspace(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const { payees, transactions } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(payees) || payees < 1) throw new Error(`payees must be a positive integer: ${payees}`);
  if (!Number.isInteger(transactions) || transactions < 0) {
    throw new Error(`transactions must be a non-negative integer: ${transactions}`);
  }

  const dir = resolve(options.dir);
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'plans'), { recursive: true });
  let bytes = 0;

  await writeFile(join(tmp, 'prestasi.yaml'), SETTINGS_YAML);
  const plan = planYaml();
  await writeFile(join(tmp, 'plans', `${PLAN.id}.yaml`), plan);
  bytes += SETTINGS_YAML.length + plan.length;

  // Payees: id, a share of the transactions (activity weight) and a quota factor.
  const payeeRng = new Mulberry32(seed ^ 0x50a7ee5);
  const payeeWidth = Math.max(5, String(payees).length);
  const ids: string[] = new Array<string>(payees);
  const cumulative = new Float64Array(payees); // cumulative activity weights
  let totalWeight = 0;
  const quotaFactorPermille = new Int32Array(payees);
  const payeesFile = new BufferedFile(join(tmp, 'payees.csv'));
  await payeesFile.write('id,name,email,team\n');
  for (let i = 0; i < payees; i++) {
    const id = padId('ae-', i + 1, payeeWidth);
    ids[i] = id;
    const first = FIRST[payeeRng.int(FIRST.length)] ?? 'Alex';
    const last = LAST[payeeRng.int(LAST.length)] ?? 'Tan';
    const email = `${first}.${last}.${i + 1}@example.com.my`.toLowerCase().replaceAll(' ', '');
    const team = padId('team-', Math.floor(i / 10) + 1, Math.max(4, String(Math.ceil(payees / 10)).length));
    totalWeight += payeeRng.between(50, 150);
    cumulative[i] = totalWeight;
    quotaFactorPermille[i] = payeeRng.between(600, 1500);
    await payeesFile.write(`${id},${first} ${last},${email},${team}\n`);
  }
  await payeesFile.close();
  bytes += payeesFile.bytes;

  const assignments = new BufferedFile(join(tmp, 'assignments.csv'));
  await assignments.write('payee,plan,from,to\n');
  for (const id of ids) await assignments.write(`${id},${PLAN.id},${PLAN.assignmentFrom},${PLAN.assignmentTo}\n`);
  await assignments.close();
  bytes += assignments.bytes;

  // Quotas: expected bookings × a factor in [0.6, 1.5], rounded to 1,000 MYR (at least 1,000).
  const perRow = expectedFilteredCentsPerRow();
  const quotas = new BufferedFile(join(tmp, 'quotas.csv'));
  await quotas.write('payee,period,measure,amount\n');
  for (let i = 0; i < payees; i++) {
    const weight = (cumulative[i] ?? 0) - (i === 0 ? 0 : (cumulative[i - 1] ?? 0));
    const expectedCents = (transactions * weight * perRow) / totalWeight;
    const factor = (quotaFactorPermille[i] ?? 1000) / 1000;
    const thousands = Math.max(1, Math.round((expectedCents * factor) / 100_000));
    await quotas.write(`${ids[i]},${PLAN.period},${PLAN.measure},${thousands}000.00\n`);
  }
  await quotas.close();
  bytes += quotas.bytes;

  // Transactions.
  const txRng = new Mulberry32(seed ^ 0x7a5c7105);
  const days = periodDays();
  const txWidth = Math.max(7, String(transactions).length);
  let refunds = 0;
  const tx = new BufferedFile(join(tmp, 'transactions.csv'));
  await tx.write('id,date,amount,currency,owner,type,product\n');
  for (let n = 1; n <= transactions; n++) {
    // Owner by activity weight: binary search in the cumulative weights.
    const r = txRng.next() * totalWeight;
    let lo = 0;
    let hi = payees - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    const date = days[txRng.int(days.length)] ?? PLAN.periodStart;
    const type = pickWeighted(txRng, TYPES);
    const product = pickWeighted(txRng, PRODUCTS);
    let cents: number;
    if (txRng.int(10_000) < REFUND_PER_10K) {
      cents = -sampleCents(txRng, REFUND_BUCKETS);
      refunds++;
    } else {
      cents = sampleCents(txRng, SALE_BUCKETS);
    }
    if (tx.add(`t${String(n).padStart(txWidth, '0')},${date},${formatCents(BigInt(cents))},MYR,${ids[lo]},${type},${product}\n`)) await tx.flush();
  }
  await tx.close();
  bytes += tx.bytes;

  await rm(dir, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  await rename(tmp, dir);
  return { dir, payees, transactions, refunds, bytes, seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// Command line

function intArg(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v)) throw new Error(`${name} needs an integer`);
  return v;
}

function strArg(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i < 0 ? fallback : (args[i + 1] ?? fallback);
}

export function workspaceExists(dir: string): boolean {
  return existsSync(join(dir, 'transactions.csv'));
}

async function main(args: readonly string[]): Promise<void> {
  const summary = await generateWorkspace({
    dir: strArg(args, '--out', DEFAULT_WORKSPACE),
    payees: intArg(args, '--payees', DEFAULT_PAYEES),
    transactions: intArg(args, '--transactions', DEFAULT_TRANSACTIONS),
    seed: intArg(args, '--seed', DEFAULT_SEED),
  });
  console.log(
    `generated ${summary.dir}: ${summary.payees.toLocaleString('en')} payees, ` +
      `${summary.transactions.toLocaleString('en')} transactions (${summary.refunds.toLocaleString('en')} refunds), ` +
      `${(summary.bytes / 1e6).toFixed(1)} MB in ${summary.seconds.toFixed(2)} s`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
