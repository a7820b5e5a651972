import { describe, expect, it } from 'vitest';
import type { Dispute } from '../api/types';
import { apiAs, axeViolations, browserTests, DEMO_EMAIL, DEMO_REP, PHONE, screenshot, scrollsSideways, seedRuns, signIn } from './harness';

describe('finance works the disputes queue', () => {
  let raised: Dispute;
  const session = browserTests(async (server) => {
    const { previous } = await seedRuns(server);
    // The rep raises it (the rep's own browser test covers raising in the browser).
    const rep = await apiAs(server, 'rep');
    const res = await rep.post<Dispute>('/api/disputes', { payee: DEMO_REP, period: previous, subject: 'Missing SPIFF on a PRO deal', comment: 'I sold 3 PRO seats in the launch window.' });
    expect(res.status).toBe(201);
    raised = res.body;
  });

  it('assigns, discusses and accepts a dispute with an adjustment the rep then sees', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.goto(`${session.server.url}/disputes/queue`);
    const queue = page.getByRole('table', { name: 'Disputes queue' });
    await queue.waitFor();
    expect(await queue.locator('tbody tr').count()).toBe(1);
    expect(await queue.locator('tbody tr td').allInnerTexts()).toContain('Missing SPIFF on a PRO deal');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-disputes-desktop');

    await queue.getByRole('link', { name: `Open dispute #${raised.id}` }).click();
    await page.getByRole('heading', { level: 1, name: `Dispute #${raised.id}: Missing SPIFF on a PRO deal` }).waitFor();
    expect(await page.getByTestId('comments').innerText()).toContain('I sold 3 PRO seats in the launch window.');

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText(`Assigned to: ${DEMO_EMAIL.finance}`).waitFor();

    await page.getByRole('textbox', { name: 'Add a comment' }).fill('Checked the deal: the seats were booked on the 2nd.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('comments').getByText('Checked the deal').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('accepted');
    await page.getByRole('textbox', { name: 'Adjustment amount' }).fill('150.00');
    await page.getByRole('textbox', { name: 'Reason' }).fill('3 PRO seats at RM 50 were left out.');
    await page.getByRole('button', { name: 'Resolve' }).click();
    const resolution = page.getByTestId('resolution');
    await resolution.waitFor();
    expect(await resolution.innerText()).toContain('3 PRO seats at RM 50 were left out.');
    expect(await page.getByTestId('dispute-status').textContent()).toBe('Accepted');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-dispute-resolved-desktop');

    // What the rep sees through the API: accepted, the adjustment, and finance's comment.
    const rep = await apiAs(session.server, 'rep');
    const seen = await rep.get<Dispute>(`/api/disputes/${raised.id}`);
    expect(seen.body.status).toBe('accepted');
    expect(seen.body.adjustment?.amount).toBe('150.00');
    expect(seen.body.comments.map((c) => c.author)).toEqual([DEMO_EMAIL.rep, DEMO_EMAIL.finance]);

    // Off the open queue now; in Malay on a phone the full list still has it.
    await page.setViewportSize(PHONE);
    await page.goto(`${session.server.url}/disputes/queue?lang=ms`);
    await page.getByText('Tiada pertikaian untuk ditunjukkan.').waitFor();
    await page.getByText('Semua', { exact: true }).click();
    await page.getByRole('table', { name: 'Baris gilir pertikaian' }).getByText('Diterima').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-disputes-ms-phone');
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
