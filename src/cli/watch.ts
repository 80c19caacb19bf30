// CLI: `summarize build <period> --watch`. Builds once, then rebuilds whenever an input of the
// project changes (watch/project-watcher.ts) and prints how long each rebuild took. A broken edit
// prints its diagnostics (the build step reports them) and watching goes on.

import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { displayPath } from '../load/display-path.js';
import { keepParsedSources } from '../load/project.js';
import { keepCheckedLogsInMemory } from '../cache/checked-logs.js';
import { startedOrClosed, untilInterrupted, watchProjectInputs } from '../watch/project-watcher.js';
import { keepOfficeWarm } from '../write/warm-office.js';

export interface WatchOptions {
  project?: string;
  /** Called for each build; reports its own results and failures (never throws for user errors). */
  build: () => Promise<void>;
  log?: (line: string) => void;
}

/** Runs until the process is interrupted. */
export async function watchProject(options: WatchOptions): Promise<void> {
  const root = path.resolve(options.project ?? '.');
  const log = options.log ?? ((line: string) => console.error(line));
  // On a rebuild, unchanged logs are neither read again from the cache nor checked again
  // (cache/checked-logs.ts keeps them in memory), other unchanged files are not parsed again
  // (load/project.ts), and PDFs are converted by one LibreOffice kept running (write/warm-office.ts).
  keepParsedSources();
  keepCheckedLogsInMemory();
  keepOfficeWarm();
  const watcher = watchProjectInputs(root, {
    first: () => timed(options.build, log, '生成'),
    rebuild: async (changed) => {
      const files = changed.map((f) => displayPath(f));
      log(`\n检测到改动：${files.slice(0, 3).join('、')}${files.length > 3 ? ` 等 ${files.length} 个文件` : ''}，重新生成…`);
      await timed(options.build, log, '重新生成');
    },
  });
  await startedOrClosed(watcher);
  const units = watcher.unitCount > 0 ? `及所汇总的 ${watcher.unitCount} 个单位` : '';
  log(`正在监视 ${displayPath(root) || '.'}${units} 中的活动记录、统计数、配置和模板（${watcher.folderCount} 个文件夹），改动后自动重新生成；按 Ctrl+C 退出`);
  await untilInterrupted();
  watcher.close();
  process.exitCode = 0;
}

async function timed(build: () => Promise<void>, log: (line: string) => void, what: string): Promise<void> {
  const start = performance.now();
  process.exitCode = undefined;
  await build();
  const ms = Math.round(performance.now() - start);
  log(process.exitCode ? `${what}失败（用时 ${ms} ms），改正后保存即可重新生成` : `${what}完成，用时 ${ms} ms`);
}
