// --reporter json is read by CI scripts: stdout must be JSON whatever went wrong.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

describe('--reporter json', () => {
  it('prints a missing project as one JSON entry without a position, exit code 2', () => {
    const result = spawnSync('node', [cli, 'validate', '2024', '-C', '/nonexistent-project', '--reporter', 'json'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    const entries = JSON.parse(result.stdout) as { severity: string; code: string; message: string }[];
    expect(entries).toEqual([expect.objectContaining({ severity: 'error', code: 'environment' })]);
    expect(entries[0]!.message).toContain('/nonexistent-project');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    ['build', '2024', '--format', 'xyz'],
    ['build', '--kind', 'annual'],
    ['validate', '2024', '--bogus'],
  ])('prints a usage error as the command’s JSON too: %s …', (...args) => {
    const result = spawnSync('node', [cli, ...args, '--reporter', 'json'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    const parsed = JSON.parse(result.stdout) as unknown;
    const entries = args[0] === 'build' ? (parsed as { written: string[]; diagnostics: unknown[] }).diagnostics : parsed;
    if (args[0] === 'build') expect((parsed as { written: string[] }).written).toEqual([]);
    expect(entries).toEqual([expect.objectContaining({ severity: 'error', code: 'usage', hint: `用 summarize ${args[0]} --help 查看用法` })]);
    expect(result.stderr).toContain('错误：');
  });
});
