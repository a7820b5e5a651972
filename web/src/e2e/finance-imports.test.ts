import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, browserTests, DEMO_REP, screenshot, signIn } from './harness';

/** Chooses, in the mapping editor, the file's column for each Prestasi field. */
async function mapColumns(page: Page, columns: Readonly<Record<string, string>>): Promise<void> {
  const mapping = page.getByTestId('mapping');
  for (const [field, column] of Object.entries(columns)) await mapping.getByRole('combobox', { name: field, exact: true }).selectOption(column);
}

describe('finance imports deals from a CRM file with a column mapping', () => {
  const session = browserTests();

  it('maps the columns, dry-runs (every row error with row, column, value and why), then imports on confirmation', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const csv = (rows: string[]) => ({ name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(['Deal ID,Close Date,Value,Rep,Kind', ...rows].join('\n') + '\n') });
    const good = `D-1001,${month}-02,12500.00,${DEMO_REP},new`;
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.goto(`${session.server.url}/imports`);
    await page.getByLabel('CSV file from the CRM').setInputFiles(csv([good, `D-1002,not a date,900.00,${DEMO_REP},new`]));
    await page.getByText('Columns in the file: Deal ID, Close Date, Value, Rep, Kind').waitFor();

    await mapColumns(page, { id: 'Deal ID', date: 'Close Date', amount: 'Value', owner: 'Rep', type: 'Kind' });
    await page.getByRole('textbox', { name: 'Id prefix' }).fill('e2e');
    await page.getByRole('textbox', { name: 'Save the mapping as' }).fill('e2e-crm');
    await page.getByRole('button', { name: 'Check (dry run)' }).click();

    const report = page.getByTestId('import-report');
    await report.getByRole('alert').getByText('1 row error(s)', { exact: false }).waitFor();
    const error = await report.getByRole('table', { name: /row error/ }).locator('tbody tr').first().locator('td').allInnerTexts();
    expect(error.slice(0, 3)).toEqual(['3', 'Close Date', 'not a date']);
    expect(await report.getByRole('button', { name: /^Import / }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-imports-desktop');

    // The fixed file: the saved mapping is used by name now.
    await page.getByLabel('CSV file from the CRM').setInputFiles(csv([good]));
    await page.getByLabel('Start from').selectOption({ label: 'Saved: e2e-crm' });
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await report.getByRole('table', { name: 'New deals' }).getByText('e2e:D-1001').waitFor();
    await report.getByRole('button', { name: 'Import 1 deal(s)' }).click();
    await page.getByText(/^Imported as batch \d+: 1 new, 0 changed\.$/).waitFor();

    // The same file again changes nothing.
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await report.getByText('1 row(s): 0 new, 0 changed, 1 unchanged, 0 skipped').waitFor();
    await page.close();
  });

  it('keeps a CRM column as an attribute, imports only won stages, and fills a field the file lacks', async () => {
    const day = `${new Date().toISOString().slice(0, 7)}-03`;
    const csv = {
      name: 'opps.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`Opp,Closed,Total,Owner,Territory,Phase\nO-1,${day},4200.00,${DEMO_REP},East Coast,Closed Won\nO-2,${day},999.00,${DEMO_REP},East Coast,Negotiation\n`),
    };
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance', '/imports');
    await page.getByLabel('CSV file from the CRM').setInputFiles(csv);
    await page.getByText('Columns in the file: Opp, Closed, Total, Owner, Territory, Phase').waitFor();
    await mapColumns(page, { id: 'Opp', date: 'Closed', amount: 'Total', owner: 'Owner', stage: 'Phase' });
    const extras = page.getByTestId('mapping-extras');
    await extras.getByRole('button', { name: 'Add an attribute' }).click();
    await extras.getByRole('textbox', { name: 'Attribute 1: name' }).fill('territory');
    await extras.getByRole('combobox', { name: 'Attribute 1: column' }).selectOption('Territory');
    await extras.getByRole('textbox', { name: 'Stages that make a deal won' }).fill('Closed Won');
    await extras.getByRole('textbox', { name: 'type: the same for every row' }).fill('new');
    await page.getByRole('textbox', { name: 'Id prefix' }).fill('e2e2');
    await page.getByRole('textbox', { name: 'Save the mapping as' }).fill('e2e-stages');
    await page.getByRole('button', { name: 'Check (dry run)' }).click();

    const report = page.getByTestId('import-report');
    await report.getByText('2 row(s): 1 new, 0 changed, 0 unchanged, 1 skipped').waitFor();
    const skipped = await report.getByRole('table', { name: 'Skipped rows' }).locator('tbody tr').first().locator('td').allInnerTexts();
    expect(skipped.slice(0, 2)).toEqual(['3', 'e2e2:O-2']);
    expect(skipped[2]).toContain('Negotiation');
    expect(await axeViolations(page)).toEqual([]);
    await report.getByRole('button', { name: 'Import 1 deal(s)' }).click();
    await page.getByText(/^Imported as batch \d+: 1 new, 0 changed\.$/).waitFor();

    // The saved mapping holds all of it, and the deal has its attribute and type.
    const finance = await apiAs(session.server, 'finance');
    const saved = await finance.get<{ saved: { name: string; mapping: Record<string, unknown> }[] }>('/api/crm/mappings');
    expect(saved.body.saved.find((m) => m.name === 'e2e-stages')?.mapping).toMatchObject({
      attributes: { territory: 'Territory' },
      stages: { won: ['Closed Won'], cancelled: [] },
      fixed: { type: 'new' },
    });
    const exported = await page.request.get(`${session.server.url}/api/export`);
    const transactions = strFromU8(unzipSync(await exported.body())['transactions.csv']!);
    const header = transactions.slice(0, transactions.indexOf('\n')).split(',');
    const row = transactions.split('\n').find((l) => l.startsWith('e2e2:O-1,'))!.split(',');
    expect([row[header.indexOf('type')], row[header.indexOf('territory')], row[header.indexOf('amount')]]).toEqual(['new', 'East Coast', '4200.00']);
    expect(transactions).not.toContain('e2e2:O-2');
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
