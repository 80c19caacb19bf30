// Aggregate stage: the query module — a metric's value by the one rule, 同比, 完成率, the entries
// behind a figure — and that every helper, stats and explain give one metric in one scope alike.

import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import type { EventFilter } from '../../src/aggregate/aggregate.js';
import { compareWithPreviousYear, completion, explainMetric, metricSum, metricValue } from '../../src/aggregate/query.js';
import { statistics } from '../../src/aggregate/statistics.js';
import { parsePeriod, previousPeriod } from '../../src/model/period.js';
import { registerHelpers } from '../../src/render/helpers.js';
import { FigureMarks } from '../../src/render/traced-number.js';
import { printed } from '../render/printed-figures.js';
import { aggregatesOf, config, event } from './fixtures.js';

describe('previousPeriod: the same period one year earlier, labelled in the standard form', () => {
  it.each([
    ['2024', '2023', '2023-01-01', '2023-12-31'],
    ['2024-Q3', '2023-Q3', '2023-07-01', '2023-09-30'],
    ['2024q1', '2023-Q1', '2023-01-01', '2023-03-31'],
    ['2024H1', '2023H1', '2023-01-01', '2023-06-30'],
    ['2024-H2', '2023H2', '2023-07-01', '2023-12-31'],
    ['2024-07', '2023-07', '2023-07-01', '2023-07-31'],
    ['2024-02', '2023-02', '2023-02-01', '2023-02-28'], // leap day of 2024 does not carry over
    ['2025-02', '2024-02', '2024-02-01', '2024-02-29'],
  ])('%s → %s (%s to %s)', (label, previous, start, end) => {
    expect(previousPeriod(parsePeriod(label))).toMatchObject({ label: previous, start, end });
  });

  it('has none before the first year a period may be in', () => {
    expect(previousPeriod(parsePeriod('1001-Q2'))).toMatchObject({ label: '1000-Q2', start: '1000-04-01' });
    expect(previousPeriod(parsePeriod('1000'))).toBeUndefined();
  });

  it('is not asked of a year written with a leading 0, which is refused as such', () => {
    expect(() => parsePeriod('0999')).toThrow('时间段 “0999” 的年份早于 1000 年');
    expect(() => parsePeriod('0050-Q1')).toThrow('早于 1000 年');
  });
});

describe('metricValue: events first, then the standalone figure, else unknown', () => {
  const events = [
    event('2024-03-01', { metrics: { lectures: 2 } }),
    event('2024-08-01', { section: 'service', theme: 'volunteering', metrics: { lectures: 5 } }),
  ];
  it.each([
    ['sum over the period', '2024', 'lectures', {}, { value: 7, origin: 'events', sources: 2 }],
    ['sum in a scope', '2024', 'lectures', { section: 'service' }, { value: 5, origin: 'events', sources: 1 }],
    ['0 in a scope without it, the metric being logged that year', '2024', 'lectures', { theme: 'activities' }, { value: 0, origin: 'events', sources: 0 }],
    ['0 in a later period with none, logged earlier in the year', '2024-Q4', 'lectures', {}, { value: 0, origin: 'events', sources: 0 }],
    ['unknown before the year first logs it', '2024-01', 'lectures', {}, undefined],
    ['the figure when no event carries the metric', '2024', 'members', {}, { value: 1248, origin: 'figure', sources: 1 }],
    ['the figure whatever the scope', '2024', 'members', { section: 'service' }, { value: 1248, origin: 'figure', sources: 1 }],
    ['unknown with neither', '2024', 'reached', {}, undefined],
  ])('%s', (_, period, metric, filter, expected) => {
    const value = metricValue(aggregatesOf(period, { events, figures: { members: 1248 } }), metric, filter);
    if (expected === undefined) expect(value).toBeUndefined();
    else expect({ value: value?.value, origin: value?.origin, sources: value?.sources.length }).toEqual(expected);
  });
});

