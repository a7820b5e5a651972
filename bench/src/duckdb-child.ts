/**
 * Runs the DuckDB side of the benchmark in its own process, so that its peak RSS can be
 * measured apart from the benchmark driver's:
 *
 *   node bench/dist/duckdb-child.js WORKSPACE [--threads N] [--payouts]
 *
 * Prints one JSON line on stdout: { payees, total (cents, as a string), seconds, threads,
 * maxRssKb }. With --payouts, prints { payouts: { PAYEE: cents-string } } instead.
 */
import { duckdbPayouts, duckdbTotal } from './duckdb-calc.js';
import type { DuckdbOptions } from './duckdb-calc.js';

const args = process.argv.slice(2);
const dir = args[0];
if (dir === undefined) {
  console.error('usage: duckdb-child.js WORKSPACE [--threads N] [--payouts]');
  process.exit(2);
}
const t = args.indexOf('--threads');
const options: DuckdbOptions = t >= 0 ? { threads: Number(args[t + 1]) } : {};

if (args.includes('--payouts')) {
  const payouts = await duckdbPayouts(dir, options);
  const map: Record<string, string> = {};
  for (const p of payouts) map[p.payee] = p.payoutCents.toString();
  process.stdout.write(`${JSON.stringify({ payouts: map })}\n`);
} else {
  const r = await duckdbTotal(dir, options);
  process.stdout.write(
    `${JSON.stringify({
      payees: r.payees,
      total: r.totalCents.toString(),
      seconds: r.seconds,
      threads: r.threads,
      maxRssKb: process.resourceUsage().maxRSS,
    })}\n`,
  );
}
