'use strict';
// Loads dist/workspace-main.bundle.cjs (calc and check) with V8's code cache for it, written at
// build time by scripts/code-cache.cjs after running the commands on the example workspace:
// the functions those runs compiled start as bytecode instead of being parsed and compiled
// again in every process (`prestasi calc` on the example: about 40 ms of some 250 ms).
//
// V8 checks a cache only against the source's length, so a bundle rebuilt to the same length
// would run stale bytecode. The cache file therefore starts with a SHA-256 of the bundle and
// the cache together; anything that does not match (a rebuilt bundle, a cache cut short) is
// ignored and the bundle compiles as it would without one. V8 may still reject a matching
// cache (another Node version, other V8 flags such as --cpu-prof): that too only costs time.

const { createHash } = require('node:crypto');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE = path.join(__dirname, '../dist/workspace-main.bundle.cjs');
const DIGEST_BYTES = 32;

/** The cache file beside a bundle. */
function cachePathOf(bundlePath) {
  return `${bundlePath}.v8-cache`;
}

function digestOf(source, cache) {
  return createHash('sha256').update(source).update(cache).digest();
}

/**
 * Runs the bundle as CommonJS. `cache` says what became of its code cache: 'used', 'none'
 * (no file), 'stale' (not this bundle's, or damaged) or 'rejected' (by V8).
 */
function loadBundle(bundlePath = BUNDLE) {
  const source = readFileSync(bundlePath);
  let file;
  try {
    file = readFileSync(cachePathOf(bundlePath));
  } catch {
    file = undefined;
  }
  const cachedData = file && file.length > DIGEST_BYTES ? file.subarray(DIGEST_BYTES) : undefined;
  const matches = cachedData !== undefined && digestOf(source, cachedData).equals(file.subarray(0, DIGEST_BYTES));
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: bundlePath, ...(matches ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundlePath), module, bundlePath, path.dirname(bundlePath));
  const cache = file === undefined ? 'none' : !matches ? 'stale' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, cache, script, source };
}

/** Writes the code cache of a loaded bundle, with everything compiled so far (see loadBundle). */
function writeCodeCache(loaded, bundlePath = BUNDLE) {
  const cachedData = loaded.script.createCachedData();
  const target = cachePathOf(bundlePath);
  // Written whole, then renamed into place: a process starting meanwhile sees no cache or all of it.
  writeFileSync(`${target}.tmp`, Buffer.concat([digestOf(loaded.source, cachedData), cachedData]));
  renameSync(`${target}.tmp`, target);
}

module.exports = { BUNDLE, cachePathOf, loadBundle, writeCodeCache };
