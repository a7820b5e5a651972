import { describe, expect, it } from 'vitest';
import { workspaceFiles } from './workspace-folder';

const pick = (...paths: string[]) => paths.map((path) => ({ path, file: path }));
const names = (...paths: string[]) => workspaceFiles(pick(...paths)).map((p) => p.path);

describe('workspaceFiles: the workspace in a folder a person picked', () => {
  it.each<[string, string[], string[]]>([
    [
      'a workspace folder: its files, nothing else',
      ['acme/payees.csv', 'acme/plans/ae.yaml', 'acme/transactions/2026-01.csv', 'acme/README.md', 'acme/.git/config', 'acme/plans/old/ae.yaml', 'acme/prestasi.yaml'],
      ['payees.csv', 'plans/ae.yaml', 'transactions/2026-01.csv', 'prestasi.yaml'],
    ],
    [
      'a checkout holding the workspace in a sub-folder',
      ['repo/README.md', 'repo/comp/payees.csv', 'repo/comp/assignments.csv', 'repo/comp/plans/se.json', 'repo/tests/fixtures/payees.csv', 'repo/payroll.csv'],
      ['payees.csv', 'assignments.csv', 'plans/se.json'],
    ],
    ['no payees.csv: the picked folder, for the server to say what is missing', ['acme/plans/ae.yml', 'acme/notes.txt', 'acme/x/quotas.csv'], ['plans/ae.yml']],
    ['an empty folder', [], []],
  ])('%s', (_, paths, expected) => {
    expect(names(...paths)).toEqual(expected);
  });

  it('keeps each file with its new name', () => {
    expect(workspaceFiles([{ path: 'w/payees.csv', file: 42 }])).toEqual([{ path: 'payees.csv', file: 42 }]);
  });
});
