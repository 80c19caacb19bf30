// CLI (built to dist/ by `npm test`): `summarize build <period> --watch` on a temporary copy of the
// example. The test edits a log and waits for the rebuild; then breaks a template, sees the
// diagnostic and that watching goes on; then mends it and sees the next rebuild.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatch, waitFor, type WatchProcess } from '../helpers/watch-process.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';


let watching: WatchProcess | undefined;
afterEach(() => {
  watching?.child.kill('SIGKILL');
  watching = undefined;
});

describe('summarize build --watch', () => {
  it('rebuilds after a log changes, reports a broken template and keeps watching', async () => {
    const root = temporaryFolder('watch');
    copyExample('shangjie', root);
    watching = startWatch(root);
    const { child, stdout, stderr } = watching;
    const bulletin = path.join(root, 'out/2024/bulletin.md');

    await waitFor(stderr, /正在监视/, 1);
    expect(stdout()).toMatch(/已生成 .*bulletin\.md/);
    expect(readFileSync(bulletin, 'utf8')).toContain('发布各类推送756篇');

    // A log changes: 756 posts become 757.
    const media = path.join(root, 'activities/2024/media.yaml');
    const log = readFileSync(media, 'utf8');
    const edited = log.replace(/wechat_posts: (\d+)/, (_, n: string) => `wechat_posts: ${Number(n) + 1}`);
    expect(edited).not.toBe(log);
    writeFileSync(media, edited);
    await waitFor(stdout, /已生成 .*bulletin\.md/, 2);
    await waitFor(stderr, /重新生成完成，用时 \d+ ms/, 1);
    expect(readFileSync(bulletin, 'utf8')).toContain('发布各类推送757篇');

    // A broken template: its diagnostic is printed, nothing is written, and the watch goes on.
    mkdirSync(path.join(root, 'templates/partials'), { recursive: true });
    const brief = path.join(root, 'templates/partials/brief.md.hbs');
    writeFileSync(brief, '△ {{text}}{{#if source}}（{{source}}）\n');
    await waitFor(stderr, /重新生成失败/, 1);
    expect(stderr()).toMatch(/templates\/partials\/brief\.md\.hbs:1:11 {2}error/);

    writeFileSync(brief, '△ {{text}}——{{source}}\n');
    await waitFor(stdout, /已生成 .*bulletin\.md/, 3);
    expect(readFileSync(bulletin, 'utf8')).toContain('——区妇联');
    expect(child.exitCode).toBeNull();
  }, 60_000);
});
