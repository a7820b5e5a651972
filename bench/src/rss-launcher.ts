/**
 * Runs a Node command-line script in this very process and, when the process exits, writes its
 * peak resident set size (process.resourceUsage().maxRSS, in KiB) to the file named by the
 * environment variable PRESTASI_BENCH_RSS_FILE:
 *
 *   PRESTASI_BENCH_RSS_FILE=/tmp/rss node bench/dist/rss-launcher.js node_modules/.bin/prestasi calc ...
 *
 * The script sees process.argv as if it had been started directly (argv[1] = its own path).
 * This measures the child's own peak RSS exactly, without GNU time.
 */
import { realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
if (script === undefined) {
  console.error('usage: rss-launcher.js SCRIPT [ARGS...]');
  process.exit(2);
}
const rssFile = process.env['PRESTASI_BENCH_RSS_FILE'];
if (rssFile !== undefined && rssFile !== '') {
  process.on('exit', () => {
    writeFileSync(rssFile, String(process.resourceUsage().maxRSS));
  });
}
const real = realpathSync(script);
process.argv = [process.argv[0] ?? process.execPath, real, ...args];
await import(pathToFileURL(real).href);
