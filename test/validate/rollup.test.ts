// Roll-up, validate stage: a unit is checked with its own summarize.yaml, then every section,
// theme and metric id it uses must exist in the including project's; a mismatch is an error at the
// unit's own file and line, naming the unit, with a "是不是…" when a close id exists.

import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.js';
import { parsePeriod } from '../../src/model/period.js';
import { validateProject } from '../../src/validate/project.js';
import { cityWithTwoDistricts, configYaml, eventsYaml } from '../helpers/rollup-fixtures.js';

const y2024 = parsePeriod('2024');
const check = (root: string) => validateProject(loadProject(root, 2024), y2024);
const brief = (d: { file: string; line: number; column: number; severity: string; code: string }) => ({
  // Paths from the city's folder: districts/a/…, or the city's own summarize.yaml.
  file: d.file,
  line: d.line,
  column: d.column,
  severity: d.severity,
  code: d.code,
});

describe('a valid roll-up', () => {
  it('keeps the units in order, with every event, each marked with the unit that logged it', () => {
    const { project, diagnostics } = check(cityWithTwoDistricts());
    expect(diagnostics).toEqual([]);
    expect(project!.units!.map((u) => [u.folder, u.name, u.short])).toEqual([
      ['districts/a', '共青团甲区委', '团区委'],
      ['districts/b', '共青团乙区委', '团区委'],
    ]);
    expect(project!.activities.map((a) => [a.title, a.rollupUnit])).toEqual([
      ['市级宣讲启动', undefined],
      ['市级志愿服务', undefined],
      ['甲区宣讲一', '共青团甲区委'],
      ['甲区宣讲二', '共青团甲区委'],
      ['甲区主题活动', '共青团甲区委'],
      ['乙区宣讲', '共青团乙区委'],
      ['乙区志愿服务', '共青团乙区委'],
    ]);
    expect(project!.figures.map((f) => f.value)).toEqual([2]);
    expect(project!.units!.map((u) => u.figures.map((f) => f.value))).toEqual([[5], [7]]);
  });

  it('a project without units: is what it was', () => {
    const { project } = check(cityWithTwoDistricts({ 'summarize.yaml': configYaml({ name: '共青团测试市委' }) }));
    expect(project!.units).toBeUndefined();
    expect(project!.activities).toHaveLength(2);
  });
});

describe('ids a unit uses must exist in the including project', () => {
  it('a section: error at the unit’s line, naming the unit, with 是不是…', () => {
    const root = cityWithTwoDistricts({
      'districts/a/summarize.yaml': configYaml({ name: '共青团甲区委', sections: { guidance: ['ideology'], servise: ['volunteering'] } }),
      'districts/a/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-05', section: 'servise', theme: 'volunteering', title: '甲区志愿服务', metrics: { reached: 30 } }]),
    });
    const { diagnostics } = check(root);
    expect(diagnostics.map(brief)).toEqual([{ file: 'districts/a/activities/2024/log.yaml', line: 2, column: 12, severity: 'error', code: 'rollup-unknown-section' }]);
    expect(diagnostics[0]!.message).toBe('单位“共青团甲区委”（districts/a）的 section “servise” 在汇总项目的 {0} 中没有定义');
    expect(diagnostics[0]!.mentions).toEqual([{ file: 'summarize.yaml' }]);
    expect(diagnostics[0]!.hint).toBe('是不是 service？');
  });

  it('a theme of a section both define', () => {
    const root = cityWithTwoDistricts({
      'districts/b/summarize.yaml': configYaml({ name: '共青团乙区委', sections: { guidance: ['ideology', 'activites'], service: ['volunteering'] } }),
      'districts/b/activities/2024/log.yaml': eventsYaml([{ date: '2024-05-05', theme: 'activites', title: '乙区主题活动' }]),
    });
    const { diagnostics } = check(root);
    expect(diagnostics.map(brief)).toEqual([{ file: 'districts/b/activities/2024/log.yaml', line: 3, column: 10, severity: 'error', code: 'rollup-unknown-theme' }]);
    expect(diagnostics[0]!.message).toContain('单位“共青团乙区委”（districts/b）的 theme “activites”');
    expect(diagnostics[0]!.hint).toBe('是不是 activities？');
  });

  it('a metric, on an event (at its key) and in the unit’s metrics file', () => {
    const root = cityWithTwoDistricts({
      'districts/a/summarize.yaml': configYaml({ name: '共青团甲区委', metrics: { lectures: '场次', reachd: '人次', homes: '家' } }),
      'districts/a/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-05', title: '甲区宣讲', metrics: { lectures: 1, reachd: 300 } }]),
      'districts/a/metrics/2024.yaml': 'homes: 5\nreachd: 1000\n',
    });
    const { diagnostics } = check(root);
    expect(diagnostics.map(brief)).toEqual([
      { file: 'districts/a/activities/2024/log.yaml', line: 5, column: 26, severity: 'error', code: 'rollup-unknown-metric' },
      { file: 'districts/a/metrics/2024.yaml', line: 2, column: 1, severity: 'error', code: 'rollup-unknown-metric' },
    ]);
    expect(diagnostics.map((d) => d.hint)).toEqual(['是不是 reached？', '是不是 reached？']);
  });

  it('an id the unit itself lacks is reported once, by the unit’s own check', () => {
    const root = cityWithTwoDistricts({
      'districts/a/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-05', section: 'guidence', title: '甲区宣讲' }]),
    });
    const { diagnostics } = check(root);
    expect(diagnostics.map(brief)).toEqual([{ file: 'districts/a/activities/2024/log.yaml', line: 2, column: 12, severity: 'error', code: 'unknown-section' }]);
  });

  it('a metric both define in different counting words is a warning at the unit’s definition', () => {
    const root = cityWithTwoDistricts({ 'districts/b/summarize.yaml': configYaml({ name: '共青团乙区委', metrics: { lectures: '场', reached: '人次', homes: '家' } }) });
    const { diagnostics } = check(root);
    expect(diagnostics.map(brief)).toEqual([{ file: 'districts/b/summarize.yaml', line: 10, column: 45, severity: 'warning', code: 'rollup-metric-unit' }]);
  });
});

