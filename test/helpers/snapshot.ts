// Test helper: what "wrote nothing" compares.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every path under a folder with its size and modification time: equal snapshots mean nothing was written or replaced. */
export function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((entry) => {
      const stats = statSync(path.join(dir, entry));
      return `${entry} ${stats.size} ${stats.mtimeMs}`;
    });
}
