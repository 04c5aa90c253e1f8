/**
 * The TypeScript loader of our runners (`node -r ./scripts/register-ts.js scripts/start.ts`):
 * sucrase strips the types of each `.ts` file as Node requires it and turns its imports into
 * CommonJS (with esModuleInterop's default-import semantics), file by file, as `isolatedModules`
 * in tsconfig.json guarantees is safe. It replaces `ts-node --transpile-only`, which loaded the
 * whole TypeScript compiler only to do the same. Nothing is type-checked here; `npm run
 * type-check` and CI do that.
 *
 * Each file's JavaScript is kept in node_modules/.cache/graph-bitbucket-ts/ under a hash of
 * its path and source and of sucrase's version and options, so a changed file is never served
 * stale; when every file is there, sucrase is not even loaded and a run starts as fast as from
 * precompiled JavaScript. A cache that cannot be read or written only costs the transform.
 *
 * Plain JavaScript because it is what makes TypeScript loadable; sucrase and pirates are pure
 * JavaScript (no native binary, no install script), so a fresh `npm ci` is all it needs.
 */
/* global __dirname */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { addHook } = require('pirates');

const OPTIONS = {
  transforms: ['typescript', 'imports'],
  // Keep class fields, `?.` and `??` as Node 20 runs them natively: what tsc emits for our
  // es2022 target (class fields with define semantics), rather than sucrase's rewrites.
  disableESTransforms: true,
};
// GRAPH_BITBUCKET_TS_CACHE moves it (the start-up benchmark times a first run with an empty one).
const CACHE =
  process.env.GRAPH_BITBUCKET_TS_CACHE ||
  path.join(__dirname, '..', 'node_modules', '.cache', 'graph-bitbucket-ts');
// Old entries are only garbage (keys never repeat for changed sources): start over past this.
const MAX_ENTRIES = 5000;
const ENTRY = /^[0-9a-f]{40}\.js$/;
// What `store` writes before its rename; a process killed in between leaves one behind.
const PARTIAL = /^[0-9a-f]{40}\.js\.\d+\.tmp$/;
// Younger ones may belong to a run writing right now.
const STALE_PARTIAL_MS = 60_000;
const VERSION = JSON.stringify([
  require('sucrase/package.json').version,
  OPTIONS,
]);

let transform;
/** Whether this process has made the folder and counted its entries (once, at its first miss). */
let checked = false;

function cacheFile(filename, code) {
  const hash = crypto
    .createHash('sha256')
    .update(VERSION)
    .update('\0')
    .update(filename)
    .update('\0')
    .update(code)
    .digest('hex');
  return path.join(CACHE, `${hash.slice(0, 40)}.js`);
}

function removeStalePartials(partials) {
  const now = Date.now();
  for (const name of partials) {
    const full = path.join(CACHE, name);
    try {
      if (now - fs.statSync(full).mtimeMs > STALE_PARTIAL_MS)
        fs.rmSync(full, { force: true });
    } catch {
      // Renamed or removed by its own run meanwhile.
    }
  }
}

function store(file, output) {
  try {
    if (!checked) {
      checked = true;
      fs.mkdirSync(CACHE, { recursive: true });
      const names = fs.readdirSync(CACHE);
      const entries = names.filter((f) => ENTRY.test(f));
      // Only our own entries, whatever else someone keeps in that folder.
      if (entries.length > MAX_ENTRIES)
        for (const entry of entries)
          fs.rmSync(path.join(CACHE, entry), { force: true });
      removeStalePartials(names.filter((f) => PARTIAL.test(f)));
    }
    // Written aside and renamed, so a concurrent run never reads half a file.
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, file);
  } catch {
    // A read-only or full disk: the next run transforms this file again.
  }
}

addHook(
  (code, filename) => {
    const file = cacheFile(filename, code);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      // Not cached yet (or unreadable): transform it.
    }
    transform ??= require('sucrase').transform;
    const output = transform(code, { ...OPTIONS, filePath: filename }).code;
    store(file, output);
    return output;
  },
  { exts: ['.ts'] },
);
