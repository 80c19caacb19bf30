// CLI (built to dist/ by `npm test`): what a watch rebuild writes is what a plain build writes.
// Watch and preview rebuilds keep things between builds (checked logs, parsed sources, each
// template text's syntax tree and compiled specification, parsed profiles); none of it may show in
// the outputs. The watch rebuilds after a log edit, after a summary in summarize.yaml is edited,
// and after the summary is put back (its text then served from what the first build kept); each
// time the outputs must be byte for byte those of a plain `build --force` of the same inputs.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatch, waitFor, type WatchProcess } from '../helpers/watch-process.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

let watching: WatchProcess | undefined;
afterEach(() => {
  watching?.child.kill('SIGKILL');
  watching = undefined;
});

/** Every file of a folder, by name. */
function filesOf(folder: string): Map<string, Buffer> {
  return new Map(readdirSync(folder).sort().map((name) => [name, readFileSync(path.join(folder, name))]));
}

describe('summarize build --watch', () => {
  it('writes after each rebuild the bytes a plain build writes', async () => {
    const root = temporaryFolder('watch-outputs');
    copyExample('shangjie', root);
    const out = path.join(root, 'out/2024');
    const plainBuild = (): Map<string, Buffer> => {
      const plainOut = temporaryFolder('watch-outputs-plain');
      const run = spawnSync('node', [cli, 'build', '2024', '-C', root, '--format', 'md,docx', '--force', '-o', plainOut], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(run.stderr).not.toMatch(/内部错误/);
      expect(run.status).toBe(0);
      return filesOf(plainOut);
    };
    const documentsOf = (files: Map<string, Buffer>) => new Map([...files].filter(([name]) => /\.(md|docx|figures\.json)$/.test(name)));

    watching = startWatch(root, { format: 'md,docx' });
    const { stderr } = watching;
    await waitFor(stderr, /正在监视/, 1);

    const media = path.join(root, 'activities/2024/media.yaml');
    const log = readFileSync(media, 'utf8');
    const editedLog = log.replace(/wechat_posts: (\d+)/, (_, n: string) => `wechat_posts: ${Number(n) + 1}`);
    const config = path.join(root, 'summarize.yaml');
    const summaries = readFileSync(config, 'utf8');
    const editedSummaries = summaries.replace('发布各类推送{{sum "wechat_posts"}}篇', '共发布推送{{sum "wechat_posts"}}篇');
    expect(editedLog).not.toBe(log);
    expect(editedSummaries).not.toBe(summaries);

    const edits: [string, string][] = [
      [media, editedLog],
      [config, editedSummaries],
      [config, summaries],
    ];
    for (const [index, [file, text]] of edits.entries()) {
      writeFileSync(file, text);
      await waitFor(stderr, /重新生成完成，用时 \d+ ms/, index + 1);
      const watched = documentsOf(filesOf(out));
      expect([...watched.keys()]).toEqual(['bulletin.docx', 'bulletin.figures.json', 'bulletin.md']);
      const plain = documentsOf(plainBuild());
      expect([...plain.keys()]).toEqual([...watched.keys()]);
      for (const [name, bytes] of watched) expect(bytes.equals(plain.get(name)!), `${name} after edit ${index + 1}`).toBe(true);
    }
    expect(readFileSync(path.join(out, 'bulletin.md'), 'utf8')).toContain('发布各类推送757篇');
    expect(watching.child.exitCode).toBeNull();
  }, 90_000);
});
