// CLI (built to dist/ by `npm test`): `summarize build --watch` started through a wrapper. sh, like
// `npm run` and `npx` (which start scripts through sh), does not pass SIGTERM on to the watch; the
// watch must end on its own when the wrapper is gone, and end promptly on its own signals.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/watch-process.js';
import { temporaryFolder } from '../helpers/temp.js';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

const started: ChildProcess[] = [];
const watchPids: number[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const pid of watchPids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** Running: a zombie (exited, not yet reaped by the init process that adopted it) is not. */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync(stat)) return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A minimal project, then `sh -c 'summarize build 2024 --watch & echo $!; wait'`. */
function watchThroughShell(): { shell: ChildProcess; output: () => string } {
  const root = temporaryFolder('watch-wrapper');
  writeFileSync(
    path.join(root, 'summarize.yaml'),
    'organisation: {name: 共青团某区委, short: 团区委}\nbulletin: {name: 某区信息, office: 中共某区委办公室, issue: 1, date: 2025-01-10}\ndocument: {title: 团区委工作}\nmetrics: []\nsections: []\n',
  );
  const command = `node ${JSON.stringify(cli)} build 2024 -C ${JSON.stringify(root)} --format md --watch & echo "pid=$!"; wait`;
  const shell = spawn('sh', ['-c', command], { env: { ...process.env, NO_COLOR: '1' } });
  started.push(shell);
  let output = '';
  shell.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  shell.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { shell, output: () => output };
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < withinMs; await new Promise((r) => setTimeout(r, 50))) {
    if (!alive(pid)) return true;
  }
  return false;
}

describe('summarize build --watch through a wrapper', () => {
  it('ends within two seconds when the shell that started it is killed with SIGTERM', async () => {
    const { shell, output } = watchThroughShell();
    await waitFor(output, /正在监视/, 1);
    const pid = Number(/pid=(\d+)/.exec(output())![1]);
    watchPids.push(pid);
    shell.kill('SIGTERM');
    expect(await gone(pid, 2000)).toBe(true);
  }, 30_000);

  it('ends promptly on SIGTERM or SIGINT sent to the watch itself', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const { output } = watchThroughShell();
      await waitFor(output, /正在监视/, 1);
      const pid = Number(/pid=(\d+)/.exec(output())![1]);
      watchPids.push(pid);
      process.kill(pid, signal);
      expect(await gone(pid, 1000)).toBe(true);
    }
  }, 30_000);
});
