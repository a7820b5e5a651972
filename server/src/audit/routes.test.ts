import { appendAudit, type Db } from '@prestasi/db';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { api } from '../test-support/api.js';

/** Five entries of two actors on two plans, after whatever the database holds already. */
async function entries(db: Db): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= 5; i++) {
    await appendAudit(db, { actor: i % 2 ? 'ana@test' : 'ben@test', action: 'plan.update', entity: 'plan', entityId: i <= 3 ? 'ae' : 'sdr', before: { version: i }, after: { version: i + 1 } });
    ids.push(Number((await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id));
  }
  return ids.reverse();
}

forEachDatabase('the audit log', (use) => {
  it('pages newest first by keyset, and filters by entity, id and actor', async () => {
    const { db } = use();
    const ids = await entries(db);
    const http = api(createApp({ db }));
    const first = await http.get('/api/audit?limit=2&entity=plan');
    expect(first.body.entries.map((e: { id: number }) => e.id)).toEqual(ids.slice(0, 2));
    expect(first.body.entries[0]).toEqual({ id: ids[0], at: expect.any(String), actor: 'ana@test', action: 'plan.update', entity: 'plan', entityId: 'sdr', before: { version: 5 }, after: { version: 6 } });
    const second = await http.get(`/api/audit?limit=2&entity=plan&before=${first.body.next}`);
    expect(second.body.entries.map((e: { id: number }) => e.id)).toEqual(ids.slice(2, 4));
    const last = await http.get(`/api/audit?limit=2&entity=plan&before=${second.body.next}`);
    expect([last.body.entries.map((e: { id: number }) => e.id), last.body.next]).toEqual([ids.slice(4), null]);

    expect((await http.get('/api/audit?entity=plan&entityId=ae')).body.entries.map((e: { id: number }) => e.id)).toEqual(ids.slice(2));
    expect((await http.get('/api/audit?entity=plan&actor=ben@test')).body.entries.map((e: { id: number }) => e.id)).toEqual([ids[1], ids[3]]);
    expect((await http.get('/api/audit?limit=0')).status).toBe(400);
  });
});
