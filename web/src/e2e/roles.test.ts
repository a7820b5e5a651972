import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types';
import { apiAs, axeViolations, browserTests, screenshot, seedRuns, signIn } from './harness';

/** What each demo role finds in its menu, where it lands, and a page of another role it may not open. */
const ROLES: readonly { role: Role; home: string; menu: string[]; forbidden: string; forbiddenApi: string }[] = [
  { role: 'rep', home: '/me', menu: ['My pay', 'Statement', 'Disputes'], forbidden: '/runs', forbiddenApi: '/api/runs' },
  { role: 'manager', home: '/team', menu: ['My pay', 'Statement', 'Disputes', 'My team'], forbidden: '/admin/users', forbiddenApi: '/api/users' },
  { role: 'finance', home: '/runs', menu: ['Plans', 'Quotas', 'Imports', 'Workspace files', 'Runs', 'Disputes', 'Audit log'], forbidden: '/team', forbiddenApi: '/api/users' },
  { role: 'admin', home: '/admin/users', menu: ['Users', 'API tokens', 'Settings', 'Audit log'], forbidden: '/me', forbiddenApi: '/api/runs' },
];

describe('each demo role in the browser', () => {
  const session = browserTests(async (server) => {
    await seedRuns(server);
  });

  it.each(ROLES)('$role signs in, lands on $home, sees its own menu and is kept out of $forbidden', async ({ role, home, menu, forbidden, forbiddenApi }) => {
    const page = await session.browser.page();
    await signIn(page, session.server, role);
    await page.waitForURL(`${session.server.url}${home}`);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(menu);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${session.server.url}${forbidden}`);
    await page.getByTestId('not-allowed').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const api = await apiAs(session.server, role);
    expect((await api.get(forbiddenApi)).status).toBe(403);
    await page.close();
  });

  it('shows a login form with email, password and a submit button, in Malay with ?lang=ms', async () => {
    const page = await session.browser.page();
    await page.context().clearCookies();
    await page.goto(`${session.server.url}/?lang=ms`);
    await page.locator('input[name="email"]').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ms');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Log masuk ke Prestasi');
    expect(await page.locator('button[type="submit"]').innerText()).toBe('Log masuk');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'login-ms-desktop');
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
