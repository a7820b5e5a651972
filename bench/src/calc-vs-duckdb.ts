/**
 * Benchmark: `prestasi calc` against the same computation as SQL in DuckDB.
 *
 *   npm run bench            (= node bench/dist/calc-vs-duckdb.js)
 *   node bench/dist/calc-vs-duckdb.js [--workspace DIR] [--runs 3] [--threads N]
 *                                     [--payees N --transactions N]   (only when generating)
 *                                     [--duckdb-only] [--strict] [--prestasi BIN]
 *
 * Generates the workspace first if it is missing (bench/out/workspace by default). Each side
 * runs --runs times (default 3) as a child process; the median is reported. Peak RSS is the
 * child's own maxRSS, reported from inside it (prestasi's PRESTASI_TIMINGS=1 lines, and
 * bench/dist/duckdb-child.js for DuckDB). DuckDB's time is from opening the database and
 * connection to having the total (as measured inside its process); its whole-process wall
 * time is shown too.
 *
 * Exit status: 0 when the totals match to the cent (and, with --strict, the required targets
 * are met); 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_PAYEES,
  DEFAULT_SEED,
  DEFAULT_TRANSACTIONS,
  DEFAULT_WORKSPACE,
  REPO_ROOT,
  generateWorkspace,
  workspaceExists,
} from './generate.js';
import { displayCents, formatCents, parseCents } from './money.js';
import { PLAN } from './plan.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DUCKDB_CHILD = join(HERE, 'duckdb-child.js');
const DEFAULT_PRESTASI_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'prestasi');

const TARGET_RATIO_REQUIRED = 2;
const TARGET_RATIO_AIM = 1;
const TARGET_RSS_MB = 600;

interface ChildOutput {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildOutput> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

class BenchError extends Error {}

function excerpt(text: string, lines = 15): string {
  const all = text.trimEnd().split('\n');
  const head = all.slice(0, lines).map((l) => `    ${l}`);
  if (all.length > lines) head.push(`    ... (${all.length - lines} more lines)`);
  return head.join('\n');
}

// ---------------------------------------------------------------------------------------------
// prestasi

interface PrestasiRun {
  readonly seconds: number;
  readonly rssKb: number;
  readonly totalCents: bigint;
  readonly results: number;
  readonly payouts: Map<string, bigint>;
  /** Where its time went, as `prestasi calc` reports it with PRESTASI_TIMINGS=1 (ms by phase). */
  readonly phases: ReadonlyMap<string, number>;
}

/** The peak RSS (KiB) of a `prestasi: peak RSS (KiB): 123456` line on stderr, or NaN without one. */
export function parsePeakRss(stderr: string): number {
  const kib = /^prestasi: peak RSS \(KiB\): (\d+)$/m.exec(stderr)?.[1];
  return kib === undefined ? Number.NaN : Number(kib);
}

/** The phases of a `prestasi: timings (ms): start 70, load 413, …` line on stderr (empty without one). */
export function parseTimings(stderr: string): Map<string, number> {
  const line = /^prestasi: timings \(ms\): (.*)$/m.exec(stderr)?.[1];
  const phases = new Map<string, number>();
  for (const part of line?.split(', ') ?? []) {
    const [name, ms] = part.split(' ');
    if (name !== undefined && ms !== undefined && /^\d+$/.test(ms)) phases.set(name, Number(ms));
  }
  return phases;
}

/** Sums `payout` over `results` of `prestasi calc` JSON output, exactly, in cents. */
export function sumPayouts(json: string): { totalCents: bigint; payouts: Map<string, bigint>; results: number } {
  const doc: unknown = JSON.parse(json);
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { results?: unknown }).results)) {
    throw new BenchError('prestasi output has no "results" array');
  }
  const results = (doc as { results: unknown[] }).results;
  let totalCents = 0n;
  const payouts = new Map<string, bigint>();
  for (const [i, r] of results.entries()) {
    const rec = r as { payee?: unknown; plan?: unknown; currency?: unknown; payout?: unknown };
    if (typeof rec.payout !== 'string') throw new BenchError(`results[${i}].payout is not a decimal string`);
    if (rec.currency !== undefined && rec.currency !== PLAN.currency) {
      throw new BenchError(`results[${i}].currency is ${String(rec.currency)}, expected ${PLAN.currency}`);
    }
    const cents = parseCents(rec.payout);
    totalCents += cents;
    const key = `${String(rec.payee)}`;
    payouts.set(key, (payouts.get(key) ?? 0n) + cents);
  }
  return { totalCents, payouts, results: results.length };
}

