import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, browserTests, DEMO_PASSWORD, DEMO_REP, englishLeft, recentQuarters, screenshot, type Server, signIn } from './harness';

/**
 * Segregation of duties stays on: finance@ changes the inputs and calculates, and a second
 * finance user, made by the admin through POST /api/users, approves and pays.
 */
const CONTROLLER = 'controller@demo.prestasi.my';

async function signInAs(page: Page, server: Server, email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${server.url}/`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('who').waitFor();
}

describe('finance runs a period: calculate, compare, approve, pay, download payroll', () => {
  const { previous } = recentQuarters();
  const session = browserTests(async (server) => {
    const admin = await apiAs(server, 'admin');
    const made = await admin.post('/api/users', { email: CONTROLLER, name: 'Financial Controller', role: 'finance', password: DEMO_PASSWORD });
    expect(made.status).toBe(201);
    const finance = await apiAs(server, 'finance');
    expect((await finance.post('/api/runs', { period: previous })).status).toBe(201);
    // A change between the two runs, for the comparison to explain.
    const adjusted = await finance.post('/api/adjustments', { payee: DEMO_REP, period: previous, amount: '250.00', reason: 'Late deal credited by hand' });
    expect(adjusted.status).toBe(201);
  });

  it('calculates a second run in the browser and shows what changed since the first, and why', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.waitForURL(`${session.server.url}/runs`);
    await page.getByRole('textbox', { name: 'Calculate a period' }).fill(previous);
    await page.getByRole('button', { name: 'Calculate' }).click();
    // Calculating a quarter takes seconds, more on a loaded machine.
    await page.waitForURL(/\/runs\/\d+$/, { timeout: 120_000 });
    await page.getByRole('heading', { level: 1, name: /^Run 2 of / }).waitFor({ timeout: 60_000 });
    const diff = page.getByTestId('run-diff');
    await diff.waitFor();
    const rows = diff.getByRole('table', { name: 'Changes from run 1 to run 2' }).locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').allInnerTexts()).toEqual([expect.stringContaining('Aisyah'), expect.stringMatching(/^RM/), expect.stringMatching(/^RM/), expect.stringMatching(/^\+RM\s250\.00$/), 'adjustments']);
    expect(await page.getByTestId('run-status').textContent()).toBe('Draft');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-run-desktop');

    // finance@ created it: the server refuses their approval, and the page says why.
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('alert').getByText(/segregation of duties/).waitFor();
    await page.close();
  });

  it('a second finance user approves and pays it, and downloads the payroll file', async () => {
    const page = await session.browser.page();
    await signInAs(page, session.server, CONTROLLER);
    await page.getByRole('link', { name: /^Open run 2 of / }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Run approved.').waitFor();
    await page.getByTestId('run-status').getByText('Approved').waitFor();
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    await page.getByTestId('run-status').getByText('Paid').waitFor();
    expect(await page.getByText(`Paid by ${CONTROLLER}`).count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download payroll (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe(`payroll-${previous}-run-2.csv`);
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toBe('employee_id,name,period,amount,currency');
    const finance = await apiAs(session.server, 'finance');
    const json = await finance.get<{ rows: unknown[] }>(`/api/runs/${/\/runs\/(\d+)/.exec(page.url())![1]}/payroll.json`);
    expect(csv.length - 1).toBe(json.body.rows.length);
    expect(csv.length).toBeGreaterThan(30);

    // Every statement of the run in one file, a payout row per result.
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: "Every payee's statement, one CSV file" }).click()]);
    expect(all.suggestedFilename()).toBe(`statements-${previous}-run-2.csv`);
    const statements = (await readFile((await all.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(statements[0]).toBe('payee,name,period,run,status,plan,currency,kind,component,transaction,amount,explanation');
    expect(statements.filter((row) => row.includes(',payout,')).length).toBeGreaterThan(30);
    expect(await axeViolations(page)).toEqual([]);

    // The same page in Malay.
    await page.goto(`${page.url()}?lang=ms`);
    await page.getByTestId('run-status').getByText('Dibayar').waitFor();
    expect(await page.getByRole('link', { name: 'Muat turun fail gaji (CSV)' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-run-paid-ms-desktop');
    await page.close();
  });

  it('shows what the current quarter owes so far, and it moves when a deal lands, without a reload', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.waitForURL(`${session.server.url}/runs`);
    const card = page.getByTestId('live-accrual');
    const payout = card.getByTestId('live-payout');
    await payout.waitFor();
    const before = await payout.innerText();
    expect(await card.getByText(/^\d+ payee result\(s\)$/).count()).toBe(1);
    const finance = await apiAs(session.server, 'finance');
    const today = new Date().toISOString().slice(0, 10);
    const landed = await finance.post('/api/transactions', { transactions: [{ id: 'e2e-live-accrual-1', date: today, amount: '250000.00', owner: DEMO_REP, type: 'new' }] });
    expect(landed.status).toBe(200);
    await page.waitForFunction(([text]) => document.querySelector('[data-testid="live-payout"]')?.textContent !== text, [before], { timeout: 30_000 });
    expect(await payout.innerText()).toMatch(/^RM/);

    // Deals landing one after another are gathered: a refetch per two seconds, not one per deal.
    let refetches = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/live/totals')) refetches++;
    });
    const started = Date.now();
    const posted = await Promise.all(
      Array.from({ length: 10 }, (_, i) => finance.post('/api/transactions', { transactions: [{ id: `e2e-live-accrual-${i + 2}`, date: today, amount: '1000.00', owner: DEMO_REP, type: 'new' }] })),
    );
    expect(posted.map((p) => p.status)).toEqual(Array(10).fill(200));
    const seconds = (Date.now() - started) / 1000;
    await page.waitForTimeout(3_000);
    // Ten deals, each its own update and events: at most a refetch per two seconds they took, and one after.
    expect(refetches).toBeGreaterThan(0);
    expect(refetches).toBeLessThanOrEqual(Math.ceil(seconds / 2) + 1);
    expect(refetches).toBeLessThan(10);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-runs-live-desktop');
    await page.goto(`${session.server.url}/runs?lang=ms`);
    await card.getByText(/setakat ini, sebelum sebarang larian$/).waitFor();
    expect(await englishLeft(page)).toEqual([]);
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
