import { describe, expect, it } from 'vitest';
import { apiAs, axeViolations, browserTests, DEMO_REP, recentQuarters, screenshot, signIn } from './harness';

interface QuotaRow {
  payee: string;
  name: string;
  period: string;
  measure: string;
  amount: string | null;
}

describe('finance edits quotas in the grid and uploads a CSV', () => {
  let target: QuotaRow;
  const session = browserTests(async (server) => {
    const finance = await apiAs(server, 'finance');
    // The page opens on this quarter's quotas.
    const mine = await finance.get<{ quotas: QuotaRow[] }>(`/api/quotas?payee=${DEMO_REP}&period=${recentQuarters().current}`);
    target = mine.body.quotas.find((q) => q.amount !== null)!;
    expect(target).toBeDefined();
  });

  const quotaOf = async (period: string) => {
    const finance = await apiAs(session.server, 'finance');
    const res = await finance.get<{ quotas: QuotaRow[] }>(`/api/quotas?payee=${DEMO_REP}&period=${period}`);
    return res.body.quotas.find((q) => q.period === period && q.measure === target.measure)?.amount;
  };

  it('saves an edited cell, and marks a cell the server refuses without saving anything', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.goto(`${session.server.url}/quotas`);
    const grid = page.getByTestId('quota-grid');
    await grid.waitFor();
    const cell = grid.getByRole('textbox', { name: new RegExp(`^${target.name}: ${target.measure}, `) }).first();
    const label = (await cell.getAttribute('aria-label'))!;
    const period = target.period;
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-quotas-desktop');

    // Not a number: marked before anything is sent. Negative: the server's loader refuses it, and says which cell.
    for (const [value, why] of [
      ['abc', 'Write a plain number'],
      ['-5', 'a quota must be positive'],
    ] as const) {
      await grid.getByRole('textbox', { name: label }).fill(value);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Nothing was saved. Fix the cells marked below.').waitFor();
      await grid.getByText(why).waitFor();
      expect(await grid.getByRole('textbox', { name: label }).getAttribute('aria-invalid')).toBe('true');
      expect(await quotaOf(period)).toBe(target.amount);
    }

    await grid.getByRole('textbox', { name: label }).fill('123456.00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/^Saved: \d+ added, 1 changed, 0 removed\.$/).waitFor();
    expect(await quotaOf(period)).toMatch(/^123456(\.00?)?$/);
    await page.close();
  });

  it('checks a CSV file first (every row error with line, column, value and why), then imports it on confirmation', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.goto(`${session.server.url}/quotas`);
    const upload = page.getByRole('region', { name: 'Upload a CSV file' });
    const file = (rows: string[]) => ({ name: 'quotas.csv', mimeType: 'text/csv', buffer: Buffer.from(['payee,period,measure,amount', ...rows].join('\n') + '\n') });

    await upload.getByLabel('CSV file').setInputFiles(file([`${DEMO_REP},${target.period},${target.measure},200000`, `nobody.here,${target.period},${target.measure},1`]));
    await upload.getByRole('button', { name: 'Check the file' }).click();
    const report = page.getByTestId('quota-report');
    await report.getByRole('alert').getByText('1 row error(s): fix the file and check it again').waitFor();
    const errorRow = await report.getByRole('table').locator('tbody tr').first().locator('td').allInnerTexts();
    expect(errorRow.slice(0, 3)).toEqual(['3', 'payee', 'nobody.here']);
    expect(errorRow[3]).not.toBe('');
    expect(await upload.getByRole('button', { name: 'Import these changes' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await upload.getByLabel('CSV file').setInputFiles(file([`${DEMO_REP},${target.period},${target.measure},200000`]));
    await upload.getByRole('button', { name: 'Check the file' }).click();
    await report.getByRole('table', { name: 'What would change' }).waitFor();
    expect(await quotaOf(target.period)).not.toMatch(/^200000/);
    await screenshot(page, 'finance-quotas-upload-desktop');
    await upload.getByRole('button', { name: 'Import these changes' }).click();
    await page.getByText('Imported: 0 new, 1 changed, 0 removed.').waitFor();
    expect(await quotaOf(target.period)).toMatch(/^200000(\.0+)?$/);
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
