import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { axeViolations, browserTests, DEMO_REP, englishLeft, PHONE, screenshot, scrollsSideways, signIn } from './harness';

/** The files of a zip, as text. */
const filesOf = (zip: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(zip)).map(([path, bytes]) => [path, strFromU8(bytes)]));
const zipOf = (files: Readonly<Record<string, string>>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([p, text]) => [p, strToU8(text)]))));

/** transactions.csv with one more deal, its cells placed by the file's own header. */
function withDeal(csv: string, cells: Readonly<Record<string, string>>): string {
  const header = csv.slice(0, csv.indexOf('\n')).split(',');
  return `${csv}${header.map((name) => cells[name] ?? '').join(',')}\n`;
}

describe('finance keeps the workspace as files: download it, import a folder or zip back after a dry run', () => {
  const session = browserTests();
  const scratch = mkdtemp(join(tmpdir(), 'prestasi-e2e-workspace-'));
  afterAll(async () => rm(await scratch, { recursive: true, force: true }));

  it('downloads the workspace, checks an edited zip (problems at FILE:LINE, then what would change) and imports it', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance');
    await page.getByRole('navigation').getByRole('link', { name: 'Workspace files' }).click();
    await page.getByRole('heading', { level: 1, name: 'Workspace files' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the workspace (zip)' }).click()]);
    expect(download.suggestedFilename()).toBe('prestasi-workspace.zip');
    const files = filesOf(await readFile((await download.path())!));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['prestasi.yaml', 'payees.csv', 'assignments.csv', 'transactions.csv']));
    expect(Object.keys(files).some((p) => p.startsWith('plans/'))).toBe(true);
    expect(files['payees.csv']).toContain(`\n${DEMO_REP},`);

    const day = `${new Date().toISOString().slice(0, 7)}-02`;
    const zipInput = page.getByLabel('Zip file');
    const check = page.getByRole('button', { name: 'Check (dry run)' });

    // A bad date: refused with the file and line, and nothing to confirm.
    const broken = withDeal(files['transactions.csv']!, { id: 'e2e-ws-bad', date: '2026-13-01', amount: '1.00', owner: DEMO_REP });
    const badLine = broken.trimEnd().split('\n').length;
    await zipInput.setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: zipOf({ ...files, 'transactions.csv': broken }) });
    await check.click();
    const problems = page.getByTestId('workspace-problems');
    await problems.getByRole('alert').waitFor();
    const row = await problems.getByRole('table').locator('tbody tr').first().locator('td').allInnerTexts();
    expect(row).toEqual(['transactions.csv', String(badLine), 'date must be a date YYYY-MM-DD, not "2026-13-01"']);
    expect(await page.getByRole('button', { name: 'Import these files' }).count()).toBe(0);

    // A file with 250 problems: the first 200 listed, and how many more there are.
    let many = files['transactions.csv']!;
    for (let i = 0; i < 250; i++) many = withDeal(many, { id: `e2e-ws-bad-${i}`, date: '2026-13-01', amount: '1.00', owner: DEMO_REP });
    await zipInput.setInputFiles({ name: 'many.zip', mimeType: 'application/zip', buffer: zipOf({ ...files, 'transactions.csv': many }) });
    await check.click();
    await problems.getByText('and 50 more, not listed: fix these first').waitFor();
    expect(await problems.getByRole('table').locator('tbody tr').count()).toBe(200);

    // One new deal: the dry run says so, the import does it.
    const edited = { ...files, 'transactions.csv': withDeal(files['transactions.csv']!, { id: 'e2e-ws-1', date: day, amount: '777.00', owner: DEMO_REP, type: 'new' }) };
    await zipInput.setInputFiles({ name: 'edited.zip', mimeType: 'application/zip', buffer: zipOf(edited) });
    await check.click();
    const report = page.getByTestId('workspace-report');
    await report.getByRole('table').waitFor();
    const wouldChange = await report.getByRole('table').locator('tbody tr').allInnerTexts();
    expect(wouldChange.map((r) => r.split('\t'))).toEqual([['Deals', '1']]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'finance-workspace-desktop');
    await report.getByRole('button', { name: 'Import these files' }).click();
    await page.getByText(/^Imported as batch \d+\.$/).waitFor();

    const again = await page.request.get(`${session.server.url}/api/export`);
    expect(filesOf(await again.body())['transactions.csv']).toContain(`e2e-ws-1,${day},777.00,`);
    await page.close();
  });

  it('imports from a picked folder only the workspace files, from where payees.csv is', async () => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance', '/workspace?lang=ms');
    const exported = filesOf(await (await page.request.get(`${session.server.url}/api/export`)).body());
    // A checkout: the workspace in comp/, beside files that are not the workspace's.
    const root = join(await scratch, 'checkout');
    const extra = { 'README.md': '# comp', '.git/config': '[core]', 'comp/notes.txt': 'x', 'comp/plans/old/ae.yaml': 'x' };
    for (const [path, text] of [...Object.entries(exported).map(([p, t]) => [`comp/${p}`, t] as const), ...Object.entries(extra)]) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    await page.getByLabel('Atau folder').setInputFiles(root);
    const listed = await page.getByTestId('folder-files').innerText();
    for (const path of Object.keys(exported)) expect(listed).toContain(path);
    for (const junk of ['README', 'notes', 'config', 'old/']) expect(listed).not.toContain(junk);
    await page.getByRole('button', { name: 'Semak (larian cuba)' }).click();
    await page.getByText('Pangkalan data sudah menyimpan fail-fail ini: mengimportnya tidak akan mengubah apa-apa.').waitFor();
    expect(await englishLeft(page)).toEqual([]);
    await page.close();
  });

  it.each(['/workspace', '/quotas', '/imports', '/audit', '/runs', '/plans'])('%s fits a phone: no sideways scroll, nothing axe finds serious', async (path) => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance', path);
    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // Loaded, not merely shown (networkidle never comes: /runs keeps its live stream open).
    await expect.poll(() => page.getByText('Loading…').count(), { timeout: 30_000 }).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it.each(['/workspace', '/imports', '/runs'])('%s in Malay leaves no English on the screen', async (path) => {
    const page = await session.browser.page();
    await signIn(page, session.server, 'finance', `${path}?lang=ms`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByText('Memuatkan…').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('ms');
    expect(await englishLeft(page)).toEqual([]);
    await page.close();
  });

  it('loads nothing the Content-Security-Policy refuses', () => {
    expect(session.browser.cspViolations).toEqual([]);
  });
});
