// Roll-up, aggregate and render stages: the units' events counted under the city's ids, totals per
// unit (byRollupUnit, beside byUnit's reporting units), the `unit=` filter of the helpers, perUnit,
// figure unit=/total=true, and the `units`/`own` context of templates.

import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregate, type Aggregates } from '../../src/aggregate/aggregate.js';
import { previousPeriod } from '../../src/model/period.js';
import { explainMetric } from '../../src/aggregate/query.js';
import { explanationText } from '../../src/cli/explain.js';
import { statistics } from '../../src/aggregate/statistics.js';
import { loadPreviousYear } from '../../src/load/previous-year.js';
import { loadProject } from '../../src/load/project.js';
import { loadTemplates } from '../../src/load/templates.js';
import { parsePeriod } from '../../src/model/period.js';
import { registerHelpers, TemplateProblem } from '../../src/render/helpers.js';
import { renderDocument } from '../../src/render/render-document.js';
import { FigureMarks } from '../../src/render/traced-number.js';
import { printedFigures } from '../../src/model/document.js';
import { printed, type PrintedFigure } from '../render/printed-figures.js';
import { validateProject, type ValidProject } from '../../src/validate/project.js';
import { cityWithTwoDistricts, configYaml, eventsYaml } from '../helpers/rollup-fixtures.js';

const y2024 = parsePeriod('2024');

function checked(root: string): { project: ValidProject; aggregates: Aggregates } {
  const raw = loadProject(root, 2024);
  const { project, diagnostics } = validateProject(raw, y2024);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const previousRaw = loadPreviousYear(raw, 2024);
  const previous = previousRaw && validateProject(previousRaw, previousPeriod(y2024)!).project;
  return { project: project!, aggregates: aggregate(project!, y2024, previous ? aggregate(previous, previousPeriod(y2024)!) : undefined) };
}

let root: string;
let city: { project: ValidProject; aggregates: Aggregates };

beforeAll(() => {
  root = cityWithTwoDistricts({ 'districts/b/activities/2023/log.yaml': eventsYaml([{ date: '2023-03-10', title: '乙区去年宣讲', metrics: { lectures: 2, reached: 400 } }]) });
  city = checked(root);
});

describe('aggregation under the city’s ids', () => {
  it('counts every unit’s events in the city’s sections and themes', () => {
    const { aggregates } = city;
    expect(aggregates.total).toEqual({ count: 7, metrics: { lectures: 8, reached: 2060 } });
    expect(Object.fromEntries(Object.entries(aggregates.bySection).map(([id, t]) => [id, t.count]))).toEqual({ guidance: 5, service: 2 });
    expect(aggregates.byTheme['guidance/ideology']!.metrics).toEqual({ lectures: 8, reached: 1900 });
  });

  it('totals per unit in the order units: lists them, then the city’s own (本级)', () => {
    const { aggregates } = city;
    expect(aggregates.byRollupUnit).toEqual({
      共青团甲区委: { count: 3, metrics: { lectures: 3, reached: 500 } },
      共青团乙区委: { count: 2, metrics: { lectures: 4, reached: 960 } },
      共青团测试市委: { count: 2, metrics: { lectures: 1, reached: 600 } },
    });
    expect(aggregates.rollupUnits!.map((u) => [u.folder, u.place, u.short, u.own, Object.keys(u.figures)])).toEqual([
      ['districts/a', '甲区', '团区委', false, ['homes']],
      ['districts/b', '乙区', '团区委', false, ['homes']],
      ['.', '测试市', '团市委', true, ['homes']],
    ]);
  });

  it('keeps byUnit for reporting units; a unit’s event without unit: counts under the unit’s name', () => {
    expect(Object.fromEntries(Object.entries(city.aggregates.byUnit).map(([k, t]) => [k, t.count]))).toEqual({
      共青团乙区委: 2,
      共青团甲区委: 2,
      团市委: 2,
      甲区某街道团工委: 1,
    });
  });

  it('a project without units has no byRollupUnit', () => {
    const alone = checked(cityWithTwoDistricts({ 'summarize.yaml': configYaml({ name: '共青团测试市委' }) }));
    expect(alone.aggregates.byRollupUnit).toBeUndefined();
    expect(alone.aggregates.rollupUnits).toBeUndefined();
  });

  it('stats: per-unit figures this year and last', () => {
    const stats = statistics(city.project.config, city.aggregates);
    expect(stats.rollupUnits!.map((u) => u.place)).toEqual(['甲区', '乙区', '测试市']);
    expect(stats.events.byRollupUnit).toEqual({ 共青团甲区委: 3, 共青团乙区委: 2, 共青团测试市委: 2 });
    const lectures = stats.metrics.find((m) => m.id === 'lectures')!;
    expect(lectures.byRollupUnit).toEqual({ 共青团甲区委: 3, 共青团乙区委: 4, 共青团测试市委: 1 });
    expect(lectures.previous!.byRollupUnit).toEqual({ 共青团甲区委: 0, 共青团乙区委: 2, 共青团测试市委: 0 });
  });
});

