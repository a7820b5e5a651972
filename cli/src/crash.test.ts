import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Db, generateDemo, sql } from '@prestasi/db';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../db/src/test-support/databases.js';
import { bulkWorkspace } from './test-support/bulk-workspace.js';
import { client, type ServerProcess, startServer } from './test-support/server-process.js';

/**
 * Crash safety of the real server process: SIGKILL in the middle of a large import and of a
 * run, then start again on the same database. Nothing half-written may be visible, nothing
 * committed before may be lost, and the same request must then succeed.
 */

const root = mkdtempSync(join(tmpdir(), 'prestasi-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PASSWORD = 'crash-test-password';
const ENV = { PRESTASI_DEMO_PASSWORD: PASSWORD };
const PAYEES = 3000;
const DEALS = 150_000;
/** The lock imports and runs hold while they write (pg_advisory_xact_lock(0x696d706f)). */
const WORKSPACE_LOCK = 0x696d706f;

// The bulk deals fall in the last full quarter of the demo's year, so a run of it is large too.
const demo = generateDemo();
const QUARTER = demo.quarters[demo.quarters.length - 2]!;
const BULK = bulkWorkspace(PAYEES, DEALS, { year: Number(QUARTER.slice(0, 4)), q: Number(QUARTER.slice(6)) });

interface Counts {
  readonly payees: number;
  readonly transactions: number;
}

/** What the server shows: the rows of its exported workspace. */
async function visible(http: Awaited<ReturnType<typeof client>>): Promise<Counts> {
  const res = await http.get<Uint8Array>('/api/export');
  expect(res.status).toBe(200);
  const files = unzipSync(res.body);
  const rows = (name: string) => new TextDecoder().decode(files[name]).trimEnd().split('\n').length - 1;
  return { payees: rows('payees.csv'), transactions: rows('transactions.csv') };
}

/** Kills the server with SIGKILL once `writing()` says it is part-way through, before it answers. */
async function killWhile(server: ServerProcess, request: Promise<unknown>, writing: () => Promise<boolean>): Promise<void> {
  let answered = false;
  const settled = request.then(
    () => (answered = true),
    () => undefined,
  );
  const deadline = Date.now() + 120_000;
  while (!(await writing())) {
    if (answered) throw new Error('the request was answered before the server could be killed part-way: make the workspace bigger');
    if (Date.now() > deadline) throw new Error('the server never started writing');
    await new Promise((r) => setTimeout(r, 25));
  }
  server.child.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  await settled;
  expect(answered, 'the request was answered: the kill came too late').toBe(false);
}

/** PGlite writes its WAL into pg_wal as it goes: a segment changing means the transaction is writing. */
function walWatcher(dataDir: string): () => Promise<boolean> {
  const signature = () =>
    readdirSync(join(dataDir, 'pg_wal'))
      .filter((f) => /^[0-9A-F]{24}$/.test(f))
      .map((f) => `${f}:${statSync(join(dataDir, 'pg_wal', f)).mtimeMs}`)
      .join(' ');
  let last = signature();
  let changes = 0;
  return async () => {
    const now = signature();
    if (now !== last) changes++;
    last = now;
    return changes >= 3;
  };
}

/** On PostgreSQL: the server's backend holds the workspace lock and is writing rows into `table`. */
function insertWatcher(db: Db, table: string): () => Promise<boolean> {
  const writing = new RegExp(`^\\s*(insert\\s+into|copy)\\s+"?${table}"?[\\s(]`, 'i');
  return async () => {
    const rows = await sql<{ query: string }>`
      select a.query from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.objid = ${WORKSPACE_LOCK} and l.granted and a.datname = current_database()`.execute(db);
    return rows.rows.some((r) => writing.test(r.query));
  };
}

interface Target {
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly watchImport: () => () => Promise<boolean>;
  readonly watchRun: () => () => Promise<boolean>;
  /** Row counts straight from the database, with the server stopped (PGlite is one process's). */
  readonly direct: <T>(query: (db: Db) => Promise<T>) => Promise<T>;
  readonly close: () => Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = join(root, 'pglite');
  return {
    args: ['--data', dataDir],
    env: ENV,
    watchImport: () => walWatcher(dataDir),
    watchRun: () => walWatcher(dataDir),
    direct: async (query) => {
      const conn = await connect({ dataDir });
      try {
        return await query(conn.db);
      } finally {
        await conn.close();
      }
    },
    close: async () => undefined,
  };
}

async function postgresTarget(): Promise<Target> {
  const test = await openTestDatabase('postgres');
  return {
    args: [],
    env: { ...ENV, DATABASE_URL: test.url! },
    watchImport: () => insertWatcher(test.db, 'transactions'),
    watchRun: () => insertWatcher(test.db, 'run_lines'),
    direct: (query) => query(test.db),
    close: () => test.close(),
  };
}

const runLineCounts = (db: Db) =>
  db
    .selectFrom('runs')
    .leftJoin('run_lines', 'run_lines.run_id', 'runs.id')
    .select(['runs.id', 'runs.period', sql<string>`count(run_lines.id)`.as('lines')])
    .groupBy(['runs.id', 'runs.period'])
    .orderBy('runs.id')
    .execute();

describe.each<[string, () => Promise<Target>]>([
  ['PGlite in a folder', pgliteTarget],
  ['PostgreSQL at DATABASE_URL', postgresTarget],
])('SIGKILL of prestasi serve on %s', (_, open) => {
  it('in the middle of an import and of a run: restarts with nothing half-written and nothing lost, and the requests then succeed', async () => {
    const target = await open();
    let server: ServerProcess | undefined;
    try {
      // First start: the demo organisation is created and committed; a run of it too.
      server = await startServer(target.args, target.env);
      let http = await client(server.url, 'finance@demo.prestasi.my', PASSWORD);
      const before = await visible(http);
      expect(before.payees).toBe(40);
      const committedRun = await http.post('/api/runs', { period: QUARTER });
      expect(committedRun.status).toBe(201);

      // SIGKILL while the import writes its rows.
      await killWhile(server, http.importFiles(BULK), target.watchImport());
      server = await startServer(target.args, target.env);
      expect(server.output()).not.toMatch(/demo organisation/);
      http = await client(server.url, 'finance@demo.prestasi.my', PASSWORD);
      expect((await http.get('/api/health')).body).toEqual({ status: 'ok' });
      expect(await visible(http)).toEqual(before);
      expect((await http.get(`/api/runs/${committedRun.body.run.id}`)).body.totals).toEqual(committedRun.body.totals);

      // The same import again: all of it arrives.
      const imported = await http.importFiles(BULK);
      expect(imported.status).toBe(200);
      expect(imported.body.changed).toMatchObject({ payees: PAYEES, transactions: DEALS });
      const after = await visible(http);
      expect(after).toEqual({ payees: before.payees + PAYEES, transactions: before.transactions + DEALS });

      // SIGKILL while a run of the quarter writes its lines.
      await killWhile(server, http.post('/api/runs', { period: QUARTER }), target.watchRun());
      server = await startServer(target.args, target.env);
      http = await client(server.url, 'finance@demo.prestasi.my', PASSWORD);
      expect(await visible(http)).toEqual(after);
      const runsAfterCrash = (await http.get(`/api/runs?period=${QUARTER}`)).body.runs as { id: number }[];
      expect(runsAfterCrash.map((r) => r.id)).toEqual([committedRun.body.run.id]);

      // The same run again: complete, numbered after the committed one.
      const rerun = await http.post('/api/runs', { period: QUARTER });
      expect(rerun.status).toBe(201);
      expect(rerun.body.run.number).toBe(2);
      expect(rerun.body.totals.reduce((n: number, t: { results: number }) => n + t.results, 0)).toBeGreaterThan(PAYEES);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      server = undefined;
      // Straight from the tables: the two runs that exist are whole, and nothing else is there.
      const lines = await target.direct(runLineCounts);
      expect(lines.map((r) => r.id)).toEqual([committedRun.body.run.id, rerun.body.run.id]);
      const linesOfRerun = Number(lines[1]!.lines);
      expect(linesOfRerun).toBeGreaterThanOrEqual(DEALS);
      expect(await target.direct((db) => db.selectFrom('run_results').select(sql<string>`count(*)`.as('n')).where('run_id', '=', rerun.body.run.id).executeTakeFirstOrThrow())).toEqual({
        n: String(rerun.body.totals.reduce((n: number, t: { results: number }) => n + t.results, 0)),
      });
    } finally {
      if (server !== undefined) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      await target.close();
    }
  }, 600_000);
});
