// Test helper, preloaded into the real CLI (`node --import`): counts how often each summarize.yaml
// is read, and prints the counts as one JSON line on stderr when the process exits.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** @type {Record<string, number>} */
const counts = {};
const readFileSync = fs.readFileSync;
fs.readFileSync = /** @type {typeof fs.readFileSync} */ (
  /** @param {Parameters<typeof fs.readFileSync>} args */
  (...args) => {
    const file = String(args[0]);
    if (file.endsWith('summarize.yaml')) counts[file] = (counts[file] ?? 0) + 1;
    return readFileSync(...args);
  }
);
// Named imports of node:fs (`import { readFileSync } from 'node:fs'`) see the counted function too.
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write(`summarize.yaml reads ${JSON.stringify(counts)}\n`));
