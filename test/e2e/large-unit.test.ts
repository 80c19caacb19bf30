// A roll-up whose unit has more events than a function call takes arguments (about 150k here):
// validate/project.ts gathered a unit's events with `push(...events)`, which threw "Maximum call
// stack size exceeded", and a city's roll-up stopped with an internal error and a stack trace.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');

describe('a roll-up unit with 200k events', { timeout: 180_000 }, () => {
  it('is checked like any other', () => {
    const project = path.join(temporaryFolder('large-unit'), 'p');
    const made = spawnSync('node', [path.join(repo, 'scripts/generate-project.mjs'), '--events', '200000', '--units', '1', '--out', project], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const run = spawnSync('node', [path.join(repo, 'bin/summarize.js'), 'validate', '2024', '-C', project, '--no-cache'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^检查通过：\d+ 条活动记录/);
  });
});
