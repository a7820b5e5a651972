/**
 * The browser tests' harness: the built `prestasi serve` on a fresh PGlite folder with the demo
 * organisation and a known demo password, on a free port; Debian's Chromium through
 * playwright-core with a fresh profile; sign-in per role, axe, CSP watching and screenshots.
 * Each test file starts its own server and browser (vitest runs files in parallel threads).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../api/types';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_PASSWORD = 'e2e-demo-password-2026';
export const CHROMIUM = process.env['PRESTASI_CHROMIUM'] ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = process.env['PRESTASI_SCREENSHOTS_DIR'] ?? join(REPO, 'test-output', 'screenshots');

export const DEMO_EMAIL: Readonly<Record<Role, string>> = {
  rep: 'rep@demo.prestasi.my',
  manager: 'manager@demo.prestasi.my',
  finance: 'finance@demo.prestasi.my',
  admin: 'admin@demo.prestasi.my',
};
/** The demo's payees behind the rep and manager sign-ins (README, "The demo organisation"). */
export const DEMO_REP = 'aisyah.hassan';
export const DEMO_MANAGER = 'meiling.tan';

export interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

/** `prestasi serve` as `npm start` runs it, built (npm test builds first), on a fresh database. */
export async function startServer(): Promise<Server> {
  const cli = join(REPO, 'cli', 'bin', 'prestasi.cjs');
  if (!existsSync(join(REPO, 'web', 'dist', 'index.html'))) throw new Error('web/dist is missing: run npm run build first');
  const data = await mkdtemp(join(tmpdir(), 'prestasi-e2e-'));
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', join(data, 'db')], {
    env: { ...process.env, PRESTASI_DEMO_PASSWORD: DEMO_PASSWORD, PRESTASI_NO_DEMO: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prestasi serve did not start in 180 s:\n${log}`)), 180_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prestasi serve exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    async stop() {
      await stopChild(child);
      await rm(data, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A signed-in API client, as the browser would be (same origin), for setting up and checking. */
export async function apiAs(server: Server, role: Role) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: DEMO_EMAIL[role], password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${role}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    return { status: r.status, body: (text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  };
}

/** The fiscal quarter containing today and the one before (the demo's fiscal year is the calendar year). */
export function recentQuarters(today = new Date()): { current: string; previous: string } {
  const y = today.getUTCFullYear();
  const q = Math.floor(today.getUTCMonth() / 3) + 1;
  return { current: `${y}-Q${q}`, previous: q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}` };
}

/** Runs for the last and the current quarter, as finance would start them, so there are statements to read. */
export async function seedRuns(server: Server): Promise<{ current: string; previous: string }> {
  const finance = await apiAs(server, 'finance');
  const quarters = recentQuarters();
  for (const period of [quarters.previous, quarters.current]) {
    const res = await finance.post('/api/runs', { period });
    if (res.status !== 201 && res.status !== 200) throw new Error(`run of ${period}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return quarters;
}

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab; Content-Security-Policy violations on it are collected in `cspViolations`. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  readonly cspViolations: string[];
  close(): Promise<void>;
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'prestasi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    locale: 'en-MY',
    timezoneId: 'Asia/Kuala_Lumpur',
    // Transitions off (the app respects it), so axe never sees a dialog half faded in.
    reducedMotion: 'reduce',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const cspViolations: string[] = [];
  return {
    context,
    cspViolations,
    async page(viewport = DESKTOP) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form, as a person would, and waits for the shell. */
export async function signIn(page: Page, server: Server, role: Role, path = '/'): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${server.url}${path}`);
  await page.locator('input[name="email"]').fill(DEMO_EMAIL[role]);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('who').waitFor();
}

let axeSource: string | undefined;

/** axe-core's serious and critical violations on the page as it is now (its source evaluated, not a <script>: the CSP would refuse one). */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Saves a full-page PNG for CI's output folder (and docs/screenshots when refreshed by hand). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** True when the page is wider than the window (a phone would scroll sideways). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/**
 * English catalogue strings visible on a page shown in Malay (those the Malay catalogue words
 * differently, long enough to be unambiguous; placeholders match anything).
 */
export async function englishLeft(page: Page): Promise<string[]> {
  const [{ en }, { ms }] = await Promise.all([import('../i18n/en'), import('../i18n/ms')]);
  const flat = (tree: object, out: string[] = []): string[] => {
    for (const v of Object.values(tree)) typeof v === 'string' ? out.push(v) : flat(v as object, out);
    return out;
  };
  const malay = new Set(flat(ms));
  const text = await page.locator('body').innerText();
  return flat(en)
    .filter((s) => !malay.has(s) && s.replace(/\{\{\w+\}\}/g, '').trim().length >= 5)
    .filter((s) => new RegExp(s.split(/\{\{\w+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')).test(text));
}

/** A test file's server and browser, there from its `beforeAll` on. */
export interface Session {
  readonly server: Server;
  readonly browser: Browser;
}

/**
 * For a test file's describe block: a fresh `prestasi serve` with the demo and a browser, both
 * closed after the block; `setUp` then prepares the data the tests need.
 */
export function browserTests(setUp?: (server: Server) => Promise<void>): Session {
  let opened: Session | undefined;
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    opened = { server, browser };
    await setUp?.(server);
  });
  afterAll(async () => {
    await opened?.browser.close();
    await opened?.server.stop();
  });
  const get = (): Session => {
    if (!opened) throw new Error('no server or browser: the setup failed');
    return opened;
  };
  return {
    get server() {
      return get().server;
    },
    get browser() {
      return get().browser;
    },
  };
}
