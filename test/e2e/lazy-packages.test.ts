// CLI (built to dist/ by `npm test`): yaml and iconv-lite are loaded by the first use of one of
// their exports (scripts/bundle.mjs LAZY_PACKAGES, cli/vendor-load.ts lazyVendor). A build of inputs
// with no problem, all UTF-8, reads neither package's file; a broken log and a log saved as GB18030
// load them, and get the same messages as when every package was loaded at the start. Which files
// were read is counted by a preloaded module (test/helpers/count-reads.mjs).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const counter = path.join(repo, 'test/helpers/count-reads.mjs');

/** Builds `project`; the packages' files (dist/cli/vendor-*.cjs) the run read, and what it printed on stderr. */
function build(project: string): { status: number | null; packages: string[]; stderr: string } {
  const out = path.join(temporaryFolder('lazy-packages'), 'out');
  const run = spawnSync('node', ['--import', counter, cli, 'build', '2024', '-C', project, '-o', out, '--format', 'md,docx'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const counts = JSON.parse(/^file reads (.*)$/m.exec(run.stderr)![1]!) as Record<string, number>;
  const packages = Object.keys(counts)
    .map((file) => /vendor-(.+)\.cjs$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  return { status: run.status, packages, stderr: run.stderr.replace(/^file reads .*\n/m, '') };
}

describe('packages loaded on first use', { timeout: 60_000 }, () => {
  it('a build of the example reads neither yaml nor iconv-lite', () => {
    const { status, packages } = build(copyExample('shangjie', path.join(temporaryFolder('lazy-packages'), 'shangjie')));
    expect(status).toBe(0);
    expect(packages).toContain('docx');
    expect(packages).toContain('js-yaml');
    expect(packages).not.toContain('yaml');
    expect(packages).not.toContain('iconv-lite');
  });

  it('a broken log loads yaml for its positions, and a log saved as GB18030 loads iconv-lite to read it', () => {
    const project = copyExample('shangjie', path.join(temporaryFolder('lazy-packages'), 'shangjie'));
    const lectures = path.join(project, 'activities/2024/lectures.yaml');
    writeFileSync(lectures, `${readFileSync(lectures, 'utf8')}- date: 2024-06-30\n  title: "没有闭合\n`);
    const media = path.join(project, 'activities/2024/media.yaml');
    writeFileSync(media, iconv.encode(readFileSync(media, 'utf8'), 'gb18030'));
    const { status, packages, stderr } = build(project);
    expect(status).toBe(1);
    expect(packages).toContain('yaml');
    expect(packages).toContain('iconv-lite');
    expect(stderr).toMatch(/lectures\.yaml:\d+:\d+ +error +YAML 格式错误：双引号 " 没有闭合/);
    expect(stderr).toMatch(/media\.yaml:1:1 +warning +文件不是 UTF-8 编码，已按 GBK\/GB18030 读取/);
  });
});