describe('compareWithPreviousYear', () => {
  const y2023 = { events: [event('2023-03-01', { metrics: { lectures: 8, reached: 100 } }), event('2023-09-01', { metrics: { lectures: 2 } })], figures: { members: 1150 } };
  const y2024 = { events: [event('2024-03-01', { metrics: { lectures: 9, reached: 100 } }), event('2024-09-01', { metrics: { lectures: 1 } })], figures: { members: 1035 } };
  it.each([
    ['flat over the year (10 and 10)', '2024', 'lectures', '持平', 0],
    ['flat', '2024', 'reached', '持平', 0],
    ['growth within a quarter', '2024-Q1', 'lectures', '同比增长12.5%', 0.125],
    ['fall within a quarter', '2024-Q3', 'lectures', '同比下降50.0%', -0.5],
    ['a fall of standalone figures', '2024', 'members', '同比下降10.0%', -0.1],
  ])('%s: %s %s → %s', (_, period, metric, text, change) => {
    const result = compareWithPreviousYear(aggregatesOf(period, y2024, y2023), metric);
    expect(result?.text).toBe(text);
    expect(result?.change).toBeCloseTo(change, 10);
  });

  it('carries both years’ sources', () => {
    const result = compareWithPreviousYear(aggregatesOf('2024', y2024, y2023), 'lectures');
    expect(result?.current.sources.map((s) => s.source.file)).toEqual(['activities/2024/log.yaml', 'activities/2024/log.yaml']);
    expect(result?.previous.sources.map((s) => s.source.file)).toEqual(['activities/2023/log.yaml', 'activities/2023/log.yaml']);
  });

  it.each([
    ['no previous year at all', aggregatesOf('2024', y2024)],
    ['the metric unknown last year', aggregatesOf('2024', y2024, { events: [event('2023-03-01', { metrics: { reached: 1 } })] })],
    ['last year 0 (no base)', aggregatesOf('2024', y2024, { events: [event('2023-03-01', { metrics: { lectures: 0 } })] })],
  ])('no comparison with %s', (_, aggregates) => {
    expect(compareWithPreviousYear(aggregates, 'lectures')).toBeUndefined();
  });
});

describe('completion: year to date against the year’s target', () => {
  const events = [
    event('2024-03-01', { metrics: { lectures: 3 } }),
    event('2024-08-01', { section: 'service', theme: 'volunteering', metrics: { lectures: 4 } }),
    event('2024-11-01', { metrics: { lectures: 2 } }),
  ];
  it.each([
    ['2024', 'lectures', 8, '完成率112.5%'],
    ['2024-Q3', 'lectures', 8, '完成率87.5%'], // Jan–Sep, not July–Sep alone
    ['2024H1', 'lectures', 8, '完成率37.5%'],
    ['2024', 'members', 1000, '完成率124.8%'],
  ])('%s %s against %i → %s', (period, metric, target, text) => {
    expect(completion(aggregatesOf(period, { events, figures: { members: 1248 } }), metric, target)?.text).toBe(text);
  });

  it('is undefined with no value or no positive target', () => {
    const agg = aggregatesOf('2024', { events });
    expect(completion(agg, 'reached', 10)).toBeUndefined();
    expect(completion(agg, 'lectures', 0)).toBeUndefined();
  });
});

const a = event('2024-03-01', { title: '春季宣讲', metrics: { lectures: 2, reached: 300 }, tags: ['宣讲'], line: 4 });
const b = event('2024-05-04', { title: '五四宣讲', metrics: { lectures: 3 }, tags: ['宣讲'], line: 12, file: 'activities/2024/b.yaml' });
const c = event('2024-06-01', { section: 'service', theme: 'volunteering', title: '巡河', tags: [], line: 20 });
const old = event('2023-05-04', { title: '去年五四宣讲', metrics: { lectures: 4 }, line: 7 });
const agg = aggregatesOf('2024', { events: [a, b, c], figures: { members: 1248 } }, { events: [old] });

