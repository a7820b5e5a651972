import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../db/src/test-support/databases.js';
import { forEachDatabase } from '../../db/src/test-support/databases.js';
import { createApp } from './app.js';
import { multipart, WORKSPACE } from './test-support/workspace.js';

forEachDatabase('the app', (use) => {
  it('GET /api/health answers ok when the database does', async () => {
    const res = await createApp({ db: use().db }).request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it.each([
    ['an unknown path', 'GET', '/api/nothing'],
    ['a method a route does not have', 'DELETE', '/api/health'],
  ])('answers %s with a NOT_FOUND error', async (_, method, path) => {
    const res = await createApp({ db: use().db }).request(path, { method });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: `no route ${method} ${path}`, details: null } });
  });
});

describe('the app without its database', () => {
  async function closedDatabase() {
    const conn = await openTestDatabase('pglite');
    await conn.close();
    return conn.db;
  }

  it('GET /api/health is 503 UNAVAILABLE', async () => {
    const res = await createApp({ db: await closedDatabase() }).request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'UNAVAILABLE', message: 'the database does not answer', details: null } });
  });

  it('turns an unexpected error into a bare 500 INTERNAL, reported on the side', async () => {
    const reported: unknown[] = [];
    const app = createApp({ db: await closedDatabase(), onInternalError: (e) => reported.push(e) });
    // A token to look up: the first thing that needs the database.
    const res = await app.request('/api/import', { method: 'POST', body: multipart(WORKSPACE), headers: { authorization: `Bearer prst_${'A'.repeat(43)}` } });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error', details: null } }));
    expect(reported).toHaveLength(1);
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document of every route, with the shared schemas', async () => {
    const conn = await openTestDatabase('pglite');
    try {
      const res = await createApp({ db: conn.db }).request('/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, object>; components: { schemas: Record<string, object> } };
      expect(doc.openapi).toBe('3.1.0');
      // Each feature's own tests check its paths; features are added side by side.
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/export', '/api/health', '/api/import']));
      expect(Object.keys(doc.paths['/api/import']!)).toEqual(['post']);
      expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Error', 'Health', 'ImportResult', 'Problem']));
    } finally {
      await conn.close();
    }
  });
});
