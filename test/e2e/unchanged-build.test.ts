// A build whose inputs did not change reports its outputs unchanged instead of redoing the work;
// any change to an input, a damaged output or --force builds again.

import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';
import { cityWithTwoDistricts, configYaml, eventsYaml, writeTree } from '../helpers/rollup-fixtures.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');

// Each test runs the CLI two to four times: seconds each while the machine is busy.
describe('a build with unchanged inputs', { timeout: 60_000 }, () => {
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
    rmSync(path.join(project, 'out/2024/bulletin.figures.json'));
    expect(build()).toContain('已生成');
  });

  it('is built again when the options change, or with --force', () => {
    expect(build('--issue', '12')).toContain('已生成');
    expect(build('--issue', '12')).not.toContain('已生成');
    expect(build('--issue', '12', '--force')).toContain('已生成');
  });
});

describe('a roll-up with unchanged inputs', { timeout: 60_000 }, () => {
  const build = (project: string) => execFileSync('node', [cli, 'build', '2024', '-C', project, '--format', 'md'], { encoding: 'utf8' });
  const district = (name: string, title: string) => ({
    [`${name}/summarize.yaml`]: configYaml({ name }),
    [`${name}/activities/2024/log.yaml`]: eventsYaml([{ date: '2024-03-05', title, metrics: { lectures: 1, reached: 300 } }]),
  });

  it('is built again when a unit inside the project changes, but not when a unit was built on its own', () => {
    const city = cityWithTwoDistricts();
    expect(build(city)).toContain('已生成');
    expect(build(path.join(city, 'districts/a'))).toContain('已生成');
    expect(build(city)).not.toContain('已生成');
    const log = path.join(city, 'districts/b/activities/2024/log.yaml');
    writeFileSync(log, readFileSync(log, 'utf8').replace('lectures: 4', 'lectures: 5'));
    expect(build(city)).toContain('已生成');
  });

  it('is built again when a new folder outside the project matches units:', () => {
    const parent = writeTree({
      'city/summarize.yaml': configYaml({ name: '共青团测试市委', short: '团市委', units: ['../districts/*'] }),
      'city/activities/2024/city.yaml': eventsYaml([{ date: '2024-03-01', title: '市级宣讲启动', metrics: { lectures: 1 } }]),
      ...Object.fromEntries(Object.entries(district('甲区', '甲区宣讲')).map(([file, text]) => [`districts/${file}`, text])),
    });
    const city = path.join(parent, 'city');
    expect(build(city)).toContain('已生成');
    expect(build(city)).not.toContain('已生成');
    writeTree(Object.fromEntries(Object.entries(district('乙区', '乙区宣讲')).map(([file, text]) => [`districts/${file}`, text])), parent);
    expect(build(city)).toContain('已生成');
    expect(readFileSync(path.join(city, 'out/2024/bulletin.figures.json'), 'utf8')).toContain('乙区');
  });
});
