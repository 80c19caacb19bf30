// Test helper: the built CLI in watch mode as a child process, with its output collected, and a
// wait for a line to have appeared a number of times.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

export interface WatchProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
}

/**
 * `summarize build 2024 -C <root> --format md --watch` (another format and more environment if
 * given); the caller kills it (afterEach), with SIGINT when it converts PDFs, so that it stops the
 * LibreOffice it keeps running.
 */
export function startWatch(root: string, options: { format?: string; env?: NodeJS.ProcessEnv } = {}): WatchProcess {
  let stdout = '';
  let stderr = '';
  const args = [cli, 'build', '2024', '-C', root, '--format', options.format ?? 'md', '--watch'];
  const child = spawn('node', args, { env: { ...process.env, NO_COLOR: '1', ...options.env } });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves when `pattern` has matched `count` times in the text seen so far. */
export function waitFor(stream: () => string, pattern: RegExp, count: number, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if ((stream().match(new RegExp(pattern.source, 'g')) ?? []).length >= count) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${count}× ${pattern}; output so far:\n${stream()}`));
      }
    }, 25);
  });
}
