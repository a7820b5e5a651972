import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, scratchPaths } from './test-support/run.js';

const LOADER = fileURLToPath(new URL('../bin/bundle.cjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/workspace-main.bundle.cjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/malaysia-2026', import.meta.url));
const scratch = scratchPaths('prestasi-bundle-cache-');
const ARGS = ['calc', EXAMPLE, '--period', '2026', '--explain'];

interface Loaded {
  readonly cache: string;
  readonly code: number;
  readonly out: string;
}

/**
 * Loads a bundle in a fresh Node process (V8 judges a cache against the process's own flags,
 * which a test worker's need not be) and runs ARGS with it; with `write`, writes its cache after.
 */
function loadIn(bundle: string, write = false): Loaded {
  const script = `
    const { loadBundle, writeCodeCache } = require(${JSON.stringify(LOADER)});
    const loaded = loadBundle(${JSON.stringify(bundle)});
    let out = '';
    const [command, ...args] = ${JSON.stringify(ARGS)};
    const code = loaded.exports.workspaceMain(command, args, { out: (t) => (out += t), err: (t) => (out += t) });
    if (${write}) writeCodeCache(loaded, ${JSON.stringify(bundle)});
    process.stdout.write(JSON.stringify({ cache: loaded.cache, code, out }));
  `;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as Loaded;
}

/** A copy of the built bundle, with a copy of its cache when `withCache`. */
function copyOfBundle(withCache: boolean): string {
  const dir = scratch('bundle');
  mkdirSync(dir);
  const copy = join(dir, 'workspace-main.bundle.cjs');
  copyFileSync(BUNDLE, copy);
  if (withCache) copyFileSync(`${BUNDLE}.v8-cache`, `${copy}.v8-cache`);
  return copy;
}

describe('the code cache of the calc and check bundle', () => {
  it('the build writes one that V8 takes, and the output is what the modules print', async () => {
    const loaded = loadIn(BUNDLE);
    const inProcess = await run(ARGS);
    expect(loaded).toEqual({ cache: 'used', code: 0, out: inProcess.out });
  });

  it('a cache written for a bundle is used by the next process', () => {
    const copy = copyOfBundle(false);
    const first = loadIn(copy, true);
    expect(first.cache).toBe('none');
    expect(loadIn(copy)).toEqual({ ...first, cache: 'used' });
  });

  it.each([
    [
      'the bundle rebuilt to the same length',
      (copy: string) => {
        // A changed letter in the usage text: the length V8 compares stays, and a run prints no usage.
        const source = readFileSync(copy, 'utf8');
        expect(source).toContain('PERIOD is YYYY-MM');
        writeFileSync(copy, source.replace('PERIOD is YYYY-MM', 'PERIOD is YYYY-MN'));
      },
    ],
    ['the cache cut short', (copy: string) => truncateSync(`${copy}.v8-cache`, 4096)],
    ['the cache no longer than its digest', (copy: string) => truncateSync(`${copy}.v8-cache`, 32)],
    [
      'a byte of the cache changed',
      (copy: string) => {
        const cache = readFileSync(`${copy}.v8-cache`);
        const middle = cache.length >> 1;
        cache[middle] = cache[middle]! ^ 0xff;
        writeFileSync(`${copy}.v8-cache`, cache);
      },
    ],
  ])('%s: the cache is ignored and the output is the same', async (_name, damage) => {
    const copy = copyOfBundle(true);
    damage(copy);
    const loaded = loadIn(copy);
    expect(loaded).toEqual({ cache: 'stale', code: 0, out: (await run(ARGS)).out });
  });
});
