// Bundle runtime (scripts/bundle.mjs): the bundle's CommonJS files, the packages' (vendor-load.ts) and
// our own modules' copies (start.ts), are compiled with the V8 code cache that `npm run build` writes
// next to each file (`<file>.cache`) after an example build has run the code. Node 20 keeps no
// compiled code between runs for ES modules, or for CommonJS files it loads itself, so without a
// cache every build would compile what it runs again. V8 rejects a cache made by another node or
// under other flags, and the script is then compiled from source: the cache only ever saves time.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';

/** Set by scripts/bundle.mjs for its example build: write each loaded file's code cache at exit. */
export const WRITE_CACHE = 'SUMMARIZE_WRITE_CODE_CACHE';

/** What a CommonJS file's code runs with: node's module variables, and for our modules' copies the address of the ES module it copies. */
export type ModuleFunction = (exports: unknown, require: (specifier: string) => unknown, module: { exports: unknown }, filename: string, dirname: string, importMetaUrl: string) => void;

/** The text V8 compiles for a CommonJS file (a code cache is valid only for the text it was made from). */
export function moduleFunctionSource(code: string): string {
  return `(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${code}\n})`;
}

/**
 * The caches still to be written in a run that writes them: held on the global object, as the
 * bundle has two copies of this module (start.cjs's and the chunks') and a cache must be written
 * under the flags its file was compiled with (writeCodeCaches).
 */
const CACHES_TO_WRITE = Symbol.for('summarize.codeCachesToWrite');
const shared = globalThis as { [CACHES_TO_WRITE]?: { script: Script; cacheFile: string }[] };
const cachesToWrite = (shared[CACHES_TO_WRITE] ??= []);

/** The CommonJS file's code as a function, compiled with its code cache unless `useCache` is false. */
export function compileWithCodeCache(file: string, useCache = true): ModuleFunction {
  const cacheFile = `${file}.cache`;
  const script = new Script(moduleFunctionSource(readFileSync(file, 'utf8')), { filename: file, cachedData: useCache ? readCodeCache(cacheFile) : undefined });
  if (process.env[WRITE_CACHE] === '1') cachesToWrite.push({ script, cacheFile });
  return script.runInThisContext() as ModuleFunction;
}

/**
 * Writes the caches of the files compiled so far in a run that writes them: at exit, so that each
 * holds the functions the run compiled, not only the top level; and before V8's flags change
 * (short-runs.ts), since V8 accepts a cache only under the flags it was made with, which are those
 * the file was compiled under in every run: the modules a build with nothing changed runs are
 * compiled before the flag is set, the rest after.
 */
export function writeCodeCaches(): void {
  for (const { script, cacheFile } of cachesToWrite.splice(0)) writeCodeCache(cacheFile, script.createCachedData());
}
if (process.env[WRITE_CACHE] === '1') process.once('exit', writeCodeCaches);

// V8 checks a cache's version, flags and source length, but a release build does not check its
// bytes, and damaged ones crash the process: each file starts with the SHA-256 of the rest.
const DIGEST_BYTES = 32;

export function readCodeCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // not built (an example build failed, or the run never loaded the file), or removed: compile from source
  }
  const data = bytes.subarray(DIGEST_BYTES);
  return createHash('sha256').update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

export function writeCodeCache(file: string, data: Buffer): void {
  writeFileSync(file, Buffer.concat([createHash('sha256').update(data).digest(), data]));
}
