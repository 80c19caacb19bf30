// Watch: the first build runs with the project's folders already watched, so that a log saved while
// it runs is rebuilt after it, never during it; a first build that fails stops the watching.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startedOrClosed, watchProjectInputs, type ProjectWatcher } from '../../src/watch/project-watcher.js';
import { temporaryFolder } from '../helpers/temp.js';

let watcher: ProjectWatcher | undefined;
afterEach(() => {
  watcher?.close();
  watcher = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function project(): { root: string; log: string } {
  const root = temporaryFolder('watcher');
  mkdirSync(path.join(root, 'activities/2024'), { recursive: true });
  const log = path.join(root, 'activities/2024/q1.yaml');
  writeFileSync(log, '- date: 2024-01-05\n');
  return { root, log };
}

describe('watchProjectInputs', () => {
  it('rebuilds once after the first build for a log saved while it ran, and not during it', async () => {
    const { root, log } = project();
    const events: string[] = [];
    let rebuilt!: () => void;
    const rebuiltOnce = new Promise<void>((resolve) => (rebuilt = resolve));
    watcher = watchProjectInputs(root, {
      debounceMs: 20,
      first: async () => {
        events.push('first starts');
        writeFileSync(log, '- date: 2024-01-06\n');
        // Longer than the debounce: the change is noticed while the first build still runs.
        await pause(300);
        events.push('first ends');
      },
      rebuild: async (changed) => {
        events.push(`rebuild ${changed.map((file) => path.relative(root, file)).join(' ')}`);
        rebuilt();
      },
    });
    await watcher.started;
    await rebuiltOnce;
    await pause(100);
    expect(events).toEqual(['first starts', 'first ends', `rebuild ${path.join('activities', '2024', 'q1.yaml')}`]);
  });

  it('stops watching when the first build fails', async () => {
    const { root } = project();
    watcher = watchProjectInputs(root, {
      first: () => Promise.reject(new Error('端口 4173 已被占用')),
      rebuild: () => Promise.resolve(),
    });
    expect(watcher.folderCount).toBeGreaterThan(0);
    await expect(startedOrClosed(watcher)).rejects.toThrow('端口 4173 已被占用');
    expect(watcher.folderCount).toBe(0);
  });
});
