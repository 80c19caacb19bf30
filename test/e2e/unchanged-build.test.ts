// A build whose inputs did not change reports its outputs unchanged instead of redoing the work;
// any change to an input, a damaged output or --force builds again.

import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');

describe('a build with unchanged inputs', () => {
  let project: string;
  const build = (...extra: string[]) => execFileSync('node', [cli, 'build', '2024', '-C', project, '--format', 'md', ...extra], { encoding: 'utf8' });

  beforeEach(() => {
    project = path.join(temporaryFolder('unchanged'), 'shangjie');
    cpSync(path.join(repo, 'examples/shangjie'), project, { recursive: true, filter: (src) => !src.includes(`${path.sep}out`) });
    expect(build()).toContain('已生成');
  });

  it('is reported unchanged, and the outputs are left as they were', () => {
    const before = readFileSync(path.join(project, 'out/2024/bulletin.md'));
    const output = build();
    expect(output).not.toContain('已生成');
    expect(output).toContain(`未改动 ${path.join(project, 'out/2024/bulletin.md')}`);
    expect(readFileSync(path.join(project, 'out/2024/bulletin.md'))).toEqual(before);
  });

  it('is built again when a log changes', () => {
    const log = path.join(project, 'activities/2024/media.yaml');
    writeFileSync(log, readFileSync(log, 'utf8').replace('wechat_posts: 63', 'wechat_posts: 64'));
    expect(build()).toContain('已生成');
    expect(readFileSync(path.join(project, 'out/2024/bulletin.md'), 'utf8')).toContain('发布各类推送757篇');
  });

  it('is built again when an output was edited or removed', () => {
    writeFileSync(path.join(project, 'out/2024/bulletin.md'), 'edited by hand');
    expect(build()).toContain('已生成');
    rmSync(path.join(project, 'out/2024/figures.json'));
    expect(build()).toContain('已生成');
  });

  it('is built again when the options change, or with --force', () => {
    expect(build('--issue', '12')).toContain('已生成');
    expect(build('--issue', '12')).not.toContain('已生成');
    expect(build('--issue', '12', '--force')).toContain('已生成');
  });
});
