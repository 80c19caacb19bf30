#!/usr/bin/env node
// The `summarize` executable (package @gqt/summarize): a shim over the bundled CLI in dist/cli/ (built by `npm ci`/`npm run build`).
// `--version` is answered here, before the CLI and its argument parser load: CI scripts call it
// to log the tool's version, and it should cost no more than starting node.
import { createRequire } from 'node:module';

// Required, not imported: an import of node:fs builds a facade that reads all of fs's exports and
// so loads its stream modules (see builtinsAsRequire in scripts/bundle.mjs); console.log would load
// them too, making process.stdout. A full pipe left non-blocking refuses the write: then the stream.
const { readFileSync, writeSync } = createRequire(import.meta.url)('node:fs');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const version = `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`;
  try {
    writeSync(1, version);
  } catch {
    process.stdout.write(version);
  }
} else {
  // --debug prints stacks: node maps bundle positions back to src/ only for modules loaded after
  // source maps are switched on, so that happens here, before the bundle loads. Reading the maps
  // costs time every run would pay, so only --debug does.
  if (args.includes('--debug')) process.setSourceMapsEnabled(true);
  await import('../dist/cli/main.js');
}
