// CLI start (bin/summarize.js requires the bundle's dist/cli/start.cjs): runs the CLI from the CommonJS
// copies of its modules that scripts/bundle.mjs writes beside the ES-module chunks (main.cjs,
// chunk-*.cjs), each compiled with its code cache (code-cache.ts). Node 20 compiles every ES
// module from source in every run; with the caches the example build takes 40–50 ms less
// (docs/performance.md, session 15).
// A copy is the chunk as esbuild made it, turned into CommonJS by esbuild: `import.meta.url` is
// the chunk's own address, so every path the code finds from it is the same, and the chunks
// require each other through `load` below. --debug runs the ES modules (bin/summarize.js), whose
// stack positions node maps back to src/.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileWithCodeCache } from './code-cache.js';

const args = process.argv.slice(2);
// Help needs no cache, whose check loads node:crypto and with it node's stream modules
// (test/e2e/startup-modules.test.ts).
const helpOnly = args.includes('--help') || args.includes('-h') || args[0] === 'help';

const folder = path.dirname(fileURLToPath(import.meta.url));
// This module is built as CommonJS alone (scripts/bundle.mjs: start.cjs), and has node's `require`:
// createRequire would load node:module, and with it part of node's ES-module loader.
const nodeRequire = require;
const modules = new Map<string, { exports: unknown }>();

/** The exports of chunk `name` (`main.js`, `chunk-….js`: the ES module's name), run once. */
function load(name: string): unknown {
  let module = modules.get(name);
  if (module) return module.exports;
  module = { exports: {} };
  // Set before it runs, as node does, so that chunks that import each other get the exports so far.
  modules.set(name, module);
  const file = path.join(folder, name.replace(/\.js$/, '.cjs'));
  compileWithCodeCache(file, !helpOnly)(module.exports, requireChunk, module, file, folder, pathToFileURL(path.join(folder, name)).href);
  return module.exports;
}

/** What a copy's `require` gives: another chunk's copy, or one of node's built-ins. */
function requireChunk(specifier: string): unknown {
  return specifier.startsWith('./') ? load(specifier.slice(2)) : nodeRequire(specifier);
}

load('main.js');
