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
  // The commands run most start from one bundled file (see src/workspace-main.ts): about 55 ms
  // sooner than loading the same modules one by one as ES modules, and with its code cache
  // (see bundle.cjs) some 40 ms sooner again.
  process.exitCode = require('./bundle.cjs').loadBundle().exports.workspaceMain(command, rest);
} else {
  import('../dist/main.js').then(async ({ main }) => {
    process.exitCode = await main(args);
  });
}
