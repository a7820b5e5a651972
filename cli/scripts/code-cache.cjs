'use strict';
// Build step after the bundle: runs calc, check and diff on the example workspace in every output
// mode, then writes the code cache of all they compiled (see bin/bundle.cjs). A run that fails
// fails the build: the bundle itself would be broken.
const path = require('node:path');
const { loadBundle, writeCodeCache } = require('../bin/bundle.cjs');

const EXAMPLE = path.join(__dirname, '../../examples/malaysia-2026');
const RUNS = [
  ['check', [EXAMPLE]],
  ['calc', [EXAMPLE, '--period', '2026-Q1']],
  ['calc', [EXAMPLE, '--period', '2026', '--explain']],
  ['calc', [EXAMPLE, '--period', '2026-03', '--summary']],
  ['calc', [EXAMPLE, '--period', '2026-Q1', '--format', 'csv']],
  ['diff', [EXAMPLE, EXAMPLE, '--period', '2026-Q1']],
];

const loaded = loadBundle();
let failed = false;
for (const [command, args] of RUNS) {
  const errors = [];
  const code = loaded.exports.workspaceMain(command, args, { out: () => {}, err: (text) => errors.push(text) });
  if (code !== 0) {
    process.stderr.write(`code cache: prestasi ${command} ${args.join(' ')} exited ${code}\n${errors.join('')}`);
    failed = true;
  }
}
if (failed) process.exit(1);
writeCodeCache(loaded);
