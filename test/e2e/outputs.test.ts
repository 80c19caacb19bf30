// CLI (built to dist/ by `npm test`): where a build writes. One folder per period whatever its
// spelling; temporary files left by a build that was killed midway are cleared by the next one.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

function summarize(args: readonly string[]): { status: number | null; stderr: string } {
  const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stderr: result.stderr };
}

let project: string;
beforeAll(() => {
  project = path.join(temporaryFolder('outputs'), 'project');
  expect(summarize(['init', project, '--year', '2024']).status).toBe(0);
});

describe('output folders', () => {
  it('one folder per period, whatever its spelling', () => {
    for (const spelling of ['2024-q1', '2024Q1', '2024-Q1']) expect(summarize(['build', spelling, '-C', project, '--format', 'md']).status).toBe(0);
    for (const spelling of ['2024-h1', '2024H1']) expect(summarize(['build', spelling, '-C', project, '--format', 'md']).status).toBe(0);
    expect(summarize(['build', '2024-3', '-C', project, '--format', 'md']).status).toBe(0);
    expect(readdirSync(path.join(project, 'out')).sort()).toEqual(['2024-03', '2024-Q1', '2024H1']);
  });
});

describe('temporary files of a killed build', () => {
  it('are cleared by the next build; those of a running process are left alone', () => {
    const out = path.join(project, 'out/2024');
    mkdirSync(out, { recursive: true });
    // A process that has ended: its id is free (and not reused within this test).
    const ended = spawnSync('node', ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(ended.stdout.trim());
    const stale = [`.bulletin.docx.${deadPid}.tmp`, `.figures.json.${deadPid}.tmp`];
    const running = `.bulletin.md.${process.pid}.tmp`;
    for (const name of [...stale, running]) writeFileSync(path.join(out, name), 'half-written');
    // An earlier output moved aside by the killed build, with nothing in its place: put back.
    writeFileSync(path.join(out, `.notes.md.${deadPid}.bak`), 'earlier');
    expect(summarize(['build', '2024', '-C', project, '--format', 'md', '--force']).status).toBe(0);
    for (const name of stale) expect(existsSync(path.join(out, name)), name).toBe(false);
    expect(existsSync(path.join(out, running))).toBe(true);
    expect(existsSync(path.join(out, 'notes.md'))).toBe(true);
    expect(existsSync(path.join(out, `.notes.md.${deadPid}.bak`))).toBe(false);
  });
});
