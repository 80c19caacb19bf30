#!/usr/bin/env node
// The `summarize` executable (package @gqt/summarize): a shim over the bundled CLI in dist/cli/ (built by `npm ci`/`npm run build`).
// `--version` is answered here, before the CLI and its argument parser load: CI scripts call it
// to log the tool's version, and it should cost no more than starting node.
//
// A CommonJS file (bin/package.json says so), as is dist/cli/start.cjs, which it runs: node starts
// its ES-module loader for an ES-module entry, 8 ms of every run (hyperfine: an empty .mjs against
// an empty .cjs), --version and a build with nothing changed included.
'use strict';

const { fstatSync, readFileSync, writeSync } = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  writeStdout(Buffer.from(`${JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')).version}\n`));
} else if (!(args.length === 1 && (args[0] === '--help' || args[0] === '-h') && printedHelp())) {
  // --debug prints stacks: node maps bundle positions back to src/ only for modules it loads itself
  // after source maps are switched on, so that happens here, and the ES modules run. Reading the
  // maps costs time every run would pay, so only --debug does; other runs start from the modules'
  // CommonJS copies and their code caches (src/cli/start.ts).
  if (args.includes('--debug')) {
    process.setSourceMapsEnabled(true);
    void import('../dist/cli/main.js');
  } else {
    require('../dist/cli/start.cjs');
  }
}

/**
 * `summarize --help` as scripts/bundle.mjs had the CLI print it into dist/cli/help.txt: setting up
 * commander's commands costs a quarter of node's own start. commander wraps the text at the
 * terminal's width, and at 80 columns when stdout is a pipe, file or socket, which is the text
 * saved (src/cli/print-lines.ts, stdoutMayBeTerminal); anything else (a terminal, /dev/null), a
 * missing file or Windows (whose console printText writes through the stream) goes the long way,
 * which prints the same.
 */
function printedHelp() {
  if (process.platform === 'win32') return false;
  let bytes;
  try {
    const stats = fstatSync(1);
    if (!(stats.isFIFO() || stats.isFile() || stats.isSocket())) return false;
    bytes = readFileSync(path.join(__dirname, '../dist/cli/help.txt'));
  } catch {
    return false;
  }
  writeStdout(bytes);
  return true;
}

/**
 * As printText (src/cli/print-lines.ts, in the bundle this shim does not load) writes: with
 * writeSync, and what fd 1 refuses (a full pipe left non-blocking, a closed stdout) through the stream.
 */
function writeStdout(bytes) {
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch {
    process.stdout.write(bytes.subarray(written));
  }
}
