// `npm run build` bundles the packages of the pipeline's stages apart (scripts/bundle.mjs) and
// writes each one's V8 code cache after an example build. A failed example build only warns there,
// so this is where a missing cache shows: every package file must have a valid one.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCodeCache } from '../../src/cli/vendor-load.js';

const dist = path.resolve(import.meta.dirname, '../../dist/cli');

describe('the bundled packages', () => {
  it('each have a code cache from the example build', () => {
    const packages = readdirSync(dist).filter((name) => name.startsWith('vendor-') && name.endsWith('.cjs'));
    expect(packages.length, 'run `npm run build`').toBeGreaterThan(0);
    expect(packages.filter((name) => readCodeCache(path.join(dist, `${name}.cache`)) === undefined)).toEqual([]);
  });
});
