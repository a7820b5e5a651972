import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';

describe('the OpenAPI document', () => {
  it('describes every route of runs, adjustments, statements and payroll, with their schemas', async () => {
    const conn = await openTestDatabase('pglite');
    try {
      const doc = (await (await createApp({ db: conn.db }).request('/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
        components: { schemas: Record<string, object> };
      };
      const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
      expect(
        Object.fromEntries(
          [
            '/api/runs',
            '/api/runs/{id}',
            '/api/runs/{id}/results',
            '/api/runs/{a}/diff/{b}',
            '/api/runs/{id}/approve',
            '/api/runs/{id}/pay',
            '/api/runs/{id}/payroll.csv',
            '/api/runs/{id}/payroll.json',
            '/api/adjustments',
            '/api/statements/{payee}',
          ].map((p) => [p, methods(p)]),
        ),
      ).toEqual({
        '/api/runs': ['get', 'post'],
        '/api/runs/{id}': ['get'],
        '/api/runs/{id}/results': ['get'],
        '/api/runs/{a}/diff/{b}': ['get'],
        '/api/runs/{id}/approve': ['post'],
        '/api/runs/{id}/pay': ['post'],
        '/api/runs/{id}/payroll.csv': ['get'],
        '/api/runs/{id}/payroll.json': ['get'],
        '/api/adjustments': ['get', 'post'],
        '/api/statements/{payee}': ['get'],
      });
      // The actor is the signed-in user: no header names it any more.
      expect(doc.paths['/api/runs/{id}/approve']!['post']!.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
      expect(Object.keys(doc.components.schemas)).toEqual(
        expect.arrayContaining(['Run', 'RunDetail', 'CreatedRun', 'RunResults', 'RunDiff', 'PayeeResult', 'Adjustment', 'NewAdjustment', 'Statement', 'Payroll']),
      );
    } finally {
      await conn.close();
    }
  });
});
