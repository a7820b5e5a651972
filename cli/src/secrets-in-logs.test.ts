import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './test-support/run.js';

const BIN = fileURLToPath(new URL('../bin/prestasi.cjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/malaysia-2026/', import.meta.url));


/** The example workspace as a multipart form, as the import route takes it. */
function exampleForm(): FormData {
  const form = new FormData();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(join(EXAMPLE, dir), { withFileTypes: true })) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${path}/`);
      else if (/\.(csv|ya?ml|json)$/.test(entry.name)) form.append(path, new Blob([readFileSync(join(EXAMPLE, dir, entry.name))]), entry.name);
    }
  };
  walk('', '');
  return form;
}

describe('secrets in logs', () => {
  it('a server taking sign-ins, token creation, imports, runs and approvals prints no password, session or token', async () => {
    const data = mkdtempSync(join(tmpdir(), 'prestasi-logs-'));
    expect((await run(['migrate', '--data', data])).code).toBe(0);
    const passwords = new Map<string, string>();
    for (const [email, role] of [['admin@logs.test', 'admin'], ['maker@logs.test', 'finance'], ['checker@logs.test', 'finance']] as const) {
      const added = await run(['user', 'add', email, '--role', role, '--data', data]);
      passwords.set(email, /password \(shown this once\): (\S+)/.exec(added.out)![1]!);
    }
    const secrets: string[] = [...passwords.values(), 'a-wrong-password-for-the-logs'];

    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PRESTASI_NO_DEMO: '1', PRESTASI_DEMO_PASSWORD: 'demo-password-never-printed' },
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (\S+)/.exec(log);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 50);
      void exited.then(() => reject(new Error(`serve exited early: ${log}`)));
    });
    try {
      const origin = url;
      const signIn = async (email: string, password: string) => {
        const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ email, password }) });
        const cookie = res.headers.get('set-cookie')?.split(';')[0];
        if (cookie) secrets.push(cookie.split('=')[1]!);
        return { status: res.status, cookie: cookie ?? '' };
      };
      expect((await signIn('admin@logs.test', 'a-wrong-password-for-the-logs')).status).toBe(401);
      const admin = await signIn('admin@logs.test', passwords.get('admin@logs.test')!);
      expect(admin.status).toBe(200);
      const tokenRes = await fetch(`${url}/api/tokens`, { method: 'POST', headers: { cookie: admin.cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ci import', scopes: ['imports:write'] }) });
      const token = ((await tokenRes.json()) as { token: string }).token;
      secrets.push(token);
      expect((await fetch(`${url}/api/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: exampleForm() })).status).toBe(200);
      expect((await fetch(`${url}/api/import`, { method: 'POST', headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` }, body: exampleForm() })).status).toBe(401);
      const maker = await signIn('maker@logs.test', passwords.get('maker@logs.test')!);
      const checker = await signIn('checker@logs.test', passwords.get('checker@logs.test')!);
      const run = (await (await fetch(`${url}/api/runs`, { method: 'POST', headers: { cookie: maker.cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify({ period: '2026-Q1' }) })).json()) as { run: { id: number } };
      expect((await fetch(`${url}/api/runs/${run.run.id}/approve`, { method: 'POST', headers: { cookie: maker.cookie, origin } })).status).toBe(403);
      expect((await fetch(`${url}/api/runs/${run.run.id}/approve`, { method: 'POST', headers: { cookie: checker.cookie, origin } })).status).toBe(200);
      expect((await fetch(`${url}/api/runs/${run.run.id}/pay`, { method: 'POST', headers: { cookie: checker.cookie, origin } })).status).toBe(200);
      expect((await fetch(`${url}/api/runs/${run.run.id}/payroll.csv`, { headers: { cookie: maker.cookie } })).status).toBe(200);
      expect((await fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { cookie: maker.cookie, origin } })).status).toBe(204);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(log).toMatch(/listening on/);
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of [...secrets, 'demo-password-never-printed']) expect(log, 'a secret in the server log').not.toContain(secret);
    // Nor any part long enough to matter (a token without its prefix, a hash).
    for (const secret of secrets) expect(log).not.toContain(secret.slice(-20));
    expect(log).not.toMatch(/scrypt\$|prst_[A-Za-z0-9_-]{10}/);
  });
});
