import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { registerHelpers, TemplateProblem, HELPERS, type HelperSpec } from '../../src/render/helpers.js';
import { FigureMarks } from '../../src/render/traced-number.js';
import { printed as printedBy, type PrintedFigure } from './printed-figures.js';
import type { Aggregates, EventFilter } from '../../src/aggregate/aggregate.js';
import { aggregatesOf, config, event } from '../aggregate/fixtures.js';

const y2024 = {
  events: [
    event('2024-03-05', { title: '春季主题宣讲', tags: ['宣讲'], metrics: { lectures: 3, reached: 5200 } }),
    event('2024-04-03', { theme: 'activities', title: '“清明网上祭英烈”主题活动', tags: ['主题活动'], highlight: true, metrics: { reached: 5800 } }),
    event('2024-05-04', { title: '五四主题宣讲', tags: ['宣讲', '主题活动'], highlight: true, metrics: { lectures: 4, reached: 234 } }),
    event('2024-06-01', { theme: 'activities', title: '庆六一主题队日', tags: ['主题活动'] }),
    event('2024-07-01', { theme: 'activities', title: '庆六一主题队日', tags: ['主题活动'] }),
    event('2024-09-18', { theme: 'activities', title: '“九一八”主题教育', tags: ['主题活动'], highlight: true }),
    ...Array.from({ length: 8 }, (_, i) => event(`2024-10-${String(i + 10)}`, { theme: 'activities', title: `主题团日${i + 1}`, tags: ['主题活动'] })),
    event('2024-11-01', { section: 'service', theme: 'volunteering', title: '河小青巡河', metrics: { lectures: 1 } }),
  ],
  figures: { members: 1248 },
};
const y2023 = {
  events: [event('2023-03-05', { metrics: { lectures: 8, reached: 9000 } })],
  figures: { members: 1150 },
};

function render(template: string, options: { scope?: EventFilter; aggregates?: Aggregates } = {}): { text: string; uses: PrintedFigure[] } {
  const marks = new FigureMarks();
  const hb = Handlebars.create();
  registerHelpers(hb, config, options.aggregates ?? aggregatesOf('2024', y2024, y2023), marks);
  return printedBy(marks, hb.compile(template, { noEscape: true })({ scope: options.scope ?? {}, list: ['甲', '乙'] }));
}
const ideology = { section: 'guidance', theme: 'ideology' };

describe('helpers: a figure printed as is', () => {
  it.each([
    [[0.1, 0.2], '0.3', 0.3],
    [[1e-7], '0.0000001', 1e-7],
    [[1e-7, 2e-7], '0.0000003', 3e-7],
  ])('sums of %j print as %s, in decimal digits', (values, text, value) => {
    const aggregates = aggregatesOf('2024', { events: values.map((reached, i) => event(`2024-03-0${i + 1}`, { metrics: { reached } })) });
    const result = render('{{sum "reached"}}', { aggregates });
    expect(result.text).toBe(text);
    expect(result.uses.map((u) => [u.printed, u.value])).toEqual([[text, value]]);
  });
});

describe('helpers: what they print and the figures they record', () => {
  it.each([
    // [template, scope, printed text, recorded figures as [printed, value, metric]]
    ['{{sum "lectures"}}', {}, '8', [['8', 8, 'lectures']]],
    ['{{sum "lectures"}}', ideology, '7', [['7', 7, 'lectures']]],
    ['{{sum "lectures" scope="all"}}', ideology, '8', [['8', 8, 'lectures']]],
    ['{{sum "lectures" section="service"}}', ideology, '1', [['1', 1, 'lectures']]],
    ['{{sum "reached" tag="主题活动"}}', {}, '6034', [['6034', 6034, 'reached']]],
    ['{{approx (sum "reached")}}', {}, '1.1万余', [['1.1万余', 11234, 'reached']]],
    ['{{number (sum "reached")}}', {}, '11234', [['11234', 11234, 'reached']]],
    ['{{count}}', {}, '15', [['15', 15, undefined]]],
    ['{{approx (count tag="主题活动")}}', {}, '10余', [['10余', 13, undefined]]],
    ['{{figure "members"}}', ideology, '1248', [['1248', 1248, 'members']]],
    // Logged on no event: the metrics file's figure, as yoy and rate take it (aggregate/query.ts).
    ['{{sum "members"}}', ideology, '1248', [['1248', 1248, 'members']]],
    ['{{#if (sum "members")}}有{{else}}无{{/if}}', {}, '有', []],
    ['{{titles tag="主题活动" limit=3}}', {}, '“清明网上祭英烈”主题活动、五四主题宣讲、庆六一主题队日', []],
    ['{{unit "reached"}}', {}, '人次', []],
    ['{{date "2024-05-04"}}', {}, '2024年5月4日', []],
    ['{{ordinal 11}}{{lead 2}}{{bracket 3}}', {}, '十一、二是（三）', []],
    ['{{join list}}', {}, '甲、乙', []],
  ] as const)('%s in scope %o → %s', (template, scope, text, figures) => {
    const result = render(template, { scope });
    expect(result.text).toBe(text);
    expect(result.uses.map((u) => [u.printed, u.value, u.metric])).toEqual(figures);
  });
});

