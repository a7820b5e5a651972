#!/usr/bin/env node
'use strict';
// CommonJS, so that `calc` and `check` start without the ES module loader (see below).

// A reader that stops early (`prestasi calc … | head`) closes the pipe: that ends the output
// as it would for any Unix tool, rather than in an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const args = process.argv.slice(2);
const [command, ...rest] = args;
if (command === 'calc' || command === 'check' || command === 'diff') {
  // Node writes to a pipe asynchronously on POSIX: what the reader has not taken yet is copied
  // and queued in memory, and written after the command returns. `calc --summary` of a million
  // deals piped into another process ended with 6.3 MB of its 7.3 MB still queued, drained for
  // another 45 ms; a run with lines would queue all of its output. Blocking writes, as Node
  // makes them for terminals and files, hand each piece to the reader as it is made, and keep
  // nothing: 956 → 857 ms (medians of 12 interleaved runs). Only these commands: the server's
  // event loop must not wait on a slow log reader.
  process.stdout._handle?.setBlocking?.(true);
  // The commands run most start from one bundled file (see src/workspace-main.ts): about 55 ms
  // sooner than loading the same modules one by one as ES modules, and with its code cache
  // (see bundle.cjs) some 40 ms sooner again.
  const { exports } = require('./bundle.cjs').loadBundle();
  // A run is over in about a second, and for most of it V8's optimizing compiler lags behind:
  // on two cores its background jobs took as much CPU as the run itself (127 compilations, some
  // 0.9 s), while the functions they were for ran unoptimized. Inlining less makes each job
  // smaller: `calc --summary` of a million deals took 1.24 → 1.05 s of CPU and 0.94 → 0.83 s
  // (medians of 15 interleaved runs; 300 gave 0.87 s, 100 no better than 200). Set after the
  // bundle is loaded, as its code cache was made without it (V8 checks flags against it).
  require('node:v8').setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
  // Fresh memory is dear on the VMs this runs on: a page's first touch costs about 11 µs (2.85 ms
  // per MB, `node bench/dist/fresh-memory.js`), and a run of a million deals touched some 120 MB
  // (32,000 page faults, a quarter of its time). V8 grows the young generation from 1 MB to 16 MB
  // as the loaded workspace and the results survive their first collections; each step is new
  // pages, and every survivor is copied once more. Kept at 1 MB, the run makes more, smaller
  // collections in memory already touched: `calc --summary` of a million deals 958 → 862 ms
  // (medians of 12 interleaved runs; load 397 → 364, calc 252 → 216 ms). V8 reads this factor
  // each time it would grow the young generation, so setting it now takes effect; set before
  // the bundle is loaded, it would make V8 reject the bundle's code cache, as the flag above.
  require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
  process.exitCode = exports.workspaceMain(command, rest);
} else {
  import('../dist/main.js').then(async ({ main }) => {
    process.exitCode = await main(args);
  });
}
