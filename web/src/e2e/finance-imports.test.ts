import { describe, expect, it } from 'vitest';
import { axeViolations, browserTests, DEMO_REP, screenshot, signIn } from './harness';

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

    const mapping = page.getByTestId('mapping');
    for (const [field, column] of [
      ['id', 'Deal ID'],
      ['date', 'Close Date'],
      ['amount', 'Value'],
      ['owner', 'Rep'],
      ['type', 'Kind'],
    ] as const)
      await mapping.getByRole('combobox', { name: field, exact: true }).selectOption(column);
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

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
