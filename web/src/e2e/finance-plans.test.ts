import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, browserTests, PHONE, screenshot, scrollsSideways, seedRuns, signIn } from './harness';

/** An input of the plan editor, by the plan field it edits (its id is `field-` + the path the server's problems use). */
const field = (path: string) => `[id="field-${path}"]`;

describe('finance edits a plan in the no-code editor', () => {
  const session = browserTests(async (server) => {
    await seedRuns(server);
  });

  it('lists the plans, edits a tier rate with inline validation, previews what it would have paid beside what was paid, and saves a new version', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.goto(`${session.server.url}/plans`);
    const table = page.getByRole('table', { name: 'Plans' });
    await table.waitFor();
    expect(await table.getByRole('link').allInnerTexts()).toEqual(['Account Executive', 'Sales Development Representative', 'Sales Manager']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-plans-desktop');

    await table.getByRole('link', { name: 'Account Executive' }).click();
    await page.waitForURL(`${session.server.url}/plans/ae`);
    const validation = page.getByTestId('validation');
    await validation.getByText('No problems found.').waitFor();
    expect(await page.locator(field('components[0].tiers[0].rate')).inputValue()).toBe('0.02');

    // A bound below the previous one: the server's problem shows on that tier, and saving is off.
    await page.locator(field('components[0].tiers[1].to')).fill('0.4');
    await validation.getByText(/1 problem/).waitFor();
    const tierRow = page.locator(field('components[0].tiers[1]'));
    expect(await tierRow.locator('[aria-invalid="true"], [role="alert"]').count()).toBeGreaterThan(0);
    const save = page.getByRole('button', { name: 'Save as version 2' });
    expect(await save.isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator(field('components[0].tiers[1].to')).fill('1.0');
    await validation.getByText('No problems found.').waitFor();

    // Double the first tier's rate: every AE with bookings would earn more.
    await page.locator(field('components[0].tiers[0].rate')).fill('0.04');
    await validation.getByText('No problems found.').waitFor();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(/Paid: run 1 \(Draft\)|Current plan computed now/);
    const totals = await page.getByTestId('preview-totals').locator('tbody tr').first().locator('td').allInnerTexts();
    expect(totals[0]).toBe('MYR');
    expect(totals[3]).toMatch(/^\+RM/);
    expect(await preview.getByRole('table', { name: /Payouts per payee/ }).locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-plan-editor-desktop');

    // The file text tab is what Save writes.
    await page.getByRole('tab', { name: 'File text' }).click();
    const text = await page.getByTestId('plan-text').innerText();
    expect(text).toContain('- to: 0.5\n        rate: 0.04\n');
    expect(await axeViolations(page)).toEqual([]);

    await save.click();
    await page.getByText('Saved as version 2.').waitFor();
    const finance = await apiAs(session.server, 'finance');
    const saved = await finance.get<{ version: number; source: string; versions: { createdBy: string }[] }>('/api/plans/ae');
    expect(saved.body.version).toBe(2);
    expect(saved.body.source).toBe(text.endsWith('\n') ? text : `${text}\n`);
    expect(saved.body.versions[0]!.createdBy).toBe('finance@demo.prestasi.my');
    await page.close();
  });

  it('adds and reorders components and tiers with the form, in Malay, on a phone', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    // Signed in on a desktop window (the harness waits for the header's "signed in as", which a phone folds away), then a phone's.
    await page.setViewportSize(PHONE);
    await page.goto(`${session.server.url}/plans/sdr?lang=ms`);
    await page.getByTestId('validation').getByText('Tiada masalah ditemui.').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Pelan: Sales Development Representative');
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['Borang', 'Teks fail', 'Versi-versi']);

    // A commission with tiers: added at the end, switched to tiers, one tier added, then moved first.
    await page.getByLabel('Jenis').selectOption('commission');
    await page.getByRole('button', { name: 'Tambah komponen' }).click();
    const added = page.getByTestId('component-2');
    await added.getByLabel('Membayar', { exact: true }).selectOption('tiers');
    await added.getByRole('button', { name: 'Tambah peringkat' }).click();
    expect(await added.locator('.plan-row').count()).toBe(3);
    await page.locator(field('components[2].tiers[2].to')).fill('2.0');
    await page.locator(field('components[2].tiers[2].rate')).fill('0.1');
    // The new tier sits after the open-ended one: the server says so.
    await page.getByTestId('validation').getByText(/masalah perlu dibaiki/).waitFor();
    await added.getByRole('button', { name: 'Alih peringkat 3 ke atas' }).click();
    await page.locator(field('components[2].tiers[1].to')).waitFor();
    expect(await page.locator(field('components[2].tiers[1].to')).inputValue()).toBe('2.0');
    await added.getByRole('button', { name: 'Alih Komisen: commission ke atas' }).click();
    expect(await page.getByTestId('component-1').getByRole('heading').innerText()).toBe('Komisen: commission');

    await page.getByRole('tab', { name: 'Teks fail' }).click();
    const text = await page.getByTestId('plan-text').innerText();
    expect(text.indexOf('id: commission')).toBeGreaterThan(text.indexOf('id: meetings-bonus'));
    expect(text.indexOf('id: commission')).toBeLessThan(text.indexOf('id: outbound-spiff'));
    expect(text).toContain('- to: 1.0\n');
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-plan-editor-ms-phone');
    await page.close();
  });

  it('finds the save in the audit log, with the file before and after', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.goto(`${session.server.url}/audit`);
    await page.getByRole('textbox', { name: 'Record type' }).fill('plan');
    await page.getByRole('button', { name: 'Filter' }).click();
    const log = page.getByTestId('audit');
    await log.getByText('plan.update').waitFor();
    const rows = log.locator('tbody tr');
    // The unfiltered page may still be on screen for a moment after the click.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect(await rows.first().locator('td').allInnerTexts()).toEqual([expect.any(String), 'finance@demo.prestasi.my', 'plan.update', 'plan ae', 'Before and after']);
    await rows.first().getByRole('button', { name: 'Before and after' }).click();
    expect(await page.getByLabel('After #', { exact: false }).innerText()).toContain('rate: 0.04');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-audit-desktop');
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
