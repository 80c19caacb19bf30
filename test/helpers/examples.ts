// Tests that build an example work on a copy of it. The copy leaves out what a developer's own
// `npm run example` left in the example (its out/ folders and the checked-logs cache), so a test
// starts from the sources alone whatever was run in the checkout before.

import { cpSync } from 'node:fs';
import path from 'node:path';
import { CACHE_FOLDER } from '../../src/cache/checked-logs.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const buildProducts = new Set(['out', CACHE_FOLDER]);

/** Copies examples/<name> to `to` without its build products; returns `to`. */
export function copyExample(name: 'shangjie' | 'zhengzhou', to: string): string {
  const from = path.join(examples, name);
  cpSync(from, to, {
    recursive: true,
    filter: (source) => !path.relative(from, source).split(path.sep).some((segment) => buildProducts.has(segment)),
  });
  return to;
}
