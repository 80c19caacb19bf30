// The bundle's package loader (src/cli/vendor-load.ts): a package's CommonJS file runs with node's
// module variables, and its code cache is used only when its bytes are intact (V8 does not check
// them, and damaged ones crash the process).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { readCodeCache, writeCodeCache } from '../../src/cli/code-cache.js';
import { loadVendor } from '../../src/cli/vendor-load.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function packageFile(source: string): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vendor-load-'));
  const file = path.join(dir, 'vendor-sample.cjs');
  writeFileSync(file, source);
  return file;
}

describe('loadVendor', () => {
  it('runs the file as a CommonJS module and returns its exports', () => {
    const file = packageFile("const path = require('node:path');\nexports.twice = (n) => n * 2;\nexports.here = path.basename(__dirname) + '/' + path.basename(__filename);\n");
    const loaded = loadVendor(pathToFileURL(file)) as { twice(n: number): number; here: string };
    expect(loaded.twice(21)).toBe(42);
    expect(loaded.here).toBe(`${path.basename(path.dirname(file))}/vendor-sample.cjs`);
  });

  it('returns what the file assigns to module.exports', () => {
    const file = packageFile('module.exports = function answer() { return 42; };\n');
    expect((loadVendor(pathToFileURL(file)) as () => number)()).toBe(42);
  });
});

describe('the code cache file', () => {
  it('reads back what was written', () => {
    const file = packageFile('exports.x = 1;\n');
    const data = new Script('exports.x = 1;\n').createCachedData();
    writeCodeCache(`${file}.cache`, data);
    expect(readCodeCache(`${file}.cache`)?.equals(data)).toBe(true);
  });

  it('is not used when a byte of it changed, or when it is cut short', () => {
    const file = packageFile('exports.x = 1;\n');
    const cacheFile = `${file}.cache`;
    writeCodeCache(cacheFile, new Script('exports.x = 1;\n').createCachedData());
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 3] ^= 0x5a;
    writeFileSync(cacheFile, bytes);
    expect(readCodeCache(cacheFile)).toBeUndefined();
    writeFileSync(cacheFile, bytes.subarray(0, 40));
    expect(readCodeCache(cacheFile)).toBeUndefined();
  });

  it('is not needed: without one, the file is compiled from source', () => {
    const file = packageFile('exports.x = 1;\n');
    expect(readCodeCache(`${file}.cache`)).toBeUndefined();
    expect((loadVendor(pathToFileURL(file)) as { x: number }).x).toBe(1);
  });
});