describe('what else a roll-up checks', () => {
  it('each unit has a name of its own', () => {
    const root = cityWithTwoDistricts({ 'districts/b/summarize.yaml': configYaml({ name: '共青团甲区委' }) });
    const { diagnostics } = check(root);
    expect(diagnostics.map(brief)).toEqual([{ file: 'districts/b/summarize.yaml', line: 2, column: 9, severity: 'error', code: 'duplicate-unit-name' }]);
    expect(diagnostics[0]!.message).toContain('districts/a');
  });

  it('warnings about a unit’s summarize.yaml texts stay the unit’s; its errors are reported', () => {
    const warned = cityWithTwoDistricts({ 'districts/a/summarize.yaml': configYaml({ name: '共青团甲区委' }).replace('title: 测试标题', 'title: 测试(标题)') });
    expect(check(warned).diagnostics).toEqual([]);
    const broken = cityWithTwoDistricts({ 'districts/a/summarize.yaml': configYaml({ name: '共青团甲区委' }).replace('  office: 测试办公室\n', '') });
    expect(check(broken).diagnostics.map(brief)).toEqual([expect.objectContaining({ file: 'districts/a/summarize.yaml', severity: 'error', code: 'missing-field' })]);
  });

  it('a total past 2^53 − 1 over the units together is an error at the event that took it there', () => {
    // Each district's own total is exact; the city's, which {{sum}} prints, would not be.
    const big = 5_000_000_000_000_000;
    const root = cityWithTwoDistricts({
      'districts/a/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-05', title: '甲区宣讲', metrics: { reached: big } }]),
      'districts/b/activities/2024/log.yaml': eventsYaml([
        { date: '2024-03-10', title: '乙区宣讲', metrics: { lectures: 4 } },
        { date: '2024-07-10', title: '乙区又一场宣讲', metrics: { reached: big } },
      ]),
    });
    expect(check(root).diagnostics.map(brief)).toEqual([{ file: 'districts/b/activities/2024/log.yaml', line: 6, column: 3, severity: 'error', code: 'total-too-large' }]);
    expect(check(cityWithTwoDistricts({ 'districts/b/activities/2024/log.yaml': eventsYaml([{ date: '2024-03-10', title: '乙区宣讲', metrics: { reached: big } }]) })).diagnostics).toEqual([]);
  });

  it('a unit whose own total is past 2^53 − 1 is reported once', () => {
    const root = cityWithTwoDistricts({
      'districts/b/activities/2024/log.yaml': eventsYaml([
        { date: '2024-03-10', title: '乙区宣讲', metrics: { reached: 9_000_000_000_000_000 } },
        { date: '2024-07-10', title: '乙区又一场宣讲', metrics: { reached: 9_000_000_000_000_000 } },
      ]),
    });
    expect(check(root).diagnostics.map(brief)).toEqual([{ file: 'districts/b/activities/2024/log.yaml', line: 6, column: 3, severity: 'error', code: 'total-too-large' }]);
  });

  it('a unit is checked alone when the including project’s config is unusable, so one run shows everything', () => {
    const root = cityWithTwoDistricts({
      'summarize.yaml': configYaml({ name: '共青团测试市委', units: ['districts/*'] }).replace('  office: 测试办公室\n', ''),
      'districts/b/activities/2024/log.yaml': eventsYaml([{ date: '2023-03-10', title: '乙区宣讲' }]),
    });
    const { project, diagnostics } = check(root);
    expect(project).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['date-outside-year', 'missing-field']);
  });
});
