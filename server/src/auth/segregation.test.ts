import { createSession, type Db, insertUser } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';
import { TEST_ORIGIN } from '../test-support/auth.js';
import { multipart, WORKSPACE } from '../test-support/workspace.js';

async function setUp(db: Db) {
  await emptyDatabase(db);
  const cookies = new Map<string, string>();
  for (const who of ['importer', 'maker', 'checker', 'adjuster', 'admin']) {
    const user = await insertUser(db, { email: `${who}@sod.test`, role: who === 'admin' ? 'admin' : 'finance' });
    cookies.set(who, `prestasi_session=${(await createSession(db, user.id, { ttlSeconds: 600, via: 'password' })).token}`);
  }
  const app = createApp({ db });
  const as = (who: string) => async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const form = body instanceof FormData;
    const res = await app.request(path, {
      method,
      headers: { cookie: cookies.get(who)!, origin: TEST_ORIGIN, ...(body === undefined || form ? {} : { 'content-type': 'application/json' }), ...extra },
      ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  expect((await as('importer')('POST', '/api/import', multipart(WORKSPACE))).status).toBe(200);
  return { as };
}

forEachDatabase('segregation of duties', (use) => {
  it('whoever created a run, or last changed its inputs, cannot approve it; someone else can', async () => {
    const { as } = await setUp(use().db);
    const run = (await as('maker')('POST', '/api/runs', { period: '2026-Q1' })).body.run;
    expect(run.createdBy).toBe('maker@sod.test');
    const byMaker = await as('maker')('POST', `/api/runs/${run.id}/approve`);
    expect(byMaker).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', details: { reason: 'created the run' } } } });
    const byImporter = await as('importer')('POST', `/api/runs/${run.id}/approve`);
    expect(byImporter).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', details: { reason: 'last changed its inputs', change: 'import batch 1' } } } });
    expect((await as('checker')('POST', `/api/runs/${run.id}/approve`)).body).toMatchObject({ status: 'approved', approvedBy: 'checker@sod.test' });
  });

  it('an adjustment after the import makes its author the last to change the inputs', async () => {
    const { as } = await setUp(use().db);
    expect((await as('adjuster')('POST', '/api/adjustments', { payee: 'b', period: '2026-Q1', amount: '5', reason: 'late split' })).status).toBe(201);
    const run = (await as('maker')('POST', '/api/runs', { period: '2026-Q1' })).body.run;
    expect((await as('adjuster')('POST', `/api/runs/${run.id}/approve`)).status).toBe(403);
    // The importer is no longer the last: they may approve.
    expect((await as('importer')('POST', `/api/runs/${run.id}/approve`)).status).toBe(200);
  });

  it('is a setting, on by default, that an admin turns off (audited)', async () => {
    const { as } = await setUp(use().db);
    expect((await as('admin')('GET', '/api/settings/security')).body).toEqual({ segregationOfDuties: true });
    expect((await as('maker')('PUT', '/api/settings/security', { segregationOfDuties: false })).status).toBe(403);
    expect((await as('admin')('PUT', '/api/settings/security', { segregationOfDuties: false })).body).toEqual({ segregationOfDuties: false });
    const run = (await as('maker')('POST', '/api/runs', { period: '2026-Q1' })).body.run;
    expect((await as('maker')('POST', `/api/runs/${run.id}/approve`)).status).toBe(200);
  });

  it('records the signed-in user as the actor: an X-Prestasi-Actor header changes nothing', async () => {
    const { as } = await setUp(use().db);
    const run = (await as('maker')('POST', '/api/runs', { period: '2026-Q1' }, { 'x-prestasi-actor': 'checker@sod.test' })).body.run;
    expect(run.createdBy).toBe('maker@sod.test');
    expect((await as('maker')('POST', `/api/runs/${run.id}/approve`, undefined, { 'x-prestasi-actor': 'checker@sod.test' })).status).toBe(403);
  });
});
