/**
 * Real time, end to end: a deal posted to the API until its event reaches a dashboard.
 *
 *   npm run bench:live -- [--payees N] [--transactions N] [--clients N] [--rate DEALS_PER_S]
 *                         [--seconds S] [--pg-url URL]
 *
 * Defaults: 10,000 payees, 1,000,000 deals (the benchmark workspace of generate.ts), 1,000
 * clients, 20 deals a second for 30 seconds, PostgreSQL at PRESTASI_TEST_PG_URL.
 *
 * 1. Generates the workspace (once per size, in bench/out), loads it into a fresh database.
 * 2. Starts the built `prestasi serve` on it as a child process, with a finance user and one rep
 *    user per client, each linked to their own payee.
 * 3. Posts one deal, which makes the server compute the fiscal year in full (timed), and times a
 *    full run of the period's computation here (what POST /api/runs computes: the whole export
 *    read back, the engine over every deal).
 * 4. Opens the clients' GET /api/live streams, then posts single deals at a steady rate, each to
 *    a random client's payee, and times each from the POST until that client receives the
 *    `result` event of its payee.
 * 5. Prints p50/p99 of that latency, the ratio of one incremental update (a POST's answer, which
 *    comes after the update) to the full run, the server's memory, and whether every stream
 *    stayed up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { calculate } from '@prestasi/engine';
import { connect, createSession, importWorkspace, insertUser, loadEngineInput, migrate, sql } from '@prestasi/db';
import { readWorkspaceFolder } from '@prestasi/workspace';
import { DEFAULT_PAYEES, DEFAULT_TRANSACTIONS, generateWorkspace, REPO_ROOT, workspaceExists } from './generate.js';
import { PLAN } from './plan.js';
import { Mulberry32 } from './prng.js';

const PG_URL = process.env['PRESTASI_TEST_PG_URL'] ?? 'postgres://root@127.0.0.1:5432/test';

interface Options {
  readonly payees: number;
  readonly transactions: number;
  readonly clients: number;
  readonly rate: number;
  readonly seconds: number;
  readonly pgUrl: string;
}

function arg(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
  return v;
}

const ms = (t: number) => `${t.toFixed(1)} ms`;
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main(args: readonly string[]): Promise<void> {
  const pgIndex = args.indexOf('--pg-url');
  const o: Options = {
    payees: arg(args, '--payees', DEFAULT_PAYEES),
    transactions: arg(args, '--transactions', DEFAULT_TRANSACTIONS),
    clients: arg(args, '--clients', 1000),
    rate: arg(args, '--rate', 20),
    seconds: arg(args, '--seconds', 30),
    pgUrl: pgIndex >= 0 ? args[pgIndex + 1]! : PG_URL,
  };
  if (o.clients > o.payees) throw new Error('at most one client per payee');
  console.log(`live bench: ${o.payees} payees, ${o.transactions} deals, ${o.clients} clients, ${o.rate} deals/s for ${o.seconds} s`);

  const dir = join(REPO_ROOT, 'bench', 'out', `live-${o.payees}-${o.transactions}`);
  if (!workspaceExists(dir)) {
    const g = await generateWorkspace({ dir, payees: o.payees, transactions: o.transactions });
    console.log(`generated ${dir} in ${g.seconds.toFixed(1)} s`);
  }

  const name = `prestasi_bench_live_${process.pid}`;
  const admin = await connect({ url: o.pgUrl });
  await sql`drop database if exists ${sql.id(name)}`.execute(admin.db);
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  const url = new URL(o.pgUrl);
  url.pathname = `/${name}`;
  const conn = await connect({ url: url.toString() });
  let server: ChildProcess | undefined;
  try {
    await migrate(conn.db);
    let t = performance.now();
    await importWorkspace(conn.db, readWorkspaceFolder(dir), { actor: 'bench' });
    // What autovacuum does within a minute or so of a big load: without statistics the planner
    // may scan a million deals to find one payee's.
    await sql`analyze`.execute(conn.db);
    console.log(`imported and analyzed in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const payees = (await conn.db.selectFrom('payees').select('id').orderBy('id').execute()).map((p) => p.id);
    const finance = await cookie(conn.db, 'finance@bench.test', 'finance', null);
    const reps: { payee: string; cookie: string }[] = [];
    for (let i = 0; i < o.clients; i++) {
      const payee = payees[Math.floor((i * payees.length) / o.clients)]!;
      reps.push({ payee, cookie: await cookie(conn.db, `rep${i}@bench.test`, 'rep', payee) });
    }

    const started = await startServer(url.toString());
    server = started.child;
    const base = started.url;
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    let seq = 0;
    const rng = new Mulberry32(7);
    const post = async (payee: string) => {
      const body = JSON.stringify({
        transactions: [
          {
            id: `live-${++seq}`,
            date: `${PLAN.periodStart.slice(0, 8)}${String(1 + rng.int(28)).padStart(2, '0')}`,
            amount: `${1000 + rng.int(50_000)}.00`,
            currency: 'MYR',
            owner: payee,
            type: 'new',
            product: 'CORE',
          },
        ],
      });
      const t0 = performance.now();
      const res = await request(agent, `${base}/api/transactions`, { method: 'POST', headers: { cookie: finance, 'content-type': 'application/json', origin: base }, body });
      if (res.status !== 200) throw new Error(`POST /api/transactions: ${res.status} ${res.body}`);
      return { t0, answered: performance.now() - t0, live: JSON.parse(res.body).live as { full: string[]; incremental: string[]; payees: number; events: number; ms: number } };
    };

    // The first deal of the year: the server computes the fiscal year in full.
    const first = await post(reps[0]!.payee);
    console.log(`first deal (fiscal year computed in full by the server): ${ms(first.answered)} (${JSON.stringify(first.live)})`);

    t = performance.now();
    const { input } = await loadEngineInput(conn.db);
    const loaded = performance.now() - t;
    const run = calculate(input, { period: PLAN.period, summary: true });
    const fullRun = performance.now() - t;
    if (!run.ok) throw new Error(JSON.stringify(run.problems.slice(0, 3)));
    console.log(`full run of ${PLAN.period} (export read back ${ms(loaded)}, engine ${ms(fullRun - loaded)}): ${ms(fullRun)}`);

    // The clients.
    // Per payee, the clients' waits for their next result event (resolved with its arrival time).
    const waiting = new Map<string, ((at: number) => void)[]>();
    let open = 0;
    let closed = 0;
    let heartbeats = 0;
    const streams: http.ClientRequest[] = [];
    await Promise.all(
      reps.map(
        (rep) =>
          new Promise<void>((resolve, reject) => {
            const req = http.get(`${base}/api/live`, { agent, headers: { cookie: rep.cookie, accept: 'text/event-stream' } }, (res) => {
              if (res.statusCode !== 200) return reject(new Error(`GET /api/live: ${res.statusCode}`));
              open++;
              resolve();
              res.setEncoding('utf8');
              let buffer = '';
              res.on('data', (chunk: string) => {
                buffer += chunk;
                let end: number;
                while ((end = buffer.indexOf('\n\n')) >= 0) {
                  const block = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  if (block.startsWith(': heartbeat')) heartbeats++;
                  const lines = block.split('\n');
                  if (!lines.includes('event: result')) continue;
                  const data = JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as { payee: string };
                  const at = performance.now();
                  for (const done of waiting.get(data.payee)?.splice(0) ?? []) done(at);
                }
              });
              res.on('close', () => closed++);
            });
            req.on('error', reject);
            streams.push(req);
          }),
      ),
    );
    console.log(`${open} streams open; server RSS ${rss(server.pid!)}`);

    // Steady posting; each deal's latency is until its payee's client gets a result event.
    const latencies: number[] = [];
    const answers: number[] = [];
    const incrementalPayees: number[] = [];
    const updates: number[] = [];
    const interval = 1000 / o.rate;
    const total = Math.round(o.rate * o.seconds);
    const pending: Promise<void>[] = [];
    const begin = performance.now();
    for (let i = 0; i < total; i++) {
      const wait = begin + i * interval - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const rep = reps[1 + rng.int(reps.length - 1)]!;
      pending.push(
        (async () => {
          // Waiting from before the POST: the event may beat the POST's answer.
          const arrived = new Promise<number>((resolve, reject) => {
            const list = waiting.get(rep.payee) ?? [];
            list.push(resolve);
            waiting.set(rep.payee, list);
            setTimeout(() => reject(new Error(`no event for ${rep.payee} within 10 s`)), 10_000).unref();
          });
          const p = await post(rep.payee);
          answers.push(p.answered);
          incrementalPayees.push(p.live.payees);
          if (p.live.payees > 0) updates.push(p.live.ms);
          latencies.push((await arrived) - p.t0);
        })(),
      );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - begin) / 1000;

    latencies.sort((a, b) => a - b);
    answers.sort((a, b) => a - b);
    updates.sort((a, b) => a - b);
    const p50 = quantile(updates, 0.5);
    console.log(`\n${total} deals in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(1)}/s), each recomputing ${Math.max(...incrementalPayees)} payee(s)`);
    console.log(`POST → event at the client: p50 ${ms(quantile(latencies, 0.5))}, p99 ${ms(quantile(latencies, 0.99))}, max ${ms(latencies.at(-1)!)}`);
    console.log(`POST answered (write + incremental update): p50 ${ms(quantile(answers, 0.5))}, p99 ${ms(quantile(answers, 0.99))}`);
    console.log(`incremental update in the server (lock held): p50 ${ms(p50)}, p99 ${ms(quantile(updates, 0.99))}, over the ${updates.length} POSTs whose own update did the work (the others' deals were taken by the update already running)`);
    console.log(`incremental update / full run: ${ms(p50)} / ${ms(fullRun)} = 1/${Math.round(fullRun / p50)}`);
    console.log(`server memory: ${rss(server.pid!)}`);
    console.log(`streams: ${open} opened, ${closed} closed during the run, ${heartbeats} heartbeats received`);
    for (const s of streams) s.destroy();
    agent.destroy();
  } finally {
    server?.kill('SIGTERM');
    if (server) await new Promise((r) => server!.once('exit', r));
    await conn.close();
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
    await admin.close();
  }
}

async function cookie(db: Parameters<typeof insertUser>[0], email: string, role: 'finance' | 'rep', payeeId: string | null): Promise<string> {
  const user = await insertUser(db, { email, role, payeeId });
  return `prestasi_session=${(await createSession(db, user.id, { ttlSeconds: 24 * 3600, via: 'password' })).token}`;
}

function rss(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return `${(kb('VmRSS') / 1024).toFixed(0)} MB (peak ${(kb('VmHWM') / 1024).toFixed(0)} MB)`;
}

function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_SERVER_NODE_OPTIONS: node flags for the server (`--cpu-prof`, which NODE_OPTIONS refuses).
  const flags = process.env['BENCH_SERVER_NODE_OPTIONS']?.split(' ').filter((f) => f !== '') ?? [];
  const child = spawn(process.execPath, [...flags, join(REPO_ROOT, 'cli', 'bin', 'prestasi.cjs'), 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRESTASI_NO_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`prestasi serve exited ${code}: ${out}`)));
  });
}

function request(agent: http.Agent, url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method, headers: init.headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
