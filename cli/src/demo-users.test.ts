import { loadDemo, verifyPassword } from '@prestasi/db';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../db/src/test-support/databases.js';
import { ensureDemoUsers } from './demo-users.js';

forEachDatabase('demo users', (use) => {
  it('come with the demo: a manager of at least 5 reps and one of those reps, a random password printed once', async () => {
    const { db } = use();
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t) };
    // No demo, no users.
    await ensureDemoUsers(db, io, {});
    expect(await db.selectFrom('users').selectAll().execute()).toEqual([]);
    await loadDemo(db, { today: '2026-05-20' });
    await ensureDemoUsers(db, io, {});
    const password = /sign in with the password ([A-Za-z0-9]{20}) \(shown this once/.exec(out)?.[1];
    expect(password).toBeDefined();
    const users = await db.selectFrom('users').select(['email', 'role', 'payee_id', 'password_hash']).orderBy('email').execute();
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ['admin@demo.prestasi.my', 'admin'],
      ['finance@demo.prestasi.my', 'finance'],
      ['manager@demo.prestasi.my', 'manager'],
      ['rep@demo.prestasi.my', 'rep'],
    ]);
    for (const u of users) expect(await verifyPassword(password!, u.password_hash!)).toBe(true);
    const manager = users.find((u) => u.role === 'manager')!.payee_id!;
    const rep = users.find((u) => u.role === 'rep')!.payee_id!;
    const reports = await db.selectFrom('payee_managers').select('payee_id').where('manager_id', '=', manager).where('valid_to', 'is', null).execute();
    expect(reports.length).toBeGreaterThanOrEqual(5);
    expect(reports.map((r) => r.payee_id)).toContain(rep);
    // Never again.
    out = '';
    await ensureDemoUsers(db, io, {});
    expect(out).toBe('');
  });

  it('use PRESTASI_DEMO_PASSWORD when set, without printing it', async () => {
    const { db } = use();
    await db.deleteFrom('users').execute();
    let out = '';
    await ensureDemoUsers(db, { out: (t) => (out += t), err: (t) => (out += t) }, { PRESTASI_DEMO_PASSWORD: 'demo-password-from-env' });
    expect(out).toMatch(/sign in with the password in PRESTASI_DEMO_PASSWORD/);
    expect(out).not.toContain('demo-password-from-env');
    const hash = (await db.selectFrom('users').select('password_hash').where('email', '=', 'rep@demo.prestasi.my').executeTakeFirstOrThrow()).password_hash!;
    expect(await verifyPassword('demo-password-from-env', hash)).toBe(true);
  });
});
