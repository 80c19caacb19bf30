// Roll-up in watch mode (the built CLI): `build --watch` on a copy of examples/zhengzhou rebuilds
// when a district's log changes, not only the city's own files.

import { readFileSync, writeFileSync } from 'node:fs';
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

describe('summarize build --watch on a roll-up', () => {
  it('watches the units’ folders and rebuilds when a district’s log changes', async () => {
    const root = temporaryFolder('rollup-watch');
    copyExample('zhengzhou', root);
    watching = startWatch(root);
    const { stdout, stderr } = watching;
    const bulletin = path.join(root, 'out/2024/bulletin.md');

    await waitFor(stderr, /正在监视 .*及所汇总的 3 个单位/, 1);
    expect(readFileSync(bulletin, 'utf8')).toContain('中牟县团组织全年开展活动23场');

    // One more event in 中牟县's log.
    const log = path.join(root, 'units/zhongmu/activities/2024/log.yaml');
    writeFileSync(log, `${readFileSync(log, 'utf8')}\n- date: 2024-12-28\n  section: service\n  theme: volunteering\n  title: 中牟县岁末志愿服务\n  metrics: {volunteers: 40}\n`);
    await waitFor(stdout, /已生成 .*bulletin\.md/, 2);
    expect(readFileSync(bulletin, 'utf8')).toContain('中牟县团组织全年开展活动24场');
  }, 60_000);
});
