// Write stage: outputs reach their final name only when complete. Each file is written to a
// temporary sibling and renamed over the target, so an interrupted or failed build never leaves a
// half-written DOCX and never replaces a good earlier one.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/** Writes all files or, if any write fails, none of them replace what was there. */
export function writeOutputs(files: readonly OutputFile[]): void {
  const staged: { temporary: string; target: string }[] = [];
  try {
    for (const file of files) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      const temporary = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.tmp`);
      staged.push({ temporary, target: file.path });
      writeFileSync(temporary, file.content);
    }
  } catch (error) {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
    throw error;
  }
  for (const { temporary, target } of staged) renameSync(temporary, target);
}
