// CLI: a progress line for a slow step (LibreOffice making a PDF takes seconds), so a person at a
// terminal sees that something is happening and for how long. It writes only to a terminal:
// redirected output, CI logs and `--reporter json` stay exactly as they were.

import { performance } from 'node:perf_hooks';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 100;

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Runs `step` while a spinner with the elapsed time runs on `stream` (when it is a terminal). */
export async function withProgress<T>(label: string, step: () => Promise<T>, options: { stream?: ProgressStream; quiet?: boolean } = {}): Promise<T> {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || !stream.isTTY) return step();
  const start = performance.now();
  let frame = 0;
  const draw = () => {
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    // \r and erase-line: the line is redrawn in place, and left empty when the step ends.
    stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}… ${seconds} s`);
  };
  draw();
  const timer = setInterval(draw, FRAME_MS);
  try {
    return await step();
  } finally {
    clearInterval(timer);
    stream.write('\r\x1b[2K');
  }
}
