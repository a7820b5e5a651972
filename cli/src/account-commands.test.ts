import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiTokenBySecret, connect, findUserByEmail, sql, verifyPassword } from '@prestasi/db';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';


describe('prestasi user, token and audit verify', () => {
  it('adds a user with a password shown once, creates a token shown once, and finds the first altered or removed audit entry', async () => {
    const data = mkdtempSync(join(tmpdir(), 'prestasi-accounts-'));
    expect((await run(['migrate', '--data', data])).code).toBe(0);
    const added = await run(['user', 'add', 'Admin@Contoh.my', '--role', 'admin', '--data', data]);
    expect(added).toMatchObject({ code: 0, err: '' });
    const password = /password \(shown this once\): ([A-Za-z0-9]{20})\n$/.exec(added.out)?.[1];
    expect(password).toBeDefined();
    expect((await run(['user', 'add', 'admin@contoh.my', '--role', 'admin', '--data', data])).code).toBe(2);
    expect((await run(['user', 'add', 'r@contoh.my', '--role', 'rep', '--data', data])).code).toBe(2);
    expect((await run(['user', 'add', 'x@contoh.my', '--role', 'root', '--data', data])).code).toBe(2);
    const token = await run(['token', 'create', 'payroll pull', '--scope', 'payroll:read', '--data', data]);
    expect(token.code).toBe(0);
    expect(token.out).toMatch(/^prst_[A-Za-z0-9_-]{43}\n$/);
    expect((await run(['token', 'create', 'x', '--scope', 'admin:all', '--data', data])).code).toBe(2);
    expect((await run(['token', 'create', 'x', '--data', data])).code).toBe(2);
    expect(await run(['audit', 'verify', '--data', data])).toMatchObject({ code: 0, out: expect.stringMatching(/audit log intact: 2 entries/) });

    const conn = await connect({ dataDir: data });
    try {
      expect(await verifyPassword(password!, (await findUserByEmail(conn.db, 'admin@contoh.my'))!.passwordHash!)).toBe(true);
      expect(await apiTokenBySecret(conn.db, token.out.trim())).toMatchObject({ name: 'payroll pull', scopes: ['payroll:read'] });
      // Someone with the database's superuser edits the log behind the triggers' back.
      await sql`set session_replication_role = replica`.execute(conn.db);
      await sql`update audit_log set actor = 'someone else' where id = 2`.execute(conn.db);
    } finally {
      await conn.close();
    }
    expect(await run(['audit', 'verify', '--data', data])).toMatchObject({ code: 1, out: expect.stringMatching(/audit log broken at entry 2: its content does not match its hash/) });
    const again = await connect({ dataDir: data });
    try {
      await sql`set session_replication_role = replica`.execute(again.db);
      await sql`delete from audit_log where id = 1`.execute(again.db);
    } finally {
      await again.close();
    }
    expect(await run(['audit', 'verify', '--data', data])).toMatchObject({ code: 1, out: expect.stringMatching(/audit log broken at entry 2: the first entry has a predecessor/) });
  });
});