describe('explainMetric', () => {
  it.each([
    ['a sum lists each event with its value', 'lectures', {}, 'events', 5, [['activities/2024/log.yaml', 4, '春季宣讲', 2], ['activities/2024/b.yaml', 12, '五四宣讲', 3]]],
    ['a scope narrows the entries', 'lectures', { tag: '宣讲', section: 'service' }, 'events', 0, []],
    ['a count lists every event as 1', undefined, { tag: '宣讲' }, 'count', 2, [['activities/2024/log.yaml', 4, '春季宣讲', 1], ['activities/2024/b.yaml', 12, '五四宣讲', 1]]],
    ['a standalone figure is one entry', 'members', {}, 'figure', 1248, [['metrics/2024.yaml', 1, undefined, 1248]]],
  ] as const)('%s', (_, metric, filter, origin, total, entries) => {
    const explanation = explainMetric(agg, metric, filter);
    expect(explanation.origin).toBe(origin);
    expect(explanation.total).toBe(total);
    expect(explanation.entries.map((e) => [e.file, e.line, e.title, e.value])).toEqual(entries);
  });

  it('gives the same figure a year earlier', () => {
    expect(explainMetric(agg, 'lectures').previous).toEqual({ total: 4, entries: 1 });
    expect(explainMetric(agg, 'members').previous).toBeUndefined();
  });
});

describe('one rule: sum, yoy, rate, perUnit, stats and explain agree on a metric in a scope', () => {
  const events = [
    event('2024-03-01', { metrics: { lectures: 2, reached: 300 }, tags: ['宣讲'] }),
    event('2024-08-01', { section: 'service', theme: 'volunteering', metrics: { lectures: 5 } }),
  ];
  const agg = aggregatesOf('2024', { events, figures: { members: 1248, lectures: 99 } }, { events: [event('2023-05-04', { metrics: { lectures: 4 } })], figures: { members: 1150 } });
  const sumPrinted = (template: string, scope: EventFilter = {}): number => {
    const marks = new FigureMarks();
    const hb = Handlebars.create();
    registerHelpers(hb, config, agg, marks);
    return printed(marks, hb.compile(template, { noEscape: true })({ scope })).uses[0]!.value;
  };
  const hashOf = (filter: EventFilter) => Object.entries(filter).map(([key, value]) => ` ${key}="${String(value)}"`).join('');

  it.each([
    // Logged on events: the events' sum in every scope (the metrics file's 99 is not used).
    ['lectures', {}, 7, 'events'],
    ['lectures', { section: 'service' }, 5, 'events'],
    ['lectures', { tag: '宣讲' }, 2, 'events'],
    // Not on events: the project's standalone figure, whatever narrows the scope.
    ['members', {}, 1248, 'figure'],
    ['members', { section: 'service' }, 1248, 'figure'],
    // Logged on events this year, not in scope: 0 from events.
    ['reached', { section: 'service' }, 0, 'events'],
  ] as const)('%s %o: %d (%s)', (metric, filter, value, origin) => {
    expect(metricValue(agg, metric, filter)).toMatchObject({ value, origin });
    expect(sumPrinted(`{{sum "${metric}"${hashOf(filter)}}}`)).toBe(value);
    const explanation = explainMetric(agg, metric, filter);
    expect([explanation.total, explanation.origin]).toEqual([value, origin]);
    expect(explanation.entries.reduce((total, entry) => total + entry.value!, 0)).toBe(value);
    const comparison = compareWithPreviousYear(agg, metric, filter);
    if (comparison) expect(comparison.current.value).toBe(value);
    if (Object.keys(filter).length === 0) {
      const stats = statistics(config, agg).metrics.find((m) => m.id === metric)!;
      expect([stats.value, stats.origin]).toEqual([value, origin]);
      expect(completion(agg, metric, 1)?.actual.value).toBe(value);
    }
  });

  it('a metric unknown in the period: sum prints 0, yoy nothing, rate none, stats —, explain no entry', () => {
    const unknown = aggregatesOf('2024-01', { events });
    expect(metricValue(unknown, 'lectures')).toBeUndefined();
    expect(sumPrinted('{{sum "members"}}')).toBe(1248);
    expect(metricSum(unknown, 'lectures')).toEqual({ value: 0, sources: [], origin: 'events' });
    expect(compareWithPreviousYear(unknown, 'lectures')).toBeUndefined();
    expect(completion(unknown, 'lectures', 8)).toBeUndefined();
    expect(statistics(config, unknown).metrics.find((m) => m.id === 'lectures')).toMatchObject({ value: null, origin: null });
    expect(explainMetric(unknown, 'lectures')).toMatchObject({ total: 0, entries: [], unknown: true });
    expect(explainMetric(agg, 'reached', { section: 'service' }).unknown).toBeUndefined(); // a real 0
  });
});
