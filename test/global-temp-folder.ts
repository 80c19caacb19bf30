// Vitest global set-up: every test run gets a temporary folder of its own, and TMPDIR points at it,
// so all that the tests and the processes they start put in "the temp folder" lands there. After
// the run the folder must be empty: anything left behind fails the run, with the names of what was
// left, and is then removed, so a failing test never litters the machine's temp folder either.
// The builds' cache (src/cache/) goes to a folder of the run as well, beside that one, so that a
// build run on examples/ or a fixture in place writes nothing into the repository, and so that
// most builds of the suite find their logs cached by an earlier one: the cache is in every test.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const runFolder = mkdtempSync(path.join(tmpdir(), 'summarize-test-run-'));
  const cacheFolder = mkdtempSync(path.join(tmpdir(), 'summarize-test-cache-'));
  const systemTemp = process.env['TMPDIR'];
  process.env['TMPDIR'] = runFolder;
  process.env['SUMMARIZE_CACHE_DIR'] = cacheFolder;
  return () => {
    if (systemTemp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = systemTemp;
    delete process.env['SUMMARIZE_CACHE_DIR'];
    rmSync(cacheFolder, { recursive: true, force: true });
    const leftBehind = readdirSync(runFolder);
    rmSync(runFolder, { recursive: true, force: true });
    if (leftBehind.length > 0) {
      // Vitest reports an error thrown here but still exits 0, so the exit code is set by hand.
      console.error(`测试结束后临时文件夹里还留着 ${leftBehind.length} 项（每个测试都要删掉自己建的文件）：${leftBehind.slice(0, 20).join('、')}`);
      process.exitCode = 1;
    }
  };
}
