// `npm run bench` (scripts/bench.mjs): the least a process doing a target's job must spend, measured
// in the same rounds as the target, so that docs/performance.md shows how far each target lies
// above what no change to our own code can remove.
//
//   node scripts/bench-floors.cjs packages <dist/cli folder>
//       Starts node and loads the packages the example's md,docx build runs (docx, handlebars,
//       markdown-it and its two plugins, js-yaml, fflate, csv-parse) as the CLI loads them: the
//       bundle's vendor files, each compiled with its V8 code cache under the flag the CLI sets
//       first (src/cli/short-runs.ts). Nothing else is run: no file of a project is read.
//   node scripts/bench-floors.cjs copy <figures.json> <to>
//       Copies a figures.json as a rebuild that changed nothing in it must at least write it: read
//       4 MB at a time with a CRC-32 of each read (the kept runs are checked, src/cache/figure-lines.ts),
//       written through to a temporary file renamed into place, and its sha256 taken (the build record's).
//
// CommonJS, as bin/summarize.js is, so that node starts no ES-module loader for it. The loader is
// not the bundle's (src/cli/vendor-load.ts), which sits inside a chunk whose name changes with
// every build; it compiles the same text (code-cache.ts moduleFunctionSource) with the same cache
// file, and says so when V8 rejects a cache, which would make the floor too high.
'use strict';

const { closeSync, openSync, readFileSync, readSync, renameSync, writeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');
const { crc32 } = require('node:zlib');

/** The packages the example's md,docx build loads (its --cpu-prof lists their vendor files). */
const EXAMPLE_PACKAGES = ['docx', 'handlebars', 'markdown-it', 'markdown-it-cjk-friendly', 'markdown-it-container', 'js-yaml', 'fflate', 'csv-parse/sync'];
/** src/cli/short-runs.ts: the caches are made under it. */
const CLI_V8_FLAG = '--interrupt-budget=540672';
const DIGEST_BYTES = 32;

function loadPackages(folder) {
  setFlagsFromString(CLI_V8_FLAG);
  for (const spec of EXAMPLE_PACKAGES) {
    const file = path.join(folder, `vendor-${spec.replace(/[^a-z0-9]+/gi, '-')}.cjs`);
    const script = new Script(`(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData: codeCache(`${file}.cache`) });
    if (script.cachedDataRejected !== false) throw new Error(`${file}: its code cache is missing or was rejected; run npm run build`);
    const module = { exports: {} };
    script.runInThisContext()(module.exports, require, module, file, folder, pathToFileURL(file).href);
  }
}

/** code-cache.ts's file: the sha256 of the cache, then the cache. */
function codeCache(file) {
  const bytes = readFileSync(file);
  const data = bytes.subarray(DIGEST_BYTES);
  return createHash('sha256').update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

function copy(from, to) {
  const window = Buffer.allocUnsafe(4 << 20);
  const hash = createHash('sha256');
  const input = openSync(from, 'r');
  const output = openSync(`${to}.tmp`, 'w');
  let crc = 0;
  for (let read; (read = readSync(input, window, 0, window.length, null)) > 0; ) {
    const bytes = window.subarray(0, read);
    crc = crc32(bytes, crc);
    hash.update(bytes);
    writeSync(output, bytes);
  }
  closeSync(input);
  closeSync(output);
  renameSync(`${to}.tmp`, to);
  // Printed, so that neither the CRC nor the hash is work left undone.
  process.stdout.write(`${hash.digest('hex')} ${crc}\n`);
}

const [what, ...args] = process.argv.slice(2);
if (what === 'packages' && args.length === 1) loadPackages(args[0]);
else if (what === 'copy' && args.length === 2) copy(args[0], args[1]);
else {
  process.stderr.write('usage: bench-floors.cjs packages <dist/cli folder> | copy <figures.json> <to>\n');
  process.exitCode = 2;
}
