import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

/** The browser app's build (web/dist), beside this package in the repository. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The browser app, answering what no API route did: a file of the build when the path names
 * one, else index.html so the app's own router reads the path (/statement, /team/aisyah…).
 * /api/* stays the API's 404, and so does a missing file under /assets/ (a stale chunk should
 * fail loudly, not load the page as JavaScript). Undefined when it does not answer.
 *
 * Vite names files under /assets/ by their content's hash, so they may be cached for good; the
 * page itself keeps the default no-store, so a new build is picked up on the next load.
 */
export function webApp(root: string = DEFAULT_WEB_ROOT): (c: Context) => Promise<Response | undefined> {
  const base = resolve(root);
  return async (c) => {
    const method = c.req.method;
    const path = c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || path === '/api' || path.startsWith('/api/')) return undefined;
    let file: string;
    try {
      file = resolve(base, `.${decodeURIComponent(path)}`);
    } catch {
      return undefined;
    }
    if (file !== base && !file.startsWith(base + sep)) return undefined;
    const found = await fileAt(file);
    if (found) return respond(c, file, found, path.startsWith('/assets/'));
    if (path.startsWith('/assets/')) return undefined;
    const index = resolve(base, 'index.html');
    const page = await fileAt(index);
    return page && respond(c, index, page, false);
  };
}

async function fileAt(path: string): Promise<Buffer | undefined> {
  const s = await stat(path).catch(() => undefined);
  return s?.isFile() ? readFile(path) : undefined;
}

function respond(c: Context, path: string, body: Buffer, immutable: boolean): Response {
  const headers: Record<string, string> = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' };
  if (immutable) headers['cache-control'] = 'public, max-age=31536000, immutable';
  return c.req.method === 'HEAD' ? c.body(null, 200, headers) : c.body(new Uint8Array(body), 200, headers);
}
