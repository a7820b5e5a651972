import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const BUDGET_BYTES = 300 * 1024;

/** The JavaScript the first page load fetches: index.html's module script and its modulepreloads (pages come later, as chunks). */
async function initialScripts(): Promise<string[]> {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map((m) => m[1]!);
  return [...new Set(srcs)];
}

it('keeps the initial JavaScript under 300 KB gzipped', async () => {
  const scripts = await initialScripts();
  expect(scripts.length).toBeGreaterThan(0);
  let total = 0;
  for (const src of scripts) total += gzipSync(await readFile(join(DIST, src.replace(/^\//, '')))).length;
  console.log(`initial JavaScript: ${scripts.length} file(s), ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
  expect(total).toBeLessThan(BUDGET_BYTES);
});
