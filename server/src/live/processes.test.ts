import { fileURLToPath } from 'node:url';
import { type Connection, connect, createSession, importWorkspace, insertUser, migrate, type Role } from '@prestasi/db';
import { readWorkspaceFolder } from '@prestasi/workspace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../db/src/test-support/databases.js';
import { listen, type Listening } from '../listen.js';
import { createApp } from '../app.js';
import { SseReader } from '../test-support/sse.js';
import { LiveHub } from './hub.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/malaysia-2026/', import.meta.url));

/** A server process's share of the database: its own pool, its own LISTEN connection, its own hub. */
interface Process {
  readonly conn: Connection;
  readonly hub: LiveHub;
  readonly server: Listening;
}

async function startProcess(url: string): Promise<Process> {
  const conn = await connect({ url });
  const hub = new LiveHub(conn.db, { listen: conn.listen });
  await hub.start();
  const app = createApp({ db: conn.db, live: hub });
  return { conn, hub, server: await listen(app, { port: 0, host: '127.0.0.1' }) };
}

// Two processes need a database server: PostgreSQL only (PGlite is one process's).
describe('two server processes on one PostgreSQL database [postgres]', () => {
  let db: TestDatabase;
  let a: Process;
  let b: Process;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    await migrate(db.db);
    await importWorkspace(db.db, readWorkspaceFolder(EXAMPLE), { actor: 'test' });
    a = await startProcess(db.url!);
    b = await startProcess(db.url!);
  });
  afterAll(async () => {
    for (const p of [a, b]) {
      await p?.hub.close();
      await p?.server.close();
      await p?.conn.close();
    }
    await db?.close();
  });

  it('delivers an event of a deal posted to one process to a client of the other, over HTTP', async () => {
    // The rep's stream is on B; the deal goes to A.
    const stream = new SseReader(await fetch(`${b.server.url}/api/live`, { headers: { cookie: await session(db, 'rep', 'aisyah') } }));
    const posted = await fetch(`${a.server.url}/api/transactions`, {
      method: 'POST',
      headers: { cookie: await session(db, 'finance', null), 'content-type': 'application/json', origin: a.server.url },
      body: JSON.stringify({ transactions: [{ id: 'TWO-1', date: '2026-02-11', amount: '4200.00', currency: 'MYR', owner: 'aisyah', type: 'new', product: 'CORE', quantity: '1' }] }),
    });
    expect(posted.status).toBe(200);
    const event = await stream.next((e) => e.event === 'result' && e.data.period === '2026-Q1');
    expect(event.data).toMatchObject({ payee: 'aisyah', plan: 'ae' });
    // A change written behind both processes' backs (straight into the table) is picked up by
    // whichever updater hears the trigger's NOTIFY first, and still reaches B's client.
    await db.db.updateTable('transactions').set({ amount: '4300.00' }).where('id', '=', 'TWO-1').execute();
    const again = await stream.next((e) => e.event === 'result' && e.data.period === '2026-Q1' && e.data.earned !== event.data.earned);
    expect(BigInt(again.id!)).toBeGreaterThan(BigInt(event.id!));
    await stream.close();
  });
});

async function session(db: TestDatabase, role: Role, payeeId: string | null): Promise<string> {
  const user = await insertUser(db.db, { email: `${role}-${payeeId ?? 'all'}@two.test`, role, payeeId });
  return `prestasi_session=${(await createSession(db.db, user.id, { ttlSeconds: 600, via: 'password' })).token}`;
}
