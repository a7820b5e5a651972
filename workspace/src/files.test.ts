import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileChangedError, FileSource } from './byte-source.js';
import { calcFromFiles } from './calc.js';
import { FolderFiles, readWorkspaceFolder, WorkspaceFolderError } from './files.js';
import { isWorkspacePath } from './paths.js';

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

  it('leaves transaction files on disk until asked for their bytes; loading reads them a window at a time, to the same result', () => {
    const example = fileURLToPath(new URL('../../examples/malaysia-2026', import.meta.url));
    const copy = join(dir, 'example');
    cpSync(example, copy, { recursive: true });
    mkdirSync(join(copy, 'transactions'));
    const extra = 'id,date,amount,owner\r\nx-1,2026-02-03,"1,5",nobody\r\nx-2,2026-02-04,12.5,';
    writeFileSync(join(copy, 'transactions', 'extra.csv'), extra);
    const files = readWorkspaceFolder(copy);
    expect(files).toBeInstanceOf(FolderFiles);
    expect(files.source('transactions.csv')?.size).toBe(readFileSync(join(copy, 'transactions.csv')).length);
    expect(files.source('payees.csv')).toBeUndefined();
    // The same problems, on the same lines, as from the bytes in memory.
    const inMemory = new Map(files);
    expect(Buffer.from(inMemory.get('transactions/extra.csv')!).toString()).toBe(extra);
    const broken = calcFromFiles(readWorkspaceFolder(copy), { period: '2026-Q1' });
    expect(broken).toEqual(calcFromFiles(inMemory, { period: '2026-Q1' }));
    expect(broken.ok).toBe(false);
    writeFileSync(join(copy, 'transactions', 'extra.csv'), 'id,date,amount,owner\n');
    const ok = calcFromFiles(readWorkspaceFolder(copy), { period: '2026-Q1' });
    expect(ok.ok).toBe(true);
    expect(ok).toEqual(calcFromFiles(new Map(readWorkspaceFolder(copy)), { period: '2026-Q1' }));
  });

  it('refuses a transaction file that changes between windows, rather than mixing two versions', () => {
    const path = join(dir, 'changing.csv');
    const original = 'id,date,amount,owner\nt1,2026-01-02,1,a\n';
    const cases: [string, () => void][] = [
      ['grown', () => appendFileSync(path, 't2,2026-01-03,2,a\n')],
      [
        'replaced by another file of the same size',
        () => {
          writeFileSync(join(dir, 'replacement.csv'), original.replace('t1', 't9'));
          renameSync(join(dir, 'replacement.csv'), path);
        },
      ],
    ];
    for (const [name, change] of cases) {
      writeFileSync(path, original);
      const source = new FileSource(path, statSync(path));
      const window = new Uint8Array(8);
      expect(source.read(0, window, 0, 8), name).toBe(8);
      change();
      expect(() => source.read(8, window, 0, 8), name).toThrow(FileChangedError);
    }
  });

  it('reports a workspace whose transactions change before they are read, through calc, with nothing computed', () => {
    const copy = join(dir, 'example-changing');
    cpSync(fileURLToPath(new URL('../../examples/malaysia-2026', import.meta.url)), copy, { recursive: true });
    const files = readWorkspaceFolder(copy);
    appendFileSync(join(copy, 'transactions.csv'), '\n');
    expect(() => calcFromFiles(files, { period: '2026-Q1' })).toThrow(/transactions\.csv: changed while it was being read/);
  });
});
