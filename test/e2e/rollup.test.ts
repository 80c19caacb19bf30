// Roll-up end to end: the built CLI (`npm test` builds dist/ first) on examples/zhengzhou, a 团市委
// rolling up three district projects. The per-unit figures the Markdown prints are recomputed here
// from the districts' own logs, so a figure that is pasted or mis-attributed fails.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { cityWithTwoDistricts, configYaml, eventsYaml, writeTree } from '../helpers/rollup-fixtures.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const example = path.join(repo, 'examples/zhengzhou');

interface LoggedEvent {
  title: string;
  tags?: string[];
  metrics?: Record<string, number>;
}

function logged(file: string): LoggedEvent[] {
  return parse(readFileSync(path.join(example, file), 'utf8')) as LoggedEvent[];
}
const total = (events: LoggedEvent[], metric: string) => events.reduce((sum, e) => sum + (e.metrics?.[metric] ?? 0), 0);

function summarize(args: string[], cwd = repo) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('summarize build 2024 -C examples/zhengzhou', () => {
  let markdown: string;
  const jinshui = logged('units/jinshui/activities/2024/log.yaml');
  const zhongmu = logged('units/zhongmu/activities/2024/log.yaml');
  const own = logged('activities/2024/city.yaml');

  let figures: { figures: { counts: string; value: number; sources: { file: string; line: number }[] }[] };

  beforeAll(() => {
    const out = temporaryFolder('rollup-e2e');
    execFileSync(process.execPath, [cli, 'build', '2024', '-C', example, '--out', out, '--format', 'md'], { encoding: 'utf8' });
    markdown = readFileSync(path.join(out, 'bulletin.md'), 'utf8');
    figures = JSON.parse(readFileSync(path.join(out, 'bulletin.figures.json'), 'utf8')) as typeof figures;
  });

  it('explains a unit’s figure by its `counts` text in figures.json, a district’s and the city’s own (本级)', () => {
    for (const unit of ['unit=共青团二七区委', 'unit=本级']) {
      const record = figures.figures.find((r) => r.counts.endsWith(unit) && r.value > 0)!;
      expect(record, unit).toBeDefined();
      const json = JSON.parse(summarize(['explain', '2024', record.counts, '-C', example, '--json']).stdout) as { total: number; entries: { file: string; line: number }[] };
      expect(json.total).toBe(record.value);
      expect(json.entries.map((e) => `${path.relative(example, path.resolve(repo, e.file))}:${e.line}`)).toEqual(record.sources.map((e) => `${e.file}:${e.line}`));
    }
  });

  it('explain refuses a unit, section or theme that is not there, instead of a total of 0', () => {
    for (const [args, message] of [
      [['volunteers（volunteers） unit=丙区'], /unit="丙区" 不是汇总的单位/],
      [['volunteers', '--section', 'nope'], /没有 id 为 “nope” 的部分/],
      [['volunteers', '--theme', 'nope'], /没有 id 为 “nope” 的条目/],
    ] as const) {
      const run = summarize(['explain', '2024', ...args, '-C', example]);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr).toMatch(message);
    }
  });

  it('prints each district’s figures as its own logs add them up', () => {
    expect(markdown).toContain(`### 金水区：开展活动${jinshui.length}场`);
    expect(markdown).toContain(`其中金水区${total(jinshui, 'job_openings')}个`);
    expect(markdown).toContain(`中牟县团组织全年开展活动${zhongmu.length}场`);
    expect(markdown).toContain(`结对资助困难学生${total(zhongmu, 'students_aided')}名，建成“青春家园”11家`);
  });

  it('prints the city’s own events (本级) apart from the districts’', () => {
    expect(markdown).toContain(`其中团市委本级${own.length}场`);
    expect(markdown).toContain(`坚持每月举办共青团讲堂${own.filter((e) => e.tags?.includes('共青团讲堂')).length}期。（团市委）`);
  });

  it('counts every unit’s events in the city’s totals', () => {
    const all = [...own, ...jinshui, ...zhongmu, ...logged('units/erqi/activities/2024/log.yaml')];
    expect(markdown).toContain(`全年开展各类活动${all.length}场`);
  });

  it('stats shows a by-unit table, and --json the same figures', () => {
    const table = summarize(['stats', '2024', '-C', example]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/按单位\n指标\s+二七区\s+金水区\s+中牟县\s+本级\n/);
    const json = JSON.parse(summarize(['stats', '2024', '-C', example, '--json']).stdout);
    expect(json.events.byRollupUnit).toEqual({ 共青团二七区委: 26, 共青团金水区委: jinshui.length, 共青团中牟县委: zhongmu.length, 共青团郑州市委: own.length });
  });
});

