// Test helper, preloaded into the real CLI (`node --import`): counts how often each file is read
// with readFileSync, and prints the counts as one JSON line on stderr when the process exits.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** @type {Record<string, number>} */
const counts = {};
const readFileSync = fs.readFileSync;
fs.readFileSync = /** @type {typeof fs.readFileSync} */ (
  /** @param {Parameters<typeof fs.readFileSync>} args */
  (...args) => {
    if (typeof args[0] === 'string') counts[args[0]] = (counts[args[0]] ?? 0) + 1;
    return readFileSync(...args);
  }
);
// Named imports of node:fs (`import { readFileSync } from 'node:fs'`) see the counted function too.
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write(`file reads ${JSON.stringify(counts)}\n`));
