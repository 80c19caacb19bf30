// Roll-up in watch mode (the built CLI): `build --watch` on a copy of examples/zhengzhou rebuilds
// when a district's log changes, not only the city's own files.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');
const cli = path.join(repo, 'bin/summarize.js');
const example = path.join(repo, 'examples/zhengzhou');

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Resolves when `pattern` has matched `count` times in the text seen so far. */
function waitFor(stream: () => string, pattern: RegExp, count: number, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if ((stream().match(new RegExp(pattern.source, 'g')) ?? []).length >= count) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${count}× ${pattern}; output so far:\n${stream()}`));
      }
    }, 25);
  });
}

describe('summarize build --watch on a roll-up', () => {
  it('watches the units’ folders and rebuilds when a district’s log changes', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'summarize-rollup-watch-'));
    cpSync(example, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}out`) });
    let stdout = '';
    let stderr = '';
    child = spawn('node', [cli, 'build', '2024', '-C', root, '--format', 'md', '--watch'], { env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const bulletin = path.join(root, 'out/2024/bulletin.md');

    await waitFor(() => stderr, /正在监视 .*及所汇总的 3 个单位/, 1);
    expect(readFileSync(bulletin, 'utf8')).toContain('中牟县团组织全年开展活动23场');

    // One more event in 中牟县's log.
    const log = path.join(root, 'units/zhongmu/activities/2024/log.yaml');
    writeFileSync(log, `${readFileSync(log, 'utf8')}\n- date: 2024-12-28\n  section: service\n  theme: volunteering\n  title: 中牟县岁末志愿服务\n  metrics: {volunteers: 40}\n`);
    await waitFor(() => stdout, /已生成 .*bulletin\.md/, 2);
    expect(readFileSync(bulletin, 'utf8')).toContain('中牟县团组织全年开展活动24场');
  }, 60_000);
});
