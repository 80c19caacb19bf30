// CLI: lines on stdout without process.stdout. Creating that stream for a pipe (CI logs, scripts,
// the bench) loads node's net and stream modules, a few milliseconds of the ~45 that a build with
// nothing changed adds to node's own start, to print three lines. node itself writes to files,
// terminals and (on Linux) pipes synchronously, and elsewhere queues only what a full pipe
// refuses, so a synchronous write to fd 1 after the stream's keeps their order. Windows keeps the
// stream: its console is written as UTF-16 there, and raw UTF-8 bytes would show as mojibake in a
// Chinese code page. A pipe another process left non-blocking that is full (EAGAIN) takes the
// rest through the stream.

import { writeSync } from 'node:fs';

export function printLines(lines: readonly string[]): void {
  if (lines.length === 0) return;
  const text = lines.map((line) => `${line}\n`).join('');
  if (process.platform === 'win32') {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    process.stdout.write(bytes.subarray(written));
  }
}