describe('one rule in a roll-up (aggregate/query.ts)', () => {
  it('perUnit gives each unit what sum unit= gives it, from events or from the unit’s own figure', () => {
    for (const metric of ['lectures', 'homes']) {
      const perUnit = render(`{{perUnit "${metric}" own=true zero=true}}`).uses.map((u) => u.value);
      const sums = ['甲区', '乙区', '本级'].map((unit) => render(`{{sum "${metric}" unit="${unit}"}}`).uses[0]!.value);
      expect(perUnit).toEqual(sums);
    }
  });

  it('the roll-up as a whole has no standalone figure (not added up): sum 0, stats —, explain no entry', () => {
    expect(render('{{sum "homes"}}').text).toBe('0');
    expect(statistics(city.project.config, city.aggregates).metrics.find((m) => m.id === 'homes')).toMatchObject({ value: null, origin: null });
    expect(explainMetric(city.aggregates, 'homes')).toMatchObject({ total: 0, entries: [], unknown: true });
    expect(explanationText(explainMetric(city.aggregates, 'homes'), { title: '', unit: '家', color: false, rollup: true })).toContain('各单位的统计数不相加');
    expect(render('{{figure "homes"}}').text).toBe('2'); // asked for by name: the city's own file
  });
});

function render(template: string, scope: object = {}, aggregates = city.aggregates): { text: string; uses: PrintedFigure[] } {
  const marks = new FigureMarks();
  const hb = Handlebars.create();
  registerHelpers(hb, city.project.config, aggregates, marks);
  return printed(marks, hb.compile(template, { noEscape: true })({ scope }));
}

describe('unit= on the helpers', () => {
  it.each([
    ['{{sum "lectures" unit="共青团乙区委"}}', '4'], // full name
    ['{{sum "lectures" unit="districts/a"}}', '3'], // folder
    ['{{sum "lectures" unit="b"}}', '4'], // the folder's last part
    ['{{sum "reached" unit="甲区"}}', '500'], // place
    ['{{sum "lectures" unit="本级"}}', '1'], // the city's own events
    ['{{count unit="团市委"}}', '2'], // the city's short name is unique
    ['{{count unit="甲区" tag="宣讲"}}', '2'],
    ['{{titles unit="乙区"}}', '乙区宣讲、乙区志愿服务'],
    ['{{yoy "lectures" unit="乙区"}}', '同比增长100.0%'],
    ['{{figure "homes" unit="乙区"}}', '7'],
    ['{{figure "homes"}}', '2'], // figures are not added up…
    ['{{figure "homes" total=true}}', '14'], // …unless asked
  ])('%s → %s', (template, text) => {
    expect(render(template).text).toBe(text);
  });

  it('narrows the scope it is used in (a theme’s summary)', () => {
    expect(render('{{sum "lectures" unit="甲区"}}', { section: 'guidance', theme: 'activities' }).text).toBe('0');
    expect(render('{{count unit="乙区"}}', { section: 'service', theme: 'volunteering' }).text).toBe('1');
  });

  it('records the figure with its unit and the unit’s own lines', () => {
    const { uses } = render('{{sum "reached" unit="甲区"}}');
    expect(uses.map((u) => [u.counts, u.value, u.sources.map((s) => s.source.file.replace(/^.*\/districts/, 'districts'))])).toEqual([
      ['指标reached（reached） unit=共青团甲区委', 500, ['districts/a/activities/2024/log.yaml', 'districts/a/activities/2024/log.yaml']],
    ]);
  });

  it.each([
    ['{{sum "lectures" unit="团区委"}}', /unit="团区委" 对应 2 个单位/],
    ['{{sum "lectures" unit="丙区"}}', /unit="丙区" 不是汇总的单位/],
  ])('%s is a template problem', (template, message) => {
    expect(() => render(template)).toThrow(TemplateProblem);
    expect(() => render(template)).toThrow(message);
  });

  it('figure total=true past 2^53 − 1 is a template problem, not a rounded number', () => {
    const huge = checked(cityWithTwoDistricts({ 'districts/a/metrics/2024.yaml': 'homes: 5000000000000000\n', 'districts/b/metrics/2024.yaml': 'homes: 5000000000000000\n' }));
    expect(() => render('{{figure "homes" total=true}}', {}, huge.aggregates)).toThrow(TemplateProblem);
    expect(() => render('{{figure "homes" total=true}}', {}, huge.aggregates)).toThrow(/homes（指标homes）合计超出了能精确计算的范围/);
    expect(render('{{figure "homes" unit="甲区"}}', {}, huge.aggregates).text).toBe('5000000000000000');
  });

  it('figure total=true adds decimals up as in decimal', () => {
    const hundredths = checked(cityWithTwoDistricts({ 'districts/a/metrics/2024.yaml': 'homes: 0.01\n', 'districts/b/metrics/2024.yaml': 'homes: 0.27\n' }));
    // The units' figures, then the city's own (2), added in binary:
    expect(0.01 + 0.27 + 2).toBe(2.2800000000000002);
    expect(render('{{figure "homes" total=true}}', {}, hundredths.aggregates).uses.map((u) => [u.printed, u.value])).toEqual([['2.28', 2.28]]);
  });

  it('is a template problem in a project without units', () => {
    const alone = checked(cityWithTwoDistricts({ 'summarize.yaml': configYaml({ name: '共青团测试市委' }) }));
    expect(() => render('{{count unit="甲区"}}', {}, alone.aggregates)).toThrow(/只用于汇总其他单位的项目/);
  });
});