describe('highlights: 举行“A”、“B”等10余场 in one call', () => {
  it.each([
    ['the highlighted titles, the count of all, approximate', '{{highlights tag="主题活动"}}', {}, '“清明网上祭英烈”主题活动、五四主题宣讲、“九一八”主题教育等10余场', ['10余', 13]],
    ['limit', '{{highlights tag="主题活动" limit=2}}', {}, '“清明网上祭英烈”主题活动、五四主题宣讲等10余场', ['10余', 13]],
    ['quote=true nests the quotes already there', '{{highlights tag="主题活动" limit=2 quote=true}}', {}, '“‘清明网上祭英烈’主题活动”、“五四主题宣讲”等10余场', ['10余', 13]],
    ['exact=true', '{{highlights tag="主题活动" limit=1 exact=true}}', {}, '“清明网上祭英烈”主题活动等13场', ['13', 13]],
    ['a unit word', '{{highlights tag="主题活动" limit=1 unit="项"}}', {}, '“清明网上祭英烈”主题活动等10余项', ['10余', 13]],
    ['the theme scope', '{{highlights}}', ideology, '五四主题宣讲等2场', ['2', 2]],
    ['no highlighted event: every title, each once', '{{highlights limit=2}}', { section: 'service' }, '河小青巡河等1场', ['1', 1]],
    ['a metric’s sum instead of a count, in its unit', '{{highlights metric="reached" limit=1}}', {}, '“清明网上祭英烈”主题活动等1.1万余人次', ['1.1万余', 11234]],
    ['nothing at all when nothing is in scope', '{{highlights tag="不存在"}}', {}, '', undefined],
  ] as const)('%s', (_, template, scope, text, figure) => {
    const result = render(template, { scope });
    expect(result.text).toBe(text);
    expect(result.uses.map((u) => [u.printed, u.value])).toEqual(figure ? [figure] : []);
  });

  it('traces the count to every event counted', () => {
    const { uses } = render('{{highlights tag="主题活动"}}');
    expect(uses[0]!.sources).toHaveLength(13);
    expect(uses[0]!.counts).toBe('活动条数 tag=主题活动');
  });

  it('escapes Markdown in titles', () => {
    const agg = aggregatesOf('2024', { events: [event('2024-01-01', { title: '*重点*活动', highlight: true })] });
    expect(render('{{highlights}}', { aggregates: agg }).text).toBe('\\*重点\\*活动等1场');
  });
});

describe('yoy and rate', () => {
  it.each([
    ['{{yoy "lectures"}}', {}, '持平', 0],
    ['{{yoy "lectures"}}', ideology, '同比下降12.5%', -0.125],
    ['{{yoy "reached"}}', {}, '同比增长24.8%', 0.248222],
    ['{{yoy "members" prefix="，"}}', {}, '，同比增长8.5%', 0.085217],
    ['{{yoy "members" prefix="（" suffix="）"}}', {}, '（同比增长8.5%）', 0.085217],
    ['{{rate "lectures"}}', {}, '完成率100.0%', 1],
    ['{{rate "lectures"}}', ideology, '完成率100.0%', 1], // targets are for the organisation
    ['{{rate "members" prefix="，"}}', {}, '，完成率124.8%', 1.248],
  ] as const)('%s in scope %o → %s', (template, scope, text, value) => {
    const { text: printed, uses } = render(template, { scope });
    expect(printed).toBe(text);
    expect(uses).toHaveLength(1);
    expect(uses[0]!.value).toBe(value);
    expect(uses[0]!.printed).toBe(text.replace(/^[，（]|）$/g, ''));
  });

  it('traces 同比 to both years’ entries', () => {
    const { uses } = render('{{yoy "lectures"}}');
    expect(uses[0]!.sources.map((s) => s.source.file.slice(0, 15))).toEqual(['activities/2024', 'activities/2024', 'activities/2024', 'activities/2023']);
    expect(uses[0]!.counts).toBe('同比 宣讲（lectures）：2024 8，2023 8');
  });

  it.each([
    ['no previous year', aggregatesOf('2024', y2024)],
    ['the metric absent last year', aggregatesOf('2024', y2024, { events: [event('2023-01-01', { metrics: { reached: 1 } })] })],
  ])('yoy prints nothing, prefix included, with %s', (_, aggregates) => {
    expect(render('宣讲{{yoy "lectures" prefix="，"}}。', { aggregates })).toEqual({ text: '宣讲。', uses: [] });
  });

  it('rate measures the year to date for a part of the year', () => {
    expect(render('{{rate "lectures"}}', { aggregates: aggregatesOf('2024-Q2', y2024) }).text).toBe('完成率87.5%');
  });
});

