// End to end, year over year: the real built CLI on test/fixtures/yoy (2024 logs and metrics YAML,
// 2023 logs and a metrics CSV, targets in summarize.yaml). Last year's broken files must warn,
// naming the file, and never stop this year's build.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Statistics } from '../../src/aggregate/statistics.js';
import type { AuditRecord } from '../../src/write/figures-json.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const fixture = path.join(repo, 'test/fixtures/yoy');

function run(args: string[], cwd = repo) {
  const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function statsJson(project: string, period: string): Statistics {
  return JSON.parse(execFileSync('node', [cli, 'stats', period, '-C', project, '--json'], { encoding: 'utf8' })) as Statistics;
}

function copyOfFixture(): string {
  const dir = temporaryFolder('yoy');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

describe('stats with the previous year', () => {
  let stats: Statistics;
  beforeAll(() => {
    stats = statsJson(fixture, '2024');
  });
  const metric = (id: string) => stats.metrics.find((m) => m.id === id)!;

  it.each([
    ['lectures', 9, 8, '同比增长12.5%', '完成率112.5%'],
    ['reached', 6110, 2400, '同比增长154.6%', null],
    ['volunteers', 45, 60, '同比下降25.0%', null],
    ['members', 1248, 1150, '同比增长8.5%', '完成率124.8%'], // 2023 from metrics/2023.csv, 2024 from metrics/2024.yaml
  ])('%s: %i against %i last year → %s, %s', (id, value, previous, yoy, rate) => {
    expect(metric(id)).toMatchObject({ value, previous: { value: previous }, yoy, rate });
  });

  it('compares the event counts too', () => {
    expect(stats.events).toMatchObject({ total: 6, previous: { total: 4 }, yoy: '同比增长50.0%' });
  });

  it.each([
    ['2024-Q3', '2023-Q3', 'volunteers', 45, 60, '同比下降25.0%'],
    ['2024-Q1', '2023-Q1', 'lectures', 3, 2, '同比增长50.0%'],
    ['2024H1', '2023H1', 'reached', 5000, 1500, '同比增长233.3%'],
    ['2024-10', '2023-10', 'reached', 260, 0, null], // nothing last October: no base, no 同比
  ])('%s is compared with %s', (period, previousPeriod, id, value, previous, yoy) => {
    const partial = statsJson(fixture, period);
    expect(partial.previousPeriod?.label).toBe(previousPeriod);
    expect(partial.metrics.find((m) => m.id === id)).toMatchObject({ value, previous: { value: previous }, yoy });
  });

  it('shows 上年同期 beside each total in the table, and last year’s rows by section and month', () => {
    const { stdout, status } = run(['stats', '2024', '-C', fixture]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^宣讲\s+lectures\s+场次\s+9\s+8\s+同比增长12\.5%\s+8\s+完成率112\.5%$/m);
    expect(stdout).toMatch(/^团员\s+members\s+名\s+1248\*\s+1150\*\s+同比增长8\.5%/m);
    expect(stdout).toMatch(/^ {2}2023\s+3\s+1$/m); // events by section last year
  });
});

describe('build with 同比 and 完成率', () => {
  let markdown: string;
  let figures: AuditRecord[];
  beforeAll(() => {
    const out = temporaryFolder('yoy-out');
    execFileSync('node', [cli, 'build', '2024', '-C', fixture, '--format', 'md', '--out', out]);
    markdown = readFileSync(path.join(out, 'bulletin.md'), 'utf8');
    figures = (JSON.parse(readFileSync(path.join(out, 'bulletin.figures.json'), 'utf8')) as { figures: AuditRecord[] }).figures;
  });

  it.each([
    '全年开展活动6场，宣讲同比增长12.5%，宣讲完成率112.5%。',
    '开展宣讲9场次，同比增长12.5%，覆盖6100余人次（同比增长154.6%）',
    '举行“‘清明网上祭英烈’主题活动”、“五四主题宣讲”等3场',
    '全区共有团员1248名，同比增长8.5%，完成率124.8%。',
    '组织暑期河小青巡河等40余名参与志愿服务，同比下降25.0%。',
  ])('prints %s', (sentence) => {
    expect(markdown).toContain(sentence);
  });

  it('prints 持平 for no change, which is not a 0 in the text to warn about', () => {
    const flat = copyOfFixture();
    writeFileSync(path.join(flat, 'metrics/2023.csv'), 'metric,value\nmembers,1248\n');
    const config = path.join(flat, 'summarize.yaml');
    const text = readFileSync(config, 'utf8');
    expect(text).toContain('{{yoy "members" prefix="，"}}');
    writeFileSync(config, text.replace('{{yoy "members" prefix="，"}}', '，{{yoy "members"}}'));
    const out = temporaryFolder('yoy-flat');
    const { status, stderr } = run(['build', '2024', '-C', flat, '--format', 'md', '--out', out, '--strict']);
    expect(stderr).not.toContain('template-zero-figure');
    expect(status).toBe(0);
    expect(readFileSync(path.join(out, 'bulletin.md'), 'utf8')).toContain('全区共有团员1248名，持平，完成率124.8%。');
  });

  it('traces a 同比 figure to both years’ entries, the CSV line included', () => {
    const members = figures.find((r) => r.printed === '同比增长8.5%')!;
    expect(members.sources.map((s) => `${s.file}:${s.line}`)).toEqual(['metrics/2023.csv:2', 'metrics/2024.yaml:1']);
    expect(members.sources.map((s) => s.value)).toEqual([1150, 1248]);
    const lectures = figures.find((r) => r.printed === '同比增长12.5%' && r.counts.includes('guidance/ideology'))!;
    expect(lectures.sources.filter((s) => s.file === 'activities/2023/log.yaml').map((s) => s.value)).toEqual([2, 2, 4]);
    expect(lectures.sources.filter((s) => s.file === 'activities/2024/log.yaml').map((s) => s.value)).toEqual([3, 3, 3]);
  });

  it('traces a 完成率 to the entries of the year to date', () => {
    const rate = figures.find((r) => r.printed === '完成率112.5%')!;
    expect(rate).toMatchObject({ value: 1.125, metric: 'lectures' });
    expect(rate.sources.reduce((s, e) => s + e.value!, 0)).toBe(9);
  });

  it('explains with last year beside', () => {
    const { stdout } = run(['explain', '2024', 'lectures', '-C', fixture]);
    expect(stdout.trim().split('\n').slice(-2)).toEqual(['合计 9 场次（3 条记录）', '上年同期 2023：8 场次（3 条），同比增长12.5%']);
  });
});

describe('a broken previous year never stops this year’s build', () => {
  let project: string;
  beforeAll(() => {
    project = copyOfFixture();
    writeFileSync(path.join(project, 'activities/2023/broken.yaml'), '- date: 2023-06-01\n  section: guidance\n  theme: ideology\n  title: 旧记录\n  metrics: {old_metric: 3}\n');
    writeFileSync(path.join(project, 'activities/2023/syntax.yaml'), '- date: 2023-06-02\n  title: "未闭合\n');
    writeFileSync(path.join(project, 'metrics/2023.csv'), 'metric,value\nmembers,1150人\n');
  });

  it('builds, warning about each broken file by name and line', () => {
    const out = temporaryFolder('yoy-broken');
    const { status, stderr } = run(['build', '2024', '-C', project, '--format', 'md', '--out', out]);
    expect(status).toBe(0);
    expect(stderr).toMatch(/activities\/2023\/broken\.yaml:5:\d+\s+warning\s+2023 年数据（仅用于同比，不影响本年度）：.*old_metric.*\[previous-year-unknown-metric\]/);
    expect(stderr).toMatch(/activities\/2023\/syntax\.yaml:\d+:\d+\s+warning\s+2023 年数据.*\[previous-year-yaml-/);
    expect(stderr).toMatch(/metrics\/2023\.csv:2:2\s+warning\s+2023 年数据.*\[previous-year-number-with-unit\]/);
    expect(stderr).toMatch(/0 个错误，3 个警告/);
    const markdown = readFileSync(path.join(out, 'bulletin.md'), 'utf8');
    expect(markdown).toContain('开展宣讲9场次，同比增长12.5%'); // the valid 2023 entries still count
    expect(markdown).toContain('全区共有团员1248名，完成率124.8%。'); // no usable 2023 figure: no 同比, its prefix dropped too
  });

  it('still gives stats, the unusable figure shown as unknown', () => {
    const stats = statsJson(project, '2024');
    expect(stats.metrics.find((m) => m.id === 'members')).toMatchObject({ value: 1248, previous: { value: null }, yoy: null });
    expect(stats.metrics.find((m) => m.id === 'lectures')).toMatchObject({ previous: { value: 8 } });
  });

  it('shows a figure of last year past 2^53 − 1 as it was read, marked, in stats and explain', () => {
    const huge = copyOfFixture();
    rmSync(path.join(huge, 'metrics/2023.csv'));
    writeFileSync(path.join(huge, 'metrics/2023.yaml'), 'members: 100000000000000000000\n');
    const stats = run(['stats', '2024', '-C', huge]);
    expect(stats.status).toBe(0);
    expect(stats.stderr).toMatch(/metrics\/2023\.yaml:1:10\s+warning\s+2023 年数据.*\[previous-year-number-too-large\]/);
    expect(stats.stdout).toContain('100000000000000000000（不精确）');
    const explain = run(['explain', '2024', 'members', '-C', huge]);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain('上年同期 2023：100000000000000000000（不精确） 名');
  });

  it('fails with --strict, as any warning does', () => {
    const { status } = run(['validate', '2024', '-C', project, '--strict']);
    expect(status).toBe(1);
  });

  it('is not reported when building without any previous year', () => {
    const alone = copyOfFixture();
    const { status, stderr } = run(['stats', '2023', '-C', alone, '--json']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('targets in summarize.yaml', () => {
  it('reports a target for a metric that does not exist, at its key, with a suggestion', () => {
    const project = copyOfFixture();
    const config = path.join(project, 'summarize.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('    lectures: 8\n', '    lectrues: 8\n'));
    const { status, stderr } = run(['validate', '2024', '-C', project]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/summarize\.yaml:\d+:5\s+error\s+targets 中 2024 年的指标 “lectrues” 没有在 metrics 中定义\s+\[unknown-metric\]\n\s+→ 是不是 lectures？/);
  });

  it('refuses targets without a year, showing the rewrite, and rates a year only against its own targets', () => {
    const project = copyOfFixture();
    const config = path.join(project, 'summarize.yaml');
    const text = readFileSync(config, 'utf8');
    writeFileSync(config, text.replace('targets:\n  2024:\n    lectures: 8\n    members: 1000\n', 'targets:\n  lectures: 8\n  members: 1000\n'));
    const old = run(['validate', '2024', '-C', project]);
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(/summarize\.yaml:\d+:3\s+error\s+targets 要写明是哪一年的目标/);
    expect(old.stderr).toContain('targets: {2024: {lectures: 8, members: 1000}}');
    // 2023's logs are there, but the targets are 2024's: a 2023 document that asks for 完成率 says so.
    writeFileSync(config, text);
    const earlier = run(['build', '2023', '-C', project, '--format', 'md', '--out', path.join(project, 'out-2023')]);
    expect(earlier.status).toBe(1);
    expect(earlier.stderr).toContain('没有 2023 年 lectures（宣讲）的目标');
  });

  it('rejects a negative target', () => {
    const project = copyOfFixture();
    const config = path.join(project, 'summarize.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('    lectures: 8\n', '    lectures: -8\n'));
    expect(run(['validate', '2024', '-C', project]).stderr).toMatch(/\[negative-number\]/);
  });
});
