// Test helper, preloaded into the real CLI (`node --import`): counts how often each file is read,
// with readFileSync or opened with openSync (load/file-bytes.ts reads so), and prints the counts
// as one JSON line on stderr when the process exits.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** @type {Record<string, number>} */
const counts = {};
/** @param {unknown} file */
const count = (file) => {
  if (typeof file === 'string') counts[file] = (counts[file] ?? 0) + 1;
};
const readFileSync = fs.readFileSync;
const openSync = fs.openSync;
// readFileSync opens some files through openSync: such a read counts once.
let inReadFileSync = false;
fs.readFileSync = /** @type {typeof fs.readFileSync} */ (
  /** @param {Parameters<typeof fs.readFileSync>} args */
  (...args) => {
    count(args[0]);
    inReadFileSync = true;
    try {
      return readFileSync(...args);
    } finally {
      inReadFileSync = false;
    }
  }
);
fs.openSync = /** @type {typeof fs.openSync} */ (
  /** @param {Parameters<typeof fs.openSync>} args */
  (...args) => {
    if (!inReadFileSync) count(args[0]);
    return openSync(...args);
  }
);
// Named imports of node:fs (`import { readFileSync } from 'node:fs'`) see the counted functions too.
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write(`file reads ${JSON.stringify(counts)}\n`));
