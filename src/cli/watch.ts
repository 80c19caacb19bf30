// CLI: `summarize build <period> --watch`. Builds once, then rebuilds whenever a log, a metrics
// file, the plan, summarize.yaml, a profile or a template of the project changes, and prints how
// long each rebuild took. A broken edit prints its diagnostics (the build step reports them) and
// watching goes on. Uses node:fs watch on each folder (not `recursive`, which Node 20 does not
// offer everywhere); folders created later (templates/ after an eject) are picked up on the next
// event. Saves come in bursts (editors write a temporary file, then rename), hence the debounce.
// A roll-up's units (`units:`) are watched the same way; the list is read again after each
// rebuild, so a unit added to `units:` (or a new folder its glob matches) is watched from then on.

import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { displayPath, keepParsedSources, unitRoots } from '../load/project.js';
import { keepOfficeWarm } from '../write/warm-office.js';

/** Quiet time after the last change before rebuilding: one save is several file-system events. */
export const DEBOUNCE_MS = 150;

/** Folders of a project whose files are inputs; out/ is not one of them. */
const INPUT_FOLDERS = ['activities', 'metrics', 'plans', 'templates', 'profiles'];
const INPUT_FILE = /\.(ya?ml|hbs|csv|xlsx)$/i;
/** Swap, backup and lock files editors write beside the real one. */
const EDITOR_DEBRIS = /(^\.|~$|\.swp$|\.swx$|\.tmp$|^#.*#$)/;

export interface WatchOptions {
  project?: string;
  /** Called for each build; reports its own results and failures (never throws for user errors). */
  build: () => Promise<void>;
  log?: (line: string) => void;
}

/** Runs until the process is interrupted. */
export async function watchProject(options: WatchOptions): Promise<void> {
  keepParsedSources();
  keepOfficeWarm();
  const root = path.resolve(options.project ?? '.');
  const log = options.log ?? ((line: string) => console.error(line));
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  const changed = new Set<string>();

  const rebuild = async (): Promise<void> => {
    if (running) {
      pending = true;
      return;
    }
    const files = [...changed].map((f) => displayPath(f));
    changed.clear();
    log(`\n检测到改动：${files.slice(0, 3).join('、')}${files.length > 3 ? ` 等 ${files.length} 个文件` : ''}，重新生成…`);
    running = timed(options.build, log, '重新生成');
    await running;
    running = undefined;
    watchFolders();
    if (pending) {
      pending = false;
      await rebuild();
    }
  };

  const onEvent = (dir: string) => (_event: string, filename: string | Buffer | null) => {
    const name = filename === null ? undefined : String(filename);
    if (name !== undefined && (EDITOR_DEBRIS.test(path.basename(name)) || !isInput(dir, name))) return;
    changed.add(name === undefined ? dir : path.join(dir, name));
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), DEBOUNCE_MS);
  };

  let roots = new Set([root]);
  const isInput = (dir: string, name: string): boolean => {
    if (roots.has(dir)) return INPUT_FILE.test(name) || INPUT_FOLDERS.includes(name);
    // A new or renamed folder inside an input folder: watch it, and rebuild (it may hold logs).
    return INPUT_FILE.test(name) || isFolder(path.join(dir, name));
  };

  const watchFolders = () => {
    roots = new Set([root, ...unitRoots(root)]);
    for (const dir of [...roots].flatMap(inputFolders)) {
      if (watchers.has(dir)) continue;
      try {
        watchers.set(dir, watch(dir, { persistent: true }, onEvent(dir)));
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

  await timed(options.build, log, '生成');
  watchFolders();
  const units = roots.size > 1 ? `及所汇总的 ${roots.size - 1} 个单位` : '';
  log(`正在监视 ${displayPath(root) || '.'}${units} 中的活动记录、统计数、配置和模板（${watchers.size} 个文件夹），改动后自动重新生成；按 Ctrl+C 退出`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      process.exitCode = 0;
      for (const watcher of watchers.values()) watcher.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function timed(build: () => Promise<void>, log: (line: string) => void, what: string): Promise<void> {
  const start = performance.now();
  process.exitCode = undefined;
  await build();
  const ms = Math.round(performance.now() - start);
  log(process.exitCode ? `${what}失败（用时 ${ms} ms），改正后保存即可重新生成` : `${what}完成，用时 ${ms} ms`);
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
