import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers.js';
import { webApp } from './web.js';

describe('the browser app, served from its build', () => {
  let dir: string;
  let app: Hono;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prestasi-web-'));
    await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
    await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(dir, 'dist', 'assets', 'main-abc123.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'outside the build');
    // As app.ts mounts it: the API's routes first, the app for whatever they did not answer.
    app = new Hono();
    app.use('*', securityHeaders());
    app.get('/api/health', (c) => c.json({ status: 'ok' }));
    const web = webApp(join(dir, 'dist'));
    app.notFound(async (c) => (await web(c)) ?? c.json({ error: { code: 'NOT_FOUND' } }, 404));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['/', 'GET', 200, 'text/html; charset=utf-8', 'app', 'no-store'],
    ['/statement', 'GET', 200, 'text/html; charset=utf-8', 'app', 'no-store'],
    ['/team/aisyah.hassan?period=2026-Q3', 'GET', 200, 'text/html; charset=utf-8', 'app', 'no-store'],
    ['/assets/main-abc123.js', 'GET', 200, 'text/javascript; charset=utf-8', 'console.log(1)', 'public, max-age=31536000, immutable'],
    ['/assets/main-abc123.js', 'HEAD', 200, 'text/javascript; charset=utf-8', '', 'public, max-age=31536000, immutable'],
    ['/assets/gone-000.js', 'GET', 404, 'application/json', 'NOT_FOUND', 'no-store'],
    ['/api/health', 'GET', 200, 'application/json', 'ok', 'no-store'],
    ['/api/nothing', 'GET', 404, 'application/json', 'NOT_FOUND', 'no-store'],
    ['/api', 'GET', 404, 'application/json', 'NOT_FOUND', 'no-store'],
    ['/statement', 'POST', 404, 'application/json', 'NOT_FOUND', 'no-store'],
    ['/../secret.txt', 'GET', 200, 'text/html; charset=utf-8', 'app', 'no-store'],
    ['/%2e%2e/secret.txt', 'GET', 200, 'text/html; charset=utf-8', 'app', 'no-store'],
    ['/%E0%A4%A', 'GET', 404, 'application/json', 'NOT_FOUND', 'no-store'],
  ])('%s %s answers %i %s', async (path, method, status, type, text, cache) => {
    const res = await app.request(path, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe(cache);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const body = await res.text();
    if (method === 'HEAD') expect(body).toBe('');
    else expect(body).toContain(text);
    expect(body).not.toContain('outside the build');
  });

  it('answers nothing when there is no build, so the API 404 stands', async () => {
    const web = webApp(join(dir, 'no-build'));
    const bare = new Hono();
    bare.notFound(async (c) => (await web(c)) ?? c.text('api 404', 404));
    const res = await bare.request('/');
    expect([res.status, await res.text()]).toEqual([404, 'api 404']);
  });
});
