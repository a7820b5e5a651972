import { fileURLToPath } from 'node:url';
import { calcFromFiles, type CalcFilesOptions, readWorkspaceFolder, type WorkspaceFiles } from '@prestasi/workspace';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { arbitraryWorkspaceCase, splitTransactionsFile } from '../../../workspace/src/test-support/arbitrary-workspace.js';
import { emptyDatabase, forEachDatabase } from '../test-support/databases.js';
import { exportWorkspace } from './export.js';
import { importWorkspace } from './import.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/malaysia-2026/', import.meta.url));
const encoder = new TextEncoder();

/** What `prestasi calc` prints for `files`, or its problems without line numbers. */
function calc(files: WorkspaceFiles, options: CalcFilesOptions): unknown {
  const outcome = calcFromFiles(files, options);
  return outcome.ok ? JSON.parse(JSON.stringify(outcome.output)) : outcome.problems.map((p) => `${p.file}: ${p.message}`);
}

forEachDatabase('workspace round trip', (use) => {
  it.each(['2026-01', '2026-02', '2026-03', '2026-Q1', '2026-Q2', '2026'])(
    'examples/malaysia-2026 computes the same after import and export, for %s',
    async (period) => {
      const { db } = use();
      await emptyDatabase(db);
      const files = readWorkspaceFolder(EXAMPLE);
      await importWorkspace(db, files, { actor: 'test' });
      const exported = await exportWorkspace(db);
      expect(calc(exported, { period })).toEqual(calc(files, { period }));
      for (const [path, bytes] of files) if (path.startsWith('plans/')) expect(Buffer.from(exported.get(path)!).equals(bytes)).toBe(true);
    },
  );

  it('random valid workspaces compute the same after import and export', async () => {
    const { db } = use();
    await fc.assert(
      fc.asyncProperty(arbitraryWorkspaceCase(), async (c) => {
        await emptyDatabase(db);
        const files = new Map([...c.files].map(([path, text]) => [path, encoder.encode(text)]));
        await importWorkspace(db, files, { actor: 'test' });
        const exported = await exportWorkspace(db);
        const options = { period: c.period, payee: c.payee, summary: c.summary };
        expect(calc(exported, options)).toEqual(calc(files, options));
      }),
      { seed: 3, numRuns: 40 },
    );
  });

  it('transactions split into transactions/*.csv import as the same rows as one file', async () => {
    const { db } = use();
    await fc.assert(
      fc.asyncProperty(arbitraryWorkspaceCase(), fc.double({ min: 0, max: 1, noNaN: true }), async (c, cut) => {
        const bytes = (files: ReadonlyMap<string, string>) => new Map([...files].map(([path, text]) => [path, encoder.encode(text)]));
        await emptyDatabase(db);
        await importWorkspace(db, bytes(c.files), { actor: 'test' });
        const whole = await exportWorkspace(db);
        await emptyDatabase(db);
        const summary = await importWorkspace(db, bytes(splitTransactionsFile(c.files, cut, 'rest')), { actor: 'test' });
        const split = await exportWorkspace(db);
        expect(new TextDecoder().decode(split.get('transactions.csv'))).toBe(new TextDecoder().decode(whole.get('transactions.csv')));
        expect(summary.changed['transactions']).toBe(dataRows(c.files));
      }),
      { seed: 6, numRuns: 20 },
    );
  });
});

/** Data rows of transactions.csv (a generated file: one record per line). */
function dataRows(files: ReadonlyMap<string, string>): number {
  return (files.get('transactions.csv') ?? '').split('\n').filter((line) => line !== '').length - 1;
}
