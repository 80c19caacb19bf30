// Bundle runtime (scripts/bundle.mjs): the packages that the pipeline's stages import are bundled
// apart, one CommonJS file each beside the chunks (dist/cli/vendor-*.cjs), and loaded here instead
// of inside the chunks, so that the ~1.6 MB of package code compiles with its code cache
// (code-cache.ts).

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWithCodeCache, WRITE_CACHE, writeCodeCaches } from './code-cache.js';
import { preferShortRuns } from './short-runs.js';

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
  const module = { exports: {} as unknown };
  compileWithCodeCache(full)(module.exports, require, module, full, path.dirname(full), file.href);
  return module.exports;
}

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
  // A code cache holds what the run that wrote it compiled, so the example build that writes them
  // loads the package, at its end: loading it sets V8's flag (short-runs.ts), which the modules
  // loaded after it would otherwise be compiled under in that run but not in others.
  if (process.env[WRITE_CACHE] === '1') {
    process.once('exit', () => {
      real(undefined);
      writeCodeCaches();
    });
  }
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
