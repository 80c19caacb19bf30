// Bundle runtime (scripts/bundle.mjs): the packages that the pipeline's stages import are bundled
// apart, one CommonJS file each beside the chunks (dist/cli/vendor-*.cjs), and loaded here instead
// of inside the ES-module chunks. Node 20 keeps no compiled code for ES modules between runs, so compiling
// the ~1.6 MB of package code was paid by every build; a CommonJS script can be compiled with V8's
// code cache, which `npm run build` writes next to each file (`<file>.cache`) after an example
// build has run the code. V8 rejects a cache made by another node or with other flags, and the
// script is then compiled from source as before: the cache only ever saves time.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { preferShortRuns } from './short-runs.js';

/** Set by scripts/bundle.mjs for its example build: write each loaded package's code cache at exit. */
const WRITE_CACHE = 'SUMMARIZE_WRITE_CODE_CACHE';

/** Runs a bundled CommonJS file (with its code cache when there is a valid one) and returns its exports. */
export function loadVendor(file: URL): unknown {
  // A code cache is valid only under the V8 flags it was made with, and it is made at the end of a
  // build, after the project check set its flag: set it before the first package compiles, so
  // that every package compiles under the same flags in every run.
  preferShortRuns();
  const full = fileURLToPath(file);
  const require = createRequire(full);
  // --debug: node maps stack positions back through source maps only for files it loads itself.
  if (process.sourceMapsEnabled) return require(full);
  const source = readFileSync(full, 'utf8');
  const cacheFile = `${full}.cache`;
  const cachedData = readCodeCache(cacheFile);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: full, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, full, path.dirname(full));
  if (process.env[WRITE_CACHE] === '1') {
    // At exit, so that the cache holds the functions the run compiled, not only the top level.
    if (toCache.length === 0) process.once('exit', () => toCache.forEach((entry) => writeCodeCache(entry.cacheFile, entry.script.createCachedData())));
    toCache.push({ script, cacheFile });
  }
  return module.exports;
}

const toCache: { script: Script; cacheFile: string }[] = [];

type Callable = (...args: unknown[]) => unknown;

/**
 * A package that a build with no problem in its inputs never calls (yaml: positions inside a broken
 * file; iconv-lite: a log not saved as UTF-8), loaded by the first use of one of its exports.
 * Loading one is a file of hundreds of kilobytes read and its code run, 5–10 ms each in the
 * example's build. Each export is a stand-in that passes every use (a call, `new`, a property,
 * `instanceof`) to the package's own.
 */
export function lazyVendor(file: URL): { exported(name?: string): unknown } {
  let loaded: Record<string, unknown> | undefined;
  const real = (name: string | undefined): Callable => {
    loaded ??= loadVendor(file) as Record<string, unknown>;
    return (name === undefined ? (loaded.__esModule ? loaded.default : loaded) : loaded[name]) as Callable;
  };
  // The code cache holds what the run that wrote it compiled: load now, so that there is one.
  if (process.env[WRITE_CACHE] === '1') real(undefined);
  return {
    exported(name) {
      // A function's stand-in, so that it can be called and constructed; its own `prototype` is
      // never read (the trap gives the package's), so `instanceof` and `extends` work as well.
      const standIn: object = new Proxy(function standIn() {}, {
        get: (_, key) => Reflect.get(real(name), key),
        set: (_, key, value) => Reflect.set(real(name), key, value),
        has: (_, key) => Reflect.has(real(name), key),
        apply: (_, self, args) => Reflect.apply(real(name), self, args),
        construct: (_, args, newTarget) => Reflect.construct(real(name), args, newTarget === standIn ? real(name) : newTarget) as object,
      });
      return standIn;
    },
  };
}

// V8 checks a cache's version, flags and source length, but a release build does not check its
// bytes, and damaged ones crash the process: each file starts with the SHA-256 of the rest.
const DIGEST_BYTES = 32;

export function readCodeCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // not built (an example build failed), or removed: compile from source
  }
  const data = bytes.subarray(DIGEST_BYTES);
  return createHash('sha256').update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

export function writeCodeCache(file: string, data: Buffer): void {
  writeFileSync(file, Buffer.concat([createHash('sha256').update(data).digest(), data]));
}
