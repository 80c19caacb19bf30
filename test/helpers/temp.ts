// Temporary folders for tests: each is made under the run's temp folder (see
// test/global-temp-folder.ts) and removed after the test file that made it has run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
// Registered when a test file first imports this module, so it runs after that file's tests.
afterAll(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder, removed after the current test file. */
export function temporaryFolder(label: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), `summarize-${label}-`));
  made.push(folder);
  return folder;
}
