// CLI: `summarize --help` with stdout not a terminal is printed by the bin shim from
// dist/cli/help.txt, saved by scripts/bundle.mjs, without commander. It must be the very text
// commander prints, and end as commander's does (exit 0, nothing on stderr).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const shim = path.join(root, 'bin', 'summarize.js');
const main = path.join(root, 'dist', 'cli', 'main.js');

const run = (file: string, args: readonly string[]) => spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('summarize --help from the saved text', () => {
  it('the build saved the text', () => {
    expect(existsSync(path.join(root, 'dist', 'cli', 'help.txt'))).toBe(true);
  });

  it.each([['--help'], ['-h']])('%s prints what commander prints', (flag) => {
    const fromCommander = run(main, [flag]);
    const fromShim = run(shim, [flag]);
    expect(fromCommander.status).toBe(0);
    expect(fromCommander.stdout).toMatch(/^用法：summarize /);
    expect({ status: fromShim.status, stdout: fromShim.stdout, stderr: fromShim.stderr }).toEqual({ status: 0, stdout: fromCommander.stdout, stderr: fromCommander.stderr });
  });
});
