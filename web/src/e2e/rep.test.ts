import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { DisputeSummary, Leaderboards, Statement } from '../api/types';
import { apiAs, axeViolations, browserTests, DEMO_REP, englishLeft, PHONE, screenshot, scrollsSideways, seedRuns, signIn } from './harness';

describe('a rep in the browser', () => {
  let quarters: { current: string; previous: string };
  const session = browserTests(async (server) => {
    quarters = await seedRuns(server);
  });

  it('sees attainment, earnings, rank and a what-if estimate on the home page, on a desktop and a phone', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'rep');
    await page.getByTestId('attainment-percent').first().waitFor();
    // Interactive: a fresh load of the home page until its figures are there and the what-if field takes input.
    const started = Date.now();
    await page.goto(`${session.server.url}/me`);
    await page.getByTestId('attainment-percent').first().waitFor();
    await page.getByLabel('Deal amount').fill('1');
    const ms = Date.now() - started;
    console.log(`rep home page interactive in ${ms} ms`);
    // The target is 1 s on a quiet machine; the whole suite runs on the same 2 cores.
    expect(ms).toBeLessThan(3000);
    expect(await page.getByTestId('rank').first().innerText()).toMatch(/^RANK \d+ OF \d+$/i);
    // The page asks for the rep's own place on each board, not every payee on it, and says how many the board ranks.
    const boardsRequest = page.waitForResponse((r) => r.url().includes('/api/leaderboards'));
    await page.reload();
    const boards = (await (await boardsRequest).json()) as Leaderboards;
    expect(boards.boards.every((b) => b.entries.every((e) => e.payee === DEMO_REP))).toBe(true);
    const mine = boards.boards.find((b) => b.entries.length > 0)!;
    await page.getByTestId('rank').first().waitFor();
    expect(await page.getByTestId('rank').first().innerText()).toMatch(new RegExp(`^RANK ${mine.entries[0]!.rank} OF ${mine.size}$`, 'i'));
    expect(mine.size).toBeGreaterThan(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'rep-home-en-desktop');

    await page.getByLabel('Deal amount').fill('50000');
    await page.getByRole('button', { name: 'Estimate' }).click();
    const whatIf = await page.getByTestId('what-if-result').first().innerText();
    expect(whatIf).toMatch(/You would earn RM\s[\d,.]+ more/);
    // A 50,000 new deal pays at least the lowest tier's 2%: never "RM 0.00 more".
    expect(whatIf).not.toMatch(/RM\s0\.00 more/);
    expect(await page.getByTestId('what-if-assumed').innerText()).toContain('type: new');

    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('attainment-percent').first().waitFor();
    await page.getByTestId('rank').first().waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'rep-home-en-phone');
    await page.close();
  });

  it("shows the statement with the API's figures, line by line", async () => {
    const api = await apiAs(session.server, 'rep');
    const { body: statement } = await api.get<Statement>(`/api/statements/${DEMO_REP}?period=${quarters.previous}`);
    const page = await session.browser.page();
    await signIn(page, session.server, 'rep', `/statement?period=${quarters.previous}`);
    await page.getByTestId('statement-total').first().waitFor();
    const money = (v: string, c: string) => page.evaluate(([value, currency]) => new Intl.NumberFormat('en-MY', { style: 'currency', currency: currency! }).format(value as never), [v, c] as const);
    expect(await page.getByTestId('statement-total').allInnerTexts()).toEqual(await Promise.all(statement.totals.map(async (t) => `Total: ${await money(t.payout, t.currency)}`)));
    expect(await page.getByTestId('result-payout').allInnerTexts()).toEqual(await Promise.all(statement.results.map(async (r) => `Payout: ${await money(r.payout, r.currency)}`)));
    const lines = statement.results.flatMap((r) => r.components.flatMap((c) => (c.lines ?? []).map((l) => ({ amount: l.amount, currency: r.currency }))));
    expect(lines.length).toBeGreaterThan(10);
    expect(await page.getByTestId('line-amount').allInnerTexts()).toEqual(await Promise.all(lines.map((l) => money(l.amount, l.currency))));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'rep-statement-en-desktop');

    // The same statement as a file: every line of the page, and a payout row per result.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download as CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^statement-${DEMO_REP.replace('.', '\\.')}-${quarters.previous}-run-\\d+\\.csv$`));
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toBe('payee,name,period,run,status,plan,currency,kind,component,transaction,amount,explanation');
    expect(csv.filter((row) => row.includes(',line,')).length).toBe(lines.length);
    expect(csv.filter((row) => row.includes(',payout,')).length).toBe(statement.results.length);

    // On paper: the statement without the menu, the header or its buttons, every line still there.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await page.getByTestId('who').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /^Dispute/ }).first().isVisible()).toBe(false);
    expect(await page.getByTestId('line-amount').count()).toBe(lines.length);
    expect(await page.getByTestId('line-amount').last().isVisible()).toBe(true);
    await page.close();
  });

  it('raises a dispute on a line, which the API then lists', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'rep', `/statement?period=${quarters.previous}`);
    const line = page.getByTestId('statement-line').first();
    const deal = (await line.locator('td').first().innerText()).trim();
    await line.getByRole('button', { name: `Dispute line ${deal}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What is wrong?').fill('The deal was signed with a 10% uplift, the amount looks short.');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Send dispute' }).click();
    const raised = await page.getByRole('status').filter({ hasText: 'raised' }).innerText();
    const id = Number(/#(\d+)/.exec(raised)?.[1]);
    const { body } = await (await apiAs(session.server, 'rep')).get<{ disputes: DisputeSummary[] }>('/api/disputes');
    expect(body.disputes.find((d) => d.id === id)).toMatchObject({ payee: DEMO_REP, transaction: deal, period: quarters.previous, status: 'open' });

    await page.getByRole('link', { name: 'Disputes' }).click();
    await page.getByRole('button', { name: `Line ${deal} of` }).click();
    await page.getByRole('dialog').getByText('10% uplift').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'rep-dispute-en-desktop');
    await page.close();
  });

  it('switches to Malay: the page, the menu and the explanations', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'rep', `/statement?period=${quarters.previous}`);
    await page.getByTestId('statement-total').first().waitFor();
    await page.getByText('BM', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Penyata' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ms');
    expect(await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link').allInnerTexts()).toEqual(['Gaji saya', 'Penyata', 'Pertikaian']);
    const explanation = await page.locator('.explanation').first().innerText();
    expect(explanation).toContain(' pada ');
    expect(explanation).not.toMatch(/\b(on|tier)\b/);
    expect(await page.getByTestId('statement-total').first().innerText()).toMatch(/^Jumlah keseluruhan: RM/);
    expect(await englishLeft(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'rep-statement-ms-desktop');

    await page.goto(`${session.server.url}/me`);
    await page.getByTestId('attainment-percent').first().waitFor();
    await page.getByTestId('rank').first().waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Gaji saya');
    expect(await englishLeft(page)).toEqual([]);
    await screenshot(page, 'rep-home-ms-desktop');
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('attainment-percent').first().waitFor();
    await page.getByTestId('rank').first().waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'rep-home-ms-phone');
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
