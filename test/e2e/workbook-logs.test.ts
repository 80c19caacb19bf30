// End to end: logs kept in spreadsheets, through the real CLI (built to dist/ by `npm test`).
// The logging workbook is written, filled in as a user would and built at once; a bad row is
// reported at its cell with the row as the code frame; and the example, with its second quarter
// in a workbook and its third in a CSV file, builds the same bytes as its all-YAML form.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillLogWorkbook } from '../helpers/log-workbook.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const work = temporaryFolder('workbook-e2e');

const summarize = (args: string[], cwd = work) => spawnSync('node', [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
// The metrics of templates/init/summarize.yaml.
const INIT_METRICS = [
  { id: 'lectures', label: '宣讲' },
  { id: 'pioneers_reached', label: '覆盖人数' },
  { id: 'members', label: '团员' },
];

describe('summarize init --workbook, filled in, built', { timeout: 60_000 }, () => {
  const project = path.join(work, 'new');
  const workbook = path.join(project, 'activities/2024/活动记录.xlsx');

  it('writes the workbook with the scaffold; a log filled in it builds at once, traced to its rows', async () => {
    const init = summarize(['init', project, '--year', '2024', '--workbook']);
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('activities/2024/活动记录.xlsx');
    await fillLogWorkbook(
      workbook,
      [
        { date: '2024-05-04', section: 'guidance', theme: 'ideology', title: '“五四”主题宣讲', unit: '团区委', tags: ['宣讲', '五四'], highlight: true, metrics: { lectures: 7, pioneers_reached: 300 } },
        { date: '2024-06-01', section: 'guidance', theme: 'ideology', title: '“六一”主题队日宣讲', metrics: { lectures: 5 } },
      ],
      INIT_METRICS,
    );
    const build = summarize(['build', '2024', '-C', project, '--format', 'md', '--out', path.join(work, 'out')]);
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const figures = readFileSync(path.join(work, 'out/bulletin.figures.json'), 'utf8');
    expect(figures).toContain('{"file":"activities/2024/活动记录.xlsx","sheet":"活动记录","line":2,"column":1,"date":"2024-05-04","title":"“五四”主题宣讲","value":7}');
    const explain = summarize(['explain', '2024', 'lectures', '-C', project]);
    expect(explain.stdout).toMatch(/活动记录\.xlsx:活动记录!A3 +2024-06-01 +“六一”主题队日宣讲 +5/);
  });

  it('templates workbook never replaces a workbook that exists', () => {
    const before = statSync(workbook).mtimeMs;
    const again = summarize(['templates', 'workbook', '-C', project, '--year', '2024']);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('已存在');
    expect(statSync(workbook).mtimeMs).toBe(before);
    const other = summarize(['templates', 'workbook', path.join(work, '台账.xlsx'), '-C', project, '--year', '2024']);
    expect(other.status).toBe(0);
    expect(existsSync(path.join(work, '台账.xlsx'))).toBe(true);
  });

  it('a bad row is reported at its cell, with the row under its header', async () => {
    await fillLogWorkbook(workbook, [{ date: '2024-05-04', section: 'guidence', theme: 'ideology', title: '宣讲' }], INIT_METRICS);
    const result = summarize(['validate', '2024', '-C', project]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('activities/2024/活动记录.xlsx:活动记录!B2  error  section “guidence” 没有在 summarize.yaml 的 sections 中定义');
    expect(result.stderr).toMatch(/ 1 +日期 +部分 +条目 +标题/);
    expect(result.stderr).toMatch(/> 2 +2024-05-04 +guidence +ideology +宣讲/);
  });
});

describe('examples/shangjie: workbook and CSV logs build the same bulletin as YAML', { timeout: 120_000 }, () => {
  it('gives byte-identical Markdown and DOCX', () => {
    const mixed = path.join(work, 'mixed');
    const yaml = path.join(work, 'yaml');
    const copy = (to: string) => copyExample('shangjie', to);
    copy(mixed);
    copy(yaml);
    rmSync(path.join(yaml, 'activities/2024/q2.xlsx'));
    rmSync(path.join(yaml, 'activities/2024/q3.csv'));
    for (const name of ['q2.yaml', 'q3.yaml']) cpSync(path.join(repo, 'test/fixtures/shangjie-yaml', name), path.join(yaml, 'activities/2024', name));
    for (const project of [mixed, yaml]) execFileSync('node', [cli, 'build', '2024', '-C', project, '--format', 'md,docx', '--out', path.join(project, 'out')]);
    for (const file of ['bulletin.md', 'bulletin.docx']) {
      expect(readFileSync(path.join(mixed, 'out', file)).equals(readFileSync(path.join(yaml, 'out', file))), file).toBe(true);
    }
    const figures = readFileSync(path.join(mixed, 'out/bulletin.figures.json'), 'utf8');
    expect(figures).toContain('"file":"activities/2024/q2.xlsx","sheet":"活动记录"');
    expect(figures).toContain('"file":"activities/2024/q3.csv","line"');
  });
});
