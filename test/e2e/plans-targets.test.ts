// End to end, plans and targets across years, in traditional script: the built CLI on
// test/fixtures/plans-hant, a second organisation (共青团临江区委, Hong Kong characters) whose
// plans/2022.yaml and plans/2023.yaml set each year's goals. A year is rated only against its own
// goals; the plan prints as a document of its own; its texts are checked like the logs'.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/write/figures-json.js';
import { temporaryFolder } from '../helpers/temp.js';
import { paragraphs, unzipParts } from '../write/docx-parts.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const fixture = path.join(repo, 'test/fixtures/plans-hant');

function run(...args: string[]) {
  const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copyOfFixture(): string {
  const dir = temporaryFolder('plans');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

function figures(file: string): AuditRecord[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { figures: AuditRecord[] }).figures;
}

describe('two years of one organisation, each rated against its own goals', () => {
  let project: string;
  const out = (year: number, file: string) => path.join(project, 'out', String(year), file);
  beforeAll(() => {
    project = copyOfFixture();
    expect(run('build', '2022', '-C', project, '--kind', 'annual,plan', '--format', 'md,docx').status).toBe(0);
    expect(run('build', '2023', '-C', project, '--format', 'md,docx').status).toBe(0);
  }, 60_000);

  it('2022 against plans/2022.yaml, 2023 against plans/2023.yaml and the adjusted target in summarize.yaml', () => {
    const rates = (year: number) =>
      figures(out(year, 'annual.hant-hk.figures.json'))
        .filter((f) => f.printed.startsWith('完成率'))
        .map((f) => `${f.metric} ${f.printed} ${f.counts.replace(/^.*年度目标 /, '')}`)
        .sort();
    expect(rates(2022)).toEqual([
      'camp_trainees 完成率92.0% 100（plans/2022.yaml）',
      'lectures 完成率110.0% 10（plans/2022.yaml）',
      'volunteers 完成率90.0% 2000（plans/2022.yaml）',
    ]);
    expect(rates(2023)).toEqual([
      'camp_trainees 完成率105.0% 120（plans/2023.yaml）',
      'lectures 完成率75.0% 12（plans/2023.yaml）',
      'volunteers 完成率90.0% 3000（summarize.yaml）',
    ]);
  });

  it('prints the wording of each year ({{#year}}) in Hong Kong characters, names protected, 新征程 kept', () => {
    const y2022 = readFileSync(out(2022, 'annual.hant-hk.md'), 'utf8');
    const y2023 = readFileSync(out(2023, 'annual.hant-hk.md'), 'utf8');
    expect(y2022).toContain('2022年，共青團臨江區委以喜迎建團百年為主線，團結帶領');
    expect(y2022).toContain('舉辦首期青年英才營，培訓學員92人，完成率92.0%。');
    expect(y2023).toContain('2023年，共青團臨江區委踏上新征程，團結帶領');
    expect(y2023).toContain('舉辦第二期青年英才營，培訓學員126人，完成率105.0%。');
    for (const text of [y2022, y2023]) {
      expect(text).toContain('開展“臨江青年說”等宣講');
      expect(text).toContain('青年志願者余華獲評');
      expect(text).not.toMatch(/徵程|餘華/);
    }
    expect(y2022).toContain('在新征程上展現青春作為。');
    expect(y2022).toContain('頭髮花白的老黨員擔任導師。');
    expect(y2022).toContain('幹部帶頭參加。');
  });

  it('the plan of 2023 is a document of its own: its title, its headings on their own line, its closing, no figures of the summary', () => {
    const plan = readFileSync(out(2022, 'plan.hant-hk.md'), 'utf8');
    expect(plan).toMatch(/^# 共青團臨江區委2023年工作安排\n/);
    expect(plan).toContain('\n新的一年，團區委將團結帶領全區團員青年，在新征程上展現青春作為。\n\n共青團臨江區委\\\n');
    const parts = unzipParts(readFileSync(out(2022, 'plan.hant-hk.docx')));
    expect(parts['docProps/core.xml']).toContain('<dc:title>共青團臨江區委2023年工作安排</dc:title>');
    const list = paragraphs(parts['word/document.xml']!);
    const headings = list.filter((p) => p.style === 'Level1Heading').map((p) => p.text);
    expect(headings).toEqual(['一、深化政治教育，堅定理想信念', '二、服務青年發展，建功新時代']);
    expect(list.find((p) => p.text.startsWith('（一）辦好'))?.style).toBe('Body');
    expect(figures(out(2022, 'plan.hant-hk.figures.json'))).toEqual([]);
    const annual = unzipParts(readFileSync(out(2022, 'annual.hant-hk.docx')));
    expect(annual['docProps/core.xml']).toContain('<dc:title>共青團臨江區委2022年工作總結</dc:title>');
    expect(paragraphs(annual['word/document.xml']!).filter((p) => p.style === 'Level1Heading').map((p) => p.text)).toEqual([
      '一、深化政治教育',
      '二、服務青年發展',
      '三、2023年工作安排',
    ]);
  });

  it('a year with no goals set says so where 完成率 is asked for', () => {
    const earlier = copyOfFixture();
    mkdirSync(path.join(earlier, 'activities/2021'));
    writeFileSync(path.join(earlier, 'activities/2021/log.yaml'), '- date: 2021-06-01\n  section: politics\n  theme: lectures\n  title: 主题宣讲\n  metrics: {lectures: 5}\n');
    const { status, stderr } = run('build', '2021', '-C', earlier, '--format', 'md');
    expect(status).toBe(1);
    expect(stderr).toContain('没有 2021 年 lectures（宣讲）的目标');
    expect(stderr).toContain('在 plans/2021.yaml 的事项下写 targets: {lectures: 目标数}');
  });
});

describe('plans are checked like the logs', () => {
  it('validate reports what build --kind plan fails on, at file:line:column', () => {
    const project = copyOfFixture();
    const planFile = path.join(project, 'plans/2023.yaml');
    const text = readFileSync(planFile, 'utf8');
    writeFileSync(
      planFile,
      text.replace('        targets: {lectures: 12}\n', '        targets: {lectures: 12}\n        owner: 宣传部\n'),
    );
    const validate = run('validate', '2022', '-C', project);
    const build = run('build', '2022', '-C', project, '--kind', 'plan', '--format', 'md');
    expect(validate.status).toBe(1);
    expect(build.status).toBe(1);
    const errors = (stderr: string) => stderr.split('\n').filter((line) => / {2}error {2}/.test(line)).sort();
    expect(errors(validate.stderr)).toEqual(errors(build.stderr));
    expect(validate.stderr).toMatch(/plans\/2023\.yaml:12:9 {2}error {2}sections 第1项的 items 第1项 中有不认识的字段 owner/);
    writeFileSync(planFile, text.replace('  - section: youth\n', '  - section: yuoth\n'));
    const section = run('validate', '2022', '-C', project);
    expect(section.status).toBe(1);
    expect(section.stderr).toMatch(/plans\/2023\.yaml:12:14 {2}error {2}部分 “yuoth” 没有在 summarize\.yaml 的 sections 中定义/);
    expect(errors(section.stderr)).toEqual(errors(run('build', '2022', '-C', project, '--kind', 'plan', '--format', 'md').stderr));
  }, 60_000);

  it('checks the plan texts’ punctuation (an error with --strict), and points at {{…}} that would print as typed', () => {
    const project = copyOfFixture();
    const planFile = path.join(project, 'plans/2023.yaml');
    const text = readFileSync(planFile, 'utf8');
    writeFileSync(planFile, text.replace('宣讲不少于12场次，覆盖各镇街。', '宣讲不少于{{sum "lectures"}}场次,覆盖“各镇街。'));
    const lenient = run('validate', '2022', '-C', project);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toMatch(/plans\/2023\.yaml:10:20 {2}warning {2}工作安排的文字原样印出，不是模板：“\{\{sum "lectures"\}\}” 会连同花括号一起印出/);
    expect(lenient.stderr).toMatch(/plans\/2023\.yaml:10:40 {2}warning {2}中文里用了半角标点 “,”/);
    expect(lenient.stderr).toMatch(/plans\/2023\.yaml:10:43 {2}warning {2}引号不成对/);
    expect(run('validate', '2022', '-C', project, '--strict').status).toBe(1);
  }, 30_000);

  it('a plan item sets a metric’s target once, for a metric that exists', () => {
    const project = copyOfFixture();
    const planFile = path.join(project, 'plans/2023.yaml');
    const text = readFileSync(planFile, 'utf8');
    writeFileSync(planFile, text.replace('targets: {camp_trainees: 120}', 'targets: {camp_trainee: 120, lectures: 3}'));
    const { status, stderr } = run('validate', '2022', '-C', project);
    expect(status).toBe(1);
    expect(stderr).toMatch(/plans\/2023\.yaml:\d+:\d+ {2}error {2}目标中的指标 “camp_trainee” 没有在 summarize\.yaml 的 metrics 中定义\s+\[unknown-metric\]\n\s+→ 是不是 camp_trainees？/);
    expect(stderr).toMatch(/error {2}指标 lectures 的目标已在第 \d+ 行定下（12），一个指标一年只有一个目标/);
  });

  it('a missing plans file is one error, with no warning about the built-in template', () => {
    const project = copyOfFixture();
    const { status, stderr } = run('build', '2023', '-C', project, '--kind', 'plan', '--format', 'md');
    expect(status).toBe(1);
    expect(stderr).toContain('plans/2024.yaml:1:1  error  没有找到 2024 年的工作安排');
    expect(stderr).toContain('1 个错误，0 个警告');
    expect(stderr).not.toContain('plan.year');
    expect(existsSync(path.join(project, 'out'))).toBe(false);
  });
});
