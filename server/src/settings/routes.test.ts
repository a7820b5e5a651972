import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Db, importWorkspace } from '@prestasi/db';
import { expect, it } from 'vitest';
import { emptyDatabase, forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../test-support/app.js';
import { type Answer, api } from '../test-support/api.js';
import { WORKSPACE, workspaceBytes } from '../test-support/workspace.js';

/** An adjustment in 2026-Q1: under a fiscal year from July that quarter is Jul–Sep 2025, before a's plan began; from December, Dec 2025–Feb 2026. */
const FIXTURE = { ...WORKSPACE, 'adjustments.csv': 'payee,period,amount,reason\na,2026-Q1,10,bonus\n' };
const DEFAULTS = { currency: 'MYR', fiscalYearStart: 1, rounding: 'half_up', language: 'en' };

let app: OpenAPIHono;

async function fresh(db: Db, run?: 'draft' | 'paid') {
  await emptyDatabase(db);
  // emptyDatabase puts back the settings of 0001 and 0003, not 0006's.
  await db.updateTable('settings').set({ language: 'en' }).execute();
  await importWorkspace(db, workspaceBytes(FIXTURE), { actor: 'test' });
  if (run) {
    const now = new Date();
    const paid = run === 'paid' ? { approved_by: 'f', approved_at: now, paid_by: 'f', paid_at: now } : {};
    await db.insertInto('runs').values({ period: '2026-Q1', number: 1, status: run, input_digest: 'test', created_by: 'f', ...paid }).execute();
  }
  app = createApp({ db, role: 'admin' });
  return api(app);
}

async function put(body: unknown): Promise<Answer> {
  const res = await app.request('/api/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

forEachDatabase('settings', (use) => {
  it.each<[string, 'draft' | 'paid' | undefined, Record<string, unknown>, number, string]>([
    ['everything before the first run', undefined, { currency: 'SGD', fiscalYearStart: 12, rounding: 'half_even', language: 'ms' }, 200, ''],
    ['the language with a paid run', 'paid', { language: 'ms' }, 200, ''],
    ['rounding with a draft run', 'draft', { rounding: 'half_even' }, 200, ''],
    ['the currency once a run exists', 'draft', { currency: 'SGD', language: 'ms' }, 409, 'the currency and the fiscal year start can only change before the first run: 1 run(s) exist, the first of 2026-Q1'],
    ['the fiscal year once a run exists', 'draft', { fiscalYearStart: 4 }, 409, 'the currency and the fiscal year start can only change before the first run'],
    ['rounding once a run is paid', 'paid', { rounding: 'half_even' }, 409, 'rounding can only change while no run is paid: 2026-Q1 is paid'],
    ['a fiscal year the data does not fit', undefined, { fiscalYearStart: 7 }, 422, 'the data is not a valid workspace under these settings'],
    ['an unknown currency', undefined, { currency: 'XYZ' }, 400, ''],
    ['an unknown language', undefined, { language: 'fr' }, 400, ''],
    ['an unknown setting', undefined, { locale: 'ms' }, 400, ''],
  ])('changes %s: %#', async (_, run, change, status, message) => {
    const { db } = use();
    const http = await fresh(db, run);
    const audited = (await db.selectFrom('audit_log').select('id').where('action', '=', 'settings.update').execute()).length;
    const res = await put(change);
    expect(res.status).toBe(status);
    const after = status === 200 ? { ...DEFAULTS, ...change } : DEFAULTS;
    if (status === 200) expect(res.body).toEqual(after);
    else expect(res.body.error.message).toContain(message);
    expect((await http.get('/api/settings')).body).toEqual(after);
    const entries = await db.selectFrom('audit_log').select(['actor', 'before', 'after']).where('action', '=', 'settings.update').orderBy('id').execute();
    expect(entries.length).toBe(audited + (status === 200 ? 1 : 0));
    if (status === 200) expect(entries.at(-1)).toEqual({ actor: 'tester@test', before: Object.fromEntries(Object.keys(change).map((k) => [k, DEFAULTS[k as keyof typeof DEFAULTS]])), after: change });
  });

  it('changes nothing, and audits nothing, when the settings are the same', async () => {
    const { db } = use();
    await fresh(db);
    const audited = (await db.selectFrom('audit_log').select('id').execute()).length;
    expect((await put({ currency: 'MYR', language: 'en' })).body).toEqual(DEFAULTS);
    expect((await db.selectFrom('audit_log').select('id').execute()).length).toBe(audited);
  });
});
