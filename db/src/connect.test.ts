import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from './connect.js';
import { openTestDatabase, type TestDatabase } from './test-support/databases.js';

describe('a PostgreSQL connection that drops while idle', () => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const o of opened) await o.close();
  });

  it('is reported, replaced on the next query, and does not end the process', async () => {
    const target = await openTestDatabase('postgres');
    opened.push(target);
    const heard: string[] = [];
    const conn = await connect({ url: target.url!, onIdleError: (error) => heard.push(error.message) });
    try {
      const pid = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn.db)).rows[0]!.pid;
      const before = await pid();
      // The pooled connection now sits idle; another session ends it, as a server restart would.
      await sql`select pg_terminate_backend(${before})`.execute(target.db);
      for (let waited = 0; heard.length === 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toHaveLength(1);
      const after = await pid();
      expect(after).not.toBe(before);
    } finally {
      await conn.close();
    }
  });
});
