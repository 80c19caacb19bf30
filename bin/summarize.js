#!/usr/bin/env node
// The `summarize` executable (package @gqt/summarize): a shim over the bundled CLI in dist/cli/ (built by `npm ci`/`npm run build`).
// `--version` is answered here, before the CLI and its argument parser load: CI scripts call it
// to log the tool's version, and it should cost no more than starting node.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
} else {
  // V8 hands a function to its optimising compiler (TurboFan) after a fixed amount of work in it.
  // A build of a few hundred events ends within half a second, before most of that compiled code
  // pays off: the compiler threads took 250–300 ms of CPU of the example's 900 (a third), and on
  // 2 busy cores they delay the build itself. Eight times the default budget (67584) leaves the
  // short runs in the interpreter and baseline code, while the loops of a large build still run
  // long enough to be optimised (10k and 100k events were not slower, docs/performance.md).
  setFlagsFromString('--interrupt-budget=540672');
  // --debug prints stacks: node maps bundle positions back to src/ only for modules loaded after
  // source maps are switched on, so that happens here, before the bundle loads. Reading the maps
  // costs time every run would pay, so only --debug does.
  if (args.includes('--debug')) process.setSourceMapsEnabled(true);
  await import('../dist/cli/main.js');
}
