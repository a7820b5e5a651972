import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { appendAudit, verifyAuditLog } from './audit.js';
import { forEachDatabase } from './test-support/databases.js';

forEachDatabase('audit log', (use) => {
  it('chains entries and finds the first one altered or removed', async () => {
    const { db } = use();
    for (const n of [1, 2, 3, 4]) {
      await db.transaction().execute((trx) =>
        appendAudit(trx, { actor: 'finance@demo', action: 'adjustment.create', entity: 'adjustment', entityId: String(n), after: { amount: `${n}00.00`, reason: 'missed split', nested: { b: 1, a: [n] } } }),
      );
    }
    expect(await verifyAuditLog(db)).toEqual({ ok: true, entries: 4 });
    await expect(sql`update audit_log set actor = 'x'`.execute(db)).rejects.toThrow(/append-only/);

    // Someone with the database owner's rights can switch the trigger off; the chain still tells.
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
    const ids = (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id));
    await sql`update audit_log set after = '{"amount":"999.00"}' where id = ${String(ids[1])}`.execute(db);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, firstBad: ids[1] });
    await sql`delete from audit_log where id = ${String(ids[1])}`.execute(db);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, firstBad: ids[2], reason: 'the entry before it was removed or altered' });
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  });
});