describe('helpers: template mistakes become positioned problems', () => {
  it.each([
    ['{{sum "lectrues"}}', /“lectrues” 没有在 summarize\.yaml 的 metrics 中定义/],
    ['{{figure "reached"}}', /metrics\/2024\.yaml（或 \.csv）中没有 reached/],
    ['{{approx "多"}}', /approx 需要一个数字/],
    ['{{ordinal 0}}', /1 到 99/],
    ['{{highlights limit=0}}', /limit 应是正整数/],
    ['{{highlights metric="nope"}}', /“nope” 没有在/],
    ['{{yoy "nope"}}', /“nope” 没有在/],
    ['{{rate "reached"}}', /没有 2024 年 reached（覆盖人数）的目标/],
  ])('%s', (template, message) => {
    const error = (() => {
      try {
        render(`前文\n  ${template}`);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TemplateProblem);
    expect((error as TemplateProblem).message).toMatch(message);
    expect((error as TemplateProblem).line).toBe(2);
  });

  it('rate without any value this year says so', () => {
    const aggregates = aggregatesOf('2024', { events: [] });
    expect(() => render('{{rate "lectures"}}', { aggregates })).toThrow(/2024 年没有 lectures/);
  });
});

describe('year: wording of some years only', () => {
  it.each([
    ['{{#year 2024}}首次{{/year}}举办', '2024', '首次举办'],
    ['{{#year 2024}}首次{{/year}}举办', '2025', '举办'],
    ['{{#year 2022}}首期{{else}}第二期{{/year}}', '2024', '第二期'],
    ['{{#year 2023 2024}}{{join list}}{{/year}}', '2024', '甲、乙'],
    ['{{#year 2024}}{{sum "lectures" scope="all"}}场{{/year}}', '2024', '8场'],
  ])('%s in %s → %s', (template, period, printed) => {
    expect(render(template, { aggregates: aggregatesOf(period, period === '2024' ? y2024 : { events: [] }) }).text).toBe(printed);
  });

  it.each([
    ['{{year 2024}}', /year 是成对使用的块助手/],
    ['{{#year "明年"}}x{{/year}}', /year 需要四位年份，得到 “明年”/],
  ])('%s', (template, message) => {
    expect(() => render(template)).toThrow(message);
  });
});

describe('HELPERS', () => {
  it('documents every helper registered, and only those', () => {
    const hb = Handlebars.create();
    const builtIn = new Set(Object.keys(hb.helpers));
    registerHelpers(hb, config, aggregatesOf('2024', y2024), new FigureMarks());
    const ours = Object.keys(hb.helpers).filter((name) => !builtIn.has(name));
    expect(HELPERS.map((d) => d.name).sort()).toEqual(ours.sort());
  });
});

/** The mistake a call can make with its positional arguments: one too many, or none when one is needed. */
function wrongCall(spec: HelperSpec): string {
  const required = spec.params.filter((p) => !p.optional).length;
  if (required > 0) return `{{${spec.name}}}`;
  return `{{${spec.name} ${Array.from({ length: spec.params.length + 1 }, () => '"x"').join(' ')}}}`;
}

describe('every helper called wrongly says so briefly, at the call, with a right call', () => {
  it.each(HELPERS.map((spec) => [spec.name, spec] as const))('%s', (_name, spec) => {
    const call = wrongCall(spec);
    let error: unknown;
    try {
      render(`前文\n  ${call}`);
    } catch (e) {
      error = e;
    }
    expect(error, call).toBeInstanceOf(TemplateProblem);
    const problem = error as TemplateProblem;
    expect([problem.line, problem.column]).toEqual([2, 3]);
    expect(problem.message.length).toBeLessThan(80);
    expect(problem.message).toContain(spec.name);
    expect(problem.hint).toBe(`正确写法：${spec.example}`);
  });

  it.each([
    ['{{approx "多"}}', 'approx'],
    ['{{number list}}', 'number'],
    ['{{ordinal "一"}}', 'ordinal'],
    ['{{date 20240504}}', 'date'],
    // Past 2^53 − 1 a number is no longer the one written: src/numbers refuses to print it.
    ['{{number 99999999999999999999}}', 'number'],
    ['{{approx 99999999999999999999}}', 'approx'],
    ['{{ordinal 99999999999999999999}}', 'ordinal'],
    // Each would have printed something else without a word: one title fewer, one title, the theme's count.
    ['{{titles limit=-1}}', 'titles'],
    ['{{titles limit=1.5}}', 'titles'],
    ['{{count scope="al"}}', 'count'],
    ['{{#year nothing}}只在这一年{{/year}}', 'year'],
  ])('a wrong value: %s shows the value in a few words and the right call', (template, name) => {
    const error = (() => {
      try {
        render(template);
      } catch (e) {
        return e as TemplateProblem;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TemplateProblem);
    expect(error!.message.length).toBeLessThan(80);
    expect(error!.hint).toBe(`正确写法：${HELPERS.find((h) => h.name === name)!.example}`);
  });
});
