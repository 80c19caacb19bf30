// CLI (built to dist/ by `npm test`): `--help` and `--version` load none of node's stream modules
// when stdout is a pipe (CI logs, scripts). They cost ~3 ms of a start that should cost little more
// than node's own, and come back with one `import … from 'node:fs'` (whose module facade reads
// fs.ReadStream) or one write through process.stdout (see scripts/bundle.mjs, cli/print-lines.ts).
// Nor do they start node's ES-module loader (bin/summarize.js is CommonJS).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

/** The built-in modules node loaded to run `node <script> <args>`, and what it printed. */
function modulesLoaded(script: string, args: readonly string[] = []): { modules: string[]; stdout: string } {
  const dir = temporaryFolder('startup');
  const preload = path.join(dir, 'record-modules.cjs');
  const list = path.join(dir, 'modules.txt');
  // CommonJS, as bin/summarize.js is: an ES-module preload would start node's ES-module loader.
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
  const result = spawnSync(process.execPath, ['--require', preload, script, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(result.status, result.stderr).toBe(0);
  return { modules: readFileSync(list, 'utf8').split('\n'), stdout: result.stdout };
}

describe('starting the CLI', () => {
  it.each([['--help'], ['build', '--help'], ['--version']].map((args) => [args.join(' '), args] as const))('summarize %s loads no stream module when stdout is a pipe', (_, args) => {
    const empty = path.join(temporaryFolder('startup'), 'empty.cjs');
    writeFileSync(empty, '');
    const nodeAlone = new Set(modulesLoaded(empty).modules);
    const { modules, stdout } = modulesLoaded(cli, args);
    expect(stdout.length).toBeGreaterThan(0);
    const added = modules.filter((name) => !nodeAlone.has(name));
    expect(added.filter((name) => /^NativeModule (stream|internal\/streams\/|internal\/fs\/(promises|streams)|net)\b/.test(name))).toEqual([]);
    // Nor node's ES-module loader, which an ES-module entry starts (bin/summarize.js).
    expect(added.filter((name) => /^NativeModule internal\/modules\/esm\/(loader|module_job|translators)\b/.test(name))).toEqual([]);
  });
});