async function runPrestasi(bin: string, workspace: string): Promise<PrestasiRun> {
  // Run as a person runs it: the command itself reports its peak RSS (PRESTASI_TIMINGS=1).
  const out = await run([bin, 'calc', workspace, '--period', PLAN.period, '--summary'], { ...process.env, PRESTASI_TIMINGS: '1' });
  const rssKb = parsePeakRss(out.stderr);
  if (out.code !== 0) {
    throw new BenchError(
      `prestasi calc failed (exit ${out.code ?? out.signal}) after ${out.seconds.toFixed(2)} s` +
        (out.stderr.trim() ? `; stderr:\n${excerpt(out.stderr)}` : ''),
    );
  }
  if (out.stdout.trim() === '') throw new BenchError('prestasi calc exited 0 but printed nothing on stdout');
  let summed;
  try {
    summed = sumPayouts(out.stdout);
  } catch (e) {
    throw new BenchError(`cannot read prestasi calc output: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { seconds: out.seconds, rssKb, ...summed, phases: parseTimings(out.stderr) };
}

// ---------------------------------------------------------------------------------------------
// DuckDB

interface DuckdbRun {
  /** Opening the database to having the total, measured in the child. */
  readonly seconds: number;
  /** The whole child process, Node start-up included. */
  readonly processSeconds: number;
  readonly rssKb: number;
  readonly totalCents: bigint;
  readonly payees: number;
  readonly threads: number;
}

function threadArgs(threads: number | undefined): string[] {
  return threads === undefined ? [] : ['--threads', String(threads)];
}

async function runDuckdb(workspace: string, threads: number | undefined): Promise<DuckdbRun> {
  const out = await run([DUCKDB_CHILD, workspace, ...threadArgs(threads)]);
  if (out.code !== 0) {
    throw new BenchError(`DuckDB child failed (exit ${out.code ?? out.signal}); stderr:\n${excerpt(out.stderr)}`);
  }
  const r = JSON.parse(out.stdout) as {
    payees: number;
    total: string;
    seconds: number;
    threads: number;
    maxRssKb: number;
  };
  return {
    seconds: r.seconds,
    processSeconds: out.seconds,
    rssKb: r.maxRssKb,
    totalCents: BigInt(r.total),
    payees: r.payees,
    threads: r.threads,
  };
}

async function duckdbPayoutMap(workspace: string, threads: number | undefined): Promise<Map<string, bigint>> {
  const out = await run([DUCKDB_CHILD, workspace, '--payouts', ...threadArgs(threads)]);
  if (out.code !== 0) throw new BenchError(`DuckDB child failed; stderr:\n${excerpt(out.stderr)}`);
  const r = JSON.parse(out.stdout) as { payouts: Record<string, string> };
  return new Map(Object.entries(r.payouts).map(([k, v]) => [k, BigInt(v)]));
}

// ---------------------------------------------------------------------------------------------

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

const mb = (kb: number): number => (kb * 1024) / 1e6;
const fmtMb = (kb: number): string => (Number.isFinite(kb) ? `${mb(kb).toFixed(1)} MB` : 'n/a');
const fmtS = (s: number): string => `${s.toFixed(3)} s`;
const fmtInt = (n: number): string => Math.round(n).toLocaleString('en');

async function countRows(file: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let i = -1;
    while ((i = chunk.indexOf(0x0a, i + 1)) !== -1) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1] ?? last;
  }
  if (last !== 0x0a) lines++;
  return Math.max(0, lines - 1); // minus the header
}

interface Args {
  workspace: string;
  prestasi: string;
  runs: number;
  threads: number | undefined;
  payees: number;
  transactions: number;
  duckdbOnly: boolean;
  strict: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = {
    workspace: DEFAULT_WORKSPACE,
    prestasi: DEFAULT_PRESTASI_BIN,
    runs: 3,
    threads: undefined,
    payees: DEFAULT_PAYEES,
    transactions: DEFAULT_TRANSACTIONS,
    duckdbOnly: false,
    strict: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new BenchError(`${arg} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) throw new BenchError(`${arg} needs a positive integer`);
      return v;
    };
    switch (arg) {
      case '--workspace':
        a.workspace = resolve(value());
        break;
      case '--prestasi':
        a.prestasi = resolve(value());
        break;
      case '--runs':
        a.runs = int();
        break;
      case '--threads':
        a.threads = int();
        break;
      case '--payees':
        a.payees = int();
        break;
      case '--transactions':
        a.transactions = int();
        break;
      case '--duckdb-only':
        a.duckdbOnly = true;
        break;
      case '--strict':
        a.strict = true;
        break;
      default:
        throw new BenchError(`unknown argument: ${String(arg)}`);
    }
  }
  return a;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const ws = args.workspace;
  if (!workspaceExists(ws)) {
    console.log(`workspace ${ws} is missing; generating it ...`);
    const g = await generateWorkspace({ dir: ws, payees: args.payees, transactions: args.transactions, seed: DEFAULT_SEED });
    console.log(`  ${fmtInt(g.payees)} payees, ${fmtInt(g.transactions)} transactions in ${g.seconds.toFixed(2)} s`);
  }
  const txFile = join(ws, 'transactions.csv');
  const rows = await countRows(txFile); // also warms the page cache for both sides
  console.log(
    `workspace ${ws}: ${fmtInt(rows)} transactions (${(statSync(txFile).size / 1e6).toFixed(1)} MB), period ${PLAN.period}, ` +
      `${args.runs} run(s) per side, median reported; MB = 10^6 bytes`,
  );

  const prestasi: PrestasiRun[] = [];
  const duck: DuckdbRun[] = [];
  let prestasiError: string | undefined;
  for (let i = 0; i < args.runs; i++) {
    if (!args.duckdbOnly && prestasiError === undefined) {
      try {
        const p = await runPrestasi(args.prestasi, ws);
        prestasi.push(p);
        console.log(
          `  prestasi run ${i + 1}: ${fmtS(p.seconds)}, peak RSS ${fmtMb(p.rssKb)}, ${fmtInt(p.results)} results` +
            (p.phases.size > 0 ? ` (${[...p.phases].map(([name, ms]) => `${name} ${ms}`).join(', ')} ms)` : ''),
        );
      } catch (e) {
        if (!(e instanceof BenchError)) throw e;
        prestasiError = e.message;
        console.log(`  prestasi run ${i + 1}: FAILED: ${e.message}`);
      }
    }
    const d = await runDuckdb(ws, args.threads);
    duck.push(d);
    console.log(
      `  DuckDB   run ${i + 1}: ${fmtS(d.seconds)} (process ${fmtS(d.processSeconds)}), peak RSS ${fmtMb(d.rssKb)}, ` +
        `${fmtInt(d.payees)} results, ${d.threads} thread(s)`,
    );
  }

  const dTotals = new Set(duck.map((d) => d.totalCents));
  if (dTotals.size !== 1) throw new BenchError(`DuckDB totals differ between runs: ${[...dTotals].join(', ')}`);
  const dTotal = duck[0]?.totalCents ?? 0n;
  const dSec = median(duck.map((d) => d.seconds));
  const dProc = median(duck.map((d) => d.processSeconds));
  const dRss = median(duck.map((d) => d.rssKb));

  console.log('');
  console.log(`DuckDB ${duck[0]?.threads ?? '?'} thread(s):  ${fmtS(dSec)}  (whole process ${fmtS(dProc)})  peak RSS ${fmtMb(dRss)}  ${fmtInt(rows / dSec)} rows/s`);
  console.log(`DuckDB total:     ${displayCents(dTotal)} ${PLAN.currency} over ${fmtInt(duck[0]?.payees ?? 0)} results`);

  if (args.duckdbOnly) return 0;
  if (prestasiError !== undefined || prestasi.length === 0) {
    console.log(`prestasi:         NOT MEASURED: ${prestasiError ?? 'no run'}`);
    console.log('VERDICT: no prestasi figures (prestasi calc did not complete); DuckDB side ready.');
    return 1;
  }

  const pTotals = new Set(prestasi.map((p) => p.totalCents));
  const pTotal = prestasi[0]?.totalCents ?? 0n;
  const pSec = median(prestasi.map((p) => p.seconds));
  const pRss = median(prestasi.map((p) => p.rssKb));
  const ratio = pSec / dSec;
  console.log(`prestasi calc:    ${fmtS(pSec)}  peak RSS ${fmtMb(pRss)}  ${fmtInt(rows / pSec)} rows/s`);
  const phaseNames = [...(prestasi[0]?.phases.keys() ?? [])];
  if (phaseNames.length > 0) {
    const phases = phaseNames.map((name) => `${name} ${median(prestasi.map((p) => p.phases.get(name) ?? Number.NaN)).toFixed(0)}`);
    console.log(`prestasi phases:  ${phases.join(', ')} ms (medians; start is Node and module loading)`);
  }
  console.log(`prestasi total:   ${displayCents(pTotal)} ${PLAN.currency} over ${fmtInt(prestasi[0]?.results ?? 0)} results`);
  console.log(`ratio prestasi/DuckDB: ${ratio.toFixed(2)}  (vs DuckDB whole process: ${(pSec / dProc).toFixed(2)})`);

  let ok = true;
  if (pTotals.size !== 1) {
    console.log(`MISMATCH: prestasi totals differ between runs: ${[...pTotals].map(formatCents).join(', ')}`);
    ok = false;
  }
  if (pTotal !== dTotal) {
    ok = false;
    console.log(
      `MISMATCH: prestasi total ${formatCents(pTotal)} != DuckDB total ${formatCents(dTotal)} ` +
        `(difference ${formatCents(pTotal - dTotal)} ${PLAN.currency})`,
    );
    const dMap = await duckdbPayoutMap(ws, args.threads);
    const pMap = prestasi[0]?.payouts ?? new Map<string, bigint>();
    const payees = [...new Set([...dMap.keys(), ...pMap.keys()])].sort();
    const diffs = payees.filter((p) => pMap.get(p) !== dMap.get(p));
    console.log(`  ${diffs.length} payee(s) differ; first ones (payee: prestasi vs DuckDB):`);
    for (const p of diffs.slice(0, 10)) {
      const pv = pMap.get(p);
      const dv = dMap.get(p);
      console.log(`    ${p}: ${pv === undefined ? 'missing' : formatCents(pv)} vs ${dv === undefined ? 'missing' : formatCents(dv)}`);
    }
  } else if (ok) {
    console.log(`totals match to the cent: ${displayCents(pTotal)} ${PLAN.currency}`);
  }

  const ratioOk = ratio <= TARGET_RATIO_REQUIRED;
  const aimOk = ratio <= TARGET_RATIO_AIM;
  const rssOk = Number.isFinite(pRss) && mb(pRss) < TARGET_RSS_MB;
  console.log(
    `VERDICT: ${ok ? 'totals match' : 'TOTALS DIFFER'}; ratio ${ratio.toFixed(2)} ` +
      `${ratioOk ? `<= ${TARGET_RATIO_REQUIRED} (required): met` : `> ${TARGET_RATIO_REQUIRED} (required): MISSED`}, ` +
      `${aimOk ? `<= ${TARGET_RATIO_AIM} (aim): met` : `> ${TARGET_RATIO_AIM} (aim): not met`}; ` +
      `prestasi peak RSS ${fmtMb(pRss)} ${rssOk ? `< ${TARGET_RSS_MB} MB: met` : `>= ${TARGET_RSS_MB} MB: MISSED`}` +
      ` => ${ok && ratioOk && rssOk ? 'PASS' : 'FAIL'}`,
  );
  if (!ok) return 1;
  if (args.strict && !(ratioOk && rssOk)) return 1;
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof BenchError)) throw e;
    console.error(`bench: ${e.message}`);
    process.exitCode = 1;
  }
}
