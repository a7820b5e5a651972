import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWorkspacePath, readWorkspaceFolder, WorkspaceFolderError } from './files.js';

describe('isWorkspacePath', () => {
  it.each<[string, boolean]>([
    ['prestasi.yaml', true],
    ['payees.csv', true],
    ['fx.csv', true],
    ['plans/ae.yaml', true],
    ['plans/ae.yml', true],
    ['plans/sdr.json', true],
    ['transactions/2026-01.csv', true],
    ['transactions/hubspot.csv', true],
    ['transactions/old/2025.csv', false],
    ['transactions/notes.txt', false],
    ['plans/ae.txt', false],
    ['plans/old/ae.yaml', false],
    ['prestasi.yml', false],
    ['acme/payees.csv', false],
    ['README.md', false],
  ])('%s: %s', (path, expected) => {
    expect(isWorkspacePath(path)).toBe(expected);
  });
});

describe('readWorkspaceFolder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prestasi-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the files the format defines, plans and extra transaction files, and nothing else', () => {
    for (const name of ['payees.csv', 'transactions.csv', 'notes.md']) writeFileSync(join(dir, name), name);
    mkdirSync(join(dir, 'plans'));
    mkdirSync(join(dir, 'transactions'));
    mkdirSync(join(dir, 'transactions', 'old'));
    for (const name of ['plans/ae.yaml', 'plans/readme.txt', 'transactions/b.csv', 'transactions/a.csv', 'transactions/a.txt', 'transactions/old/c.csv']) {
      writeFileSync(join(dir, name), name);
    }
    expect([...readWorkspaceFolder(dir).keys()]).toEqual(['payees.csv', 'transactions.csv', 'plans/ae.yaml', 'transactions/a.csv', 'transactions/b.csv']);
  });

  it('refuses a folder that is not there', () => {
    expect(() => readWorkspaceFolder(join(dir, 'missing'))).toThrow(WorkspaceFolderError);
  });
});
