import { accessSync, constants, readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ByteSource, FileSource } from './byte-source.js';
import { WORKSPACE_FILES } from './paths.js';

/**
 * Reads the files of a workspace folder that the format defines. Throws a `WorkspaceFolderError`
 * when the folder itself is missing. Transaction files are only found here, and read when asked
 * for (see FolderFiles).
 */
export function readWorkspaceFolder(dir: string): FolderFiles {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new WorkspaceFolderError(`${dir}: not a workspace folder`);
  const files = new FolderFiles();
  for (const name of WORKSPACE_FILES) files.add(name, join(dir, name));
  addFolder(dir, 'plans', /\.(ya?ml|json)$/, files);
  addFolder(dir, 'transactions', /\.csv$/, files);
  return files;
}

/** The files of `dir/sub` whose names match, as `sub/name`; none when the folder is missing. */
function addFolder(dir: string, sub: string, names: RegExp, files: FolderFiles): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(join(dir, sub));
  } catch {
    entries = [];
  }
  for (const name of entries.sort()) {
    if (names.test(name)) files.add(`${sub}/${name}`, join(dir, sub, name));
  }
}

/**
 * The files of a workspace folder, as `WorkspaceFiles` for every caller. Transaction files are
 * the large ones (a million deals are 50 MB): they are not read in advance. `loadWorkspace`
 * takes them through `source`, a window at a time, so that `prestasi calc` never holds one
 * whole (first-touched memory is slow on the machines it runs on; see ByteSource); `get` reads
 * one whole, once, for callers that want its bytes (an import into the database).
 */
export class FolderFiles implements ReadonlyMap<string, Uint8Array> {
  private readonly bytes = new Map<string, Uint8Array>();
  private readonly sources = new Map<string, FileSource>();
  /** Paths in the order they were found, as a Map would list them. */
  private readonly paths: string[] = [];

  /** Adds the file at `path` as `name` when it is a readable file (else it is missing, as before). */
  add(name: string, path: string): void {
    let stat: Stats;
    try {
      stat = statSync(path);
      if (!stat.isFile()) return;
      if (!isTransactionFile(name)) {
        this.bytes.set(name, readFileSync(path));
        this.paths.push(name);
        return;
      }
      accessSync(path, constants.R_OK);
    } catch {
      return;
    }
    this.sources.set(name, new FileSource(path, stat));
    this.paths.push(name);
  }

  /** A transaction file to be read a window at a time; `undefined` for other files. */
  source(name: string): ByteSource | undefined {
    return this.bytes.has(name) ? undefined : this.sources.get(name);
  }

  get(name: string): Uint8Array | undefined {
    let bytes = this.bytes.get(name);
    const source = bytes === undefined ? this.sources.get(name) : undefined;
    if (source) {
      bytes = readFileSync(source.path);
      this.bytes.set(name, bytes);
    }
    return bytes;
  }

  has(name: string): boolean {
    return this.bytes.has(name) || this.sources.has(name);
  }

  get size(): number {
    return this.paths.length;
  }

  *keys(): MapIterator<string> {
    yield* this.paths;
  }

  *values(): MapIterator<Uint8Array> {
    for (const name of this.paths) yield this.get(name)!;
  }

  *entries(): MapIterator<[string, Uint8Array]> {
    for (const name of this.paths) yield [name, this.get(name)!];
  }

  [Symbol.iterator](): MapIterator<[string, Uint8Array]> {
    return this.entries();
  }

  forEach(callback: (value: Uint8Array, key: string, map: ReadonlyMap<string, Uint8Array>) => void, thisArg?: unknown): void {
    for (const [name, bytes] of this.entries()) callback.call(thisArg, bytes, name, this);
  }
}

function isTransactionFile(name: string): boolean {
  return name === 'transactions.csv' || name.startsWith('transactions/');
}

export class WorkspaceFolderError extends Error {
  override readonly name = 'WorkspaceFolderError';
}
