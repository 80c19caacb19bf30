// Test helper: the built CLI's `summarize preview` as a child process, and its address once it
// has printed it.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './watch-process.js';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

export interface PreviewProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout(): string;
  stderr(): string;
}

export async function startPreview(root: string, extra: string[] = []): Promise<PreviewProcess> {
  let stdout = '';
  let stderr = '';
  const child = spawn('node', [cli, 'preview', '2024', '-C', root, '--port', '0', ...extra], { env: { ...process.env, NO_COLOR: '1' } });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor(() => stdout, /预览地址 http:\/\/127\.0\.0\.1:\d+\//, 1, 30_000);
  const url = /预览地址 (\S+)/.exec(stdout)![1]!;
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}
