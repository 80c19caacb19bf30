// Watch: calls back when an input of a project changes — a log, a metrics file, the plan,
// summarize.yaml, a profile or a template — for `build --watch` and for `preview`. Uses node:fs
// watch on each folder (not `recursive`, which Node 20 does not offer everywhere); folders created
// later (templates/ after an eject) are picked up on the next event. Saves come in bursts (editors
// write a temporary file, then rename), hence the debounce. A roll-up's units (`units:`) are
// watched the same way; the list is read again after each rebuild, so a unit added to `units:`
// (or a new folder its glob matches) is watched from then on. Rebuilds never overlap: a change
// during one queues exactly one more.

import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { unitRoots } from '../load/project.js';

/** Quiet time after the last change before rebuilding: one save is several file-system events. */
export const DEBOUNCE_MS = 150;

/** Folders of a project whose files are inputs; out/ is not one of them. */
const INPUT_FOLDERS = ['activities', 'metrics', 'plans', 'templates', 'profiles'];
const INPUT_FILE = /\.(ya?ml|hbs|csv|xlsx)$/i;
/** Swap, backup and lock files editors write beside the real one. */
const EDITOR_DEBRIS = /(^\.|~$|\.swp$|\.swx$|\.tmp$|^#.*#$)/;

export interface ProjectWatcherOptions {
  /**
   * The first build, run once the folders are watched: a file saved while it runs is rebuilt after
   * it. Watching only after it missed such a save until the next one.
   */
  first?: () => Promise<void>;
  /** Called after a burst of changes, with the changed files (or folders); never twice at once, nor during `first`. */
  rebuild: (changed: string[]) => Promise<void>;
  debounceMs?: number;
}

export interface ProjectWatcher {
  /** Settles when the first build has run (at once without one). */
  readonly started: Promise<void>;
  /** Folders watched now. */
  readonly folderCount: number;
  /** Roll-up units watched besides the project itself. */
  readonly unitCount: number;
  close(): void;
}

export function watchProjectInputs(projectRoot: string, options: ProjectWatcherOptions): ProjectWatcher {
  const root = path.resolve(projectRoot);
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  const watchers = new Map<string, FSWatcher>();
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = false;
  let closed = false;
  let roots = new Set([root]);

  const rebuild = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    const files = [...changed];
    changed.clear();
    await exclusively(() => options.rebuild(files));
  };

  /** `build`, with changes meanwhile queued for one rebuild after it. */
  const exclusively = async (build: () => Promise<void>): Promise<void> => {
    running = true;
    try {
      await build();
    } finally {
      running = false;
    }
    watchFolders();
    if (pending) {
      pending = false;
      void rebuild();
    }
  };

  const isInput = (dir: string, name: string): boolean => {
    if (roots.has(dir)) return INPUT_FILE.test(name) || INPUT_FOLDERS.includes(name);
    // A new or renamed folder inside an input folder: watch it, and rebuild (it may hold logs).
    return INPUT_FILE.test(name) || isFolder(path.join(dir, name));
  };

  const changedSoon = (file: string) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), debounceMs);
  };

  const onEvent = (dir: string) => (_event: string, filename: string | Buffer | null) => {
    const name = filename === null ? undefined : String(filename);
    if (name !== undefined && (EDITOR_DEBRIS.test(path.basename(name)) || !isInput(dir, name))) return;
    changedSoon(name === undefined ? dir : path.join(dir, name));
  };

  const watchFolders = (initial = false) => {
    if (closed) return;
    roots = new Set([root, ...unitRoots(root)]);
    for (const dir of [...roots].flatMap(inputFolders)) {
      if (watchers.has(dir)) continue;
      try {
        watchers.set(dir, watch(dir, { persistent: true }, onEvent(dir)));
        // A folder that appeared since the last build may have been written to before it was
        // watched (templates/partials/ made and filled during a rebuild): read it once more.
        if (!initial) changedSoon(dir);
      } catch {
        // The folder went away between listing and watching; the next event lists again.
      }
    }
    for (const [dir, watcher] of watchers) {
      if (!existsSync(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
  };

  watchFolders(true);
  const started = options.first ? exclusively(options.first) : Promise.resolve();
  return {
    started,
    get folderCount() {
      return watchers.size;
    },
    get unitCount() {
      return roots.size - 1;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Waits for the first build; when it fails (a preview's port taken), stops watching, or the folders watched would keep the process running. */
export async function startedOrClosed(watcher: ProjectWatcher): Promise<void> {
  try {
    await watcher.started;
  } catch (error) {
    watcher.close();
    throw error;
  }
}

/** Signals that end a watch: Ctrl+C, a process manager's stop, the terminal closing. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How often a watch checks that whoever started it is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Resolves on the first Ctrl-C (SIGINT), SIGTERM or SIGHUP, or when the process that started this
 * one is gone; the caller then closes what it opened. Started through a wrapper (`npm run`, `npx`,
 * `sh -c`), the process may never see the signal that ends the wrapper: sh does not pass SIGTERM
 * on, so the watch went on as an orphan. The parent's id changes when it goes, hence the check.
 * A second signal while the caller closes ends the process at once.
 */
export function untilInterrupted(): Promise<void> {
  const parent = process.ppid;
  return new Promise((resolve) => {
    const stop = () => {
      clearInterval(parentCheck);
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      for (const signal of STOP_SIGNALS) process.once(signal, () => process.exit(130));
      resolve();
    };
    const parentCheck = setInterval(() => {
      if (process.ppid !== parent) stop();
    }, PARENT_CHECK_MS);
    for (const signal of STOP_SIGNALS) process.once(signal, stop);
  });
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The project folder itself and every folder under its input folders. */
function inputFolders(root: string): string[] {
  const folders = [root];
  const visit = (dir: string) => {
    folders.push(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) visit(path.join(dir, entry.name));
    }
  };
  for (const name of INPUT_FOLDERS) {
    const dir = path.join(root, name);
    if (existsSync(dir)) visit(dir);
  }
  return folders;
}
