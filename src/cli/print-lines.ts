// CLI: lines on stdout without process.stdout. Creating that stream for a pipe (CI logs, scripts,
// the bench) loads node's net and stream modules, a few milliseconds of the ~45 that a build with
// nothing changed adds to node's own start, to print three lines. Only for output that nothing
// before it sent through the stream: node writes files and terminals synchronously, but a pipe
// asynchronously, so what a full pipe refused may still be queued there. Windows keeps the
// stream: its console is written as UTF-16 there, and raw UTF-8 bytes would show as mojibake in
// a Chinese code page. Whatever fd 1 refuses (a full pipe another process left non-blocking, a
// closed stdout) goes through the stream, which handles it as it always did.

import { fstatSync, writeSync } from 'node:fs';

export function printLines(lines: readonly string[]): void {
  if (lines.length === 0) return;
  printText(lines.map((line) => `${line}\n`).join(''));
}

/** Text on stdout, as printLines writes it (commander's help screens). */
export function printText(text: string): void {
  if (process.platform === 'win32') {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch {
    process.stdout.write(bytes.subarray(written));
  }
}

/**
 * False when stdout is a pipe, a file or a socket, which no terminal is: said without making
 * process.stdout. True for a character device, a terminal or not (/dev/null): ask process.stdout.
 */
export function stdoutMayBeTerminal(): boolean {
  try {
    const stats = fstatSync(1);
    return !(stats.isFIFO() || stats.isFile() || stats.isSocket());
  } catch {
    return true;
  }
}