describe('each district is a project of its own', () => {
  // Regression: the district configs give no summaries, so their themes use partials/generic-theme,
  // whose {{unit}} inside {{#each totals}} used to call the unit helper and fail the build.
  it('builds alone, its themes in the generic wording with each total’s counting word', () => {
    const out = temporaryFolder('rollup-unit');
    const run = summarize(['build', '2024', '-C', path.join(example, 'units/erqi'), '--out', out, '--format', 'md']);
    expect(run.stderr).toBe('');
    const erqi = logged('units/erqi/activities/2024/log.yaml');
    const text = readFileSync(path.join(out, 'bulletin.md'), 'utf8');
    expect(text).toContain(`提供岗位${total(erqi, 'job_openings')}个，技能培训${total(erqi, 'trainees')}人次`);
  });
});

describe('diagnostics name the unit’s own files, relative to where the command runs', () => {
  it('an id the city lacks, reported at the district’s file:line:column', () => {
    const root = cityWithTwoDistricts({
      'districts/b/summarize.yaml': configYaml({ name: '共青团乙区委', metrics: { lectures: '场次', reachd: '人次', homes: '家' } }),
      'districts/b/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-10', title: '乙区宣讲', metrics: { lectures: 4, reachd: 900 } }]),
    });
    const run = summarize(['validate', '2024', '-C', '.'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('districts/b/activities/2024/log.yaml:5:26  error  单位“共青团乙区委”（districts/b）的指标 “reachd” 在汇总项目的 summarize.yaml 的 metrics 中没有定义  [rollup-unknown-metric]');
    expect(run.stderr).toContain('→ 是不是 reached？');
    const fromAbove = summarize(['validate', '2024', '-C', path.basename(root), '--reporter', 'json'], path.dirname(root));
    expect(JSON.parse(fromAbove.stdout)[0].file).toBe(`${path.basename(root)}/districts/b/activities/2024/log.yaml`);
  });

  it('two projects that include each other: refused, not followed round', () => {
    const root = writeTree({
      'a/summarize.yaml': configYaml({ name: '共青团甲区委', units: ['../b'] }),
      'a/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-01', title: '甲' }]),
      'b/summarize.yaml': configYaml({ name: '共青团乙区委', units: ['../a'] }),
      'b/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-01', title: '乙' }]),
    });
    const run = summarize(['validate', '2024', '-C', 'a'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^b\/summarize\.yaml:9:1 {2}error {2}单位 \.\.\/b 自己也汇总了其他单位（units:），summarize 只汇总一级 {2}\[nested-units\]/m);
  });
});

describe('an unchanged roll-up is not rebuilt; a change in any unit is', () => {
  it('looks at a unit outside the project folder too', () => {
    const parent = temporaryFolder('rollup-fp');
    const city = cityWithTwoDistricts({ 'summarize.yaml': configYaml({ name: '共青团测试市委', short: '团市委', units: ['districts/*', '../outside'] }) }, path.join(parent, 'city'));
    writeTree({ 'summarize.yaml': configYaml({ name: '共青团丙区委' }), 'activities/2024/log.yaml': eventsYaml([{ date: '2024-08-01', title: '丙区宣讲', metrics: { lectures: 1 } }]) }, path.join(parent, 'outside'));
    expect(city).toBe(path.join(parent, 'city'));
    const build = () => summarize(['build', '2024', '-C', 'city', '--format', 'md'], parent);
    expect(build().stdout).toContain('已生成');
    expect(build().stdout).toContain('未改动');
    writeFileSync(path.join(parent, 'outside/activities/2024/log.yaml'), eventsYaml([{ date: '2024-08-01', title: '丙区宣讲', metrics: { lectures: 2 } }]));
    expect(build().stdout).toContain('已生成');
  });
});
