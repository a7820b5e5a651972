import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../api/types';
import { apiAs, axeViolations, browserTests, DEMO_REP, englishLeft, PHONE, screenshot, scrollsSideways, seedRuns, signIn } from './harness';

describe('a manager and an administrator in the browser', () => {
  let quarters: { current: string; previous: string };
  const session = browserTests(async (server) => {
    quarters = await seedRuns(server);
  });

  it("sees the team's attainment in a chart and a sortable table, who is behind pace, and drills into a rep", async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'manager', `/team?period=${quarters.current}`);
    const table = page.getByRole('table', { name: 'My team' });
    await table.waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    const names = () => table.locator('tbody tr td:first-child').allInnerTexts();
    const before = await names();
    expect(before).toContain('Nurul Aisyah binti Hassan');
    await table.getByRole('button', { name: 'Sort by Name' }).click();
    expect(await names()).toEqual([...before].sort((a, b) => a.localeCompare(b, 'en')));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'manager-team-en-desktop');

    await page.setViewportSize(PHONE);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'manager-team-en-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    await table.getByRole('link', { name: 'Open statement: Nurul Aisyah binti Hassan' }).click();
    await page.waitForURL(`**/team/${DEMO_REP}?period=${quarters.current}`);
    await page.getByTestId('statement-total').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByText('BM', { exact: true }).click();
    await page.getByRole('link', { name: 'Pasukan saya' }).first().click();
    await table.or(page.getByRole('table', { name: 'Pasukan saya' })).first().waitFor();
    expect(await englishLeft(page)).toEqual([]);
    await screenshot(page, 'manager-team-ms-desktop');
    await page.getByText('EN', { exact: true }).click();
    await page.close();
  });

  it("moves a team member's attainment when their deal lands, without a reload", async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'manager', `/team?period=${quarters.current}`);
    const row = page.getByRole('table', { name: 'My team' }).getByRole('row').filter({ hasText: 'Nurul Aisyah binti Hassan' });
    await row.waitFor();
    const before = await row.innerText();
    let refetches = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/team/attainment')) refetches++;
    });
    const finance = await apiAs(session.server, 'finance');
    const today = new Date().toISOString().slice(0, 10);
    const landed = await finance.post('/api/transactions', { transactions: [{ id: 'e2e-team-live-1', date: today, amount: '300000.00', owner: DEMO_REP, type: 'new' }] });
    expect(landed.status).toBe(200);
    for (const deadline = Date.now() + 30_000; (await row.innerText()) === before && Date.now() < deadline; ) await page.waitForTimeout(200);
    expect(await row.innerText()).not.toBe(before);
    expect(refetches).toBeGreaterThan(0);
    await page.close();
  });

  it("lists the team's disputes", async () => {
    const rep = await apiAs(session.server, 'rep');
    const raised = await rep.post<{ id: number }>('/api/disputes', { payee: DEMO_REP, period: quarters.previous, subject: 'Bonus missing', comment: 'The target bonus is not on my statement.' });
    expect(raised.status).toBe(201);
    const page = await session.browser.page();
    await signIn(page, session.server, 'manager', '/disputes');
    await page.getByRole('button', { name: 'Bonus missing' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Disputes of my team');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('manages users, API tokens (shown once) and settings as admin', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'admin');
    await page.getByRole('table', { name: 'Users' }).getByText('rep@demo.prestasi.my').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-users-en-desktop');

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('payroll pull');
    await page.getByLabel('payroll:read').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByRole('status').locator('pre, code').first().innerText()).trim();
    expect(secret).toMatch(/^prst_/);
    const { body } = await (await apiAs(session.server, 'admin')).get<{ tokens: ApiToken[] }>('/api/tokens');
    expect(body.tokens.map((t) => [t.name, t.scopes])).toContainEqual(['payroll pull', ['payroll:read']]);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Segregation of duties').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-settings-en-desktop');
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