describe('perUnit', () => {
  it.each([
    ['{{perUnit "lectures"}}', '甲区3场次、乙区4场次'],
    ['{{perUnit "lectures" sort="desc" own=true}}', '乙区4场次、甲区3场次、团市委本级1场次'],
    ['{{perUnit "reached" sort="desc" limit=1 approx=true}}', '乙区960人次'],
    ['{{perUnit}}', '甲区3场、乙区2场'],
    ['{{perUnit unit="条"}}', '甲区3条、乙区2条'],
    ['{{perUnit "homes" own=true}}', '甲区5家、乙区7家、团市委本级2家'], // not on events: each unit's figure
  ])('%s → %s', (template, text) => {
    expect(render(template).text).toBe(text);
  });

  it('leaves out units with nothing in the scope, unless zero=true', () => {
    const scope = { section: 'service', theme: 'volunteering' };
    expect(render('{{perUnit}}', scope).text).toBe('乙区1场');
    expect(render('{{perUnit zero=true}}', scope).text).toBe('甲区0场、乙区1场');
  });
});

describe('templates: units and own in the context', () => {
  it('lists per-unit figures with {{#each units}}, the built-in {{> units}} partial and own', () => {
    const template = [
      '# {{document.title}}',
      '',
      '{{#each units}}{{place}}（{{name}}，{{folder}}）{{eventCount}}场，宣讲{{sums.lectures}}场次，其中志愿服务{{count unit=name section="service"}}场。',
      '',
      '{{/each}}',
      '{{> units}}',
      '{{own.short}}本级{{own.eventCount}}场。',
      '',
    ].join('\n');
    const project = cityWithTwoDistricts({ 'templates/bulletin.md.hbs': template });
    const { project: valid, aggregates } = checked(project);
    const rendered = renderDocument(valid.config, aggregates, loadTemplates(project, 'bulletin'));
    // 甲区 has no 志愿服务 event: the sentence prints 0场, which is worth a warning.
    expect(rendered.diagnostics.map((d) => [d.line, d.severity, d.code])).toEqual([[3, 'warning', 'template-zero-figure']]);
    expect(rendered.markdown).toBe(
      [
        '# 测试标题',
        '',
        '甲区（共青团甲区委，districts/a）3场，宣讲3场次，其中志愿服务0场。',
        '',
        '乙区（共青团乙区委，districts/b）2场，宣讲4场次，其中志愿服务1场。',
        '',
        '甲区：开展活动3场，指标lectures3场次，指标reached500人次。',
        '',
        '乙区：开展活动2场，指标lectures4场次，指标reached960人次。',
        '',
        '团市委本级2场。',
        '',
      ].join('\n'),
    );
    expect(printedFigures(rendered.model!).some(({ figure }) => figure.counts === '活动条数 unit=共青团甲区委' && figure.value === 3)).toBe(true);
  });
});
