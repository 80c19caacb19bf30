import { describe, expect, it } from 'vitest';
import { countEvents, metricSums, selectEvents, sumMetric, type EventFilter } from '../../src/aggregate/aggregate.js';
import { aggregatesOf, event } from './fixtures.js';

// A year of events: what each period, section, theme, unit and month must add up to.
const year = [
  event('2024-01-05', { metrics: { lectures: 1, reached: 100 }, unit: '峡窝镇团委', tags: ['宣讲'] }),
  event('2024-03-31', { metrics: { lectures: 2, reached: 250 }, tags: ['宣讲', '主题活动'] }),
  event('2024-04-01', { theme: 'activities', metrics: { reached: 40 }, tags: ['主题活动'], highlight: true }),
  event('2024-06-30', { section: 'service', theme: 'volunteering', unit: '区少工委' }),
  event('2024-07-01', { metrics: { lectures: 3 }, unit: '峡窝镇团委' }),
  event('2024-09-30', { theme: 'activities', metrics: { reached: 7 }, tags: ['主题活动'] }),
  event('2024-12-31', { section: 'service', theme: 'volunteering', metrics: { lectures: 1 } }),
];

describe('aggregate: periods select events by date, boundaries included', () => {
  it.each([
    ['2024', 7, 7, 397],
    ['2024-Q1', 2, 3, 350],
    ['2024Q2', 2, 0, 40],
    ['2024-Q3', 2, 3, 7],
    ['2024-Q4', 1, 1, 0],
    ['2024H1', 4, 3, 390],
    ['2024-H2', 3, 4, 7],
    ['2024-03', 1, 2, 250],
    ['2024-7', 1, 3, 0],
    ['2024-02', 0, 0, 0],
  ])('%s: %i events, %i lectures, %i reached', (period, count, lectures, reached) => {
    const agg = aggregatesOf(period, { events: year });
    expect(agg.total.count).toBe(count);
    expect(agg.total.metrics.lectures ?? 0).toBe(lectures);
    expect(agg.total.metrics.reached ?? 0).toBe(reached);
  });

  it('keeps the events in date order, then file order', () => {
    const shuffled = [year[4]!, year[0]!, year[2]!, year[1]!];
    const sameDay = [event('2024-05-01', { title: 'B' }), event('2024-05-01', { title: 'A' })];
    const agg = aggregatesOf('2024', { events: [...shuffled, ...sameDay] });
    expect(agg.activities.map((a) => a.date)).toEqual(['2024-01-05', '2024-03-31', '2024-04-01', '2024-05-01', '2024-05-01', '2024-07-01']);
    expect(agg.activities.filter((a) => a.date === '2024-05-01').map((a) => a.title)).toEqual(['B', 'A']);
  });

  it.each([
    ['2024', 7],
    ['2024-Q3', 6],
    ['2024-07', 5],
    ['2024-Q1', 2],
  ])('year to date for %s runs from 1 January to the period end (%i events)', (period, count) => {
    expect(aggregatesOf(period, { events: year }).yearToDate).toHaveLength(count);
  });
});

describe('aggregate: totals by section, theme, unit and month', () => {
  const agg = aggregatesOf('2024', { events: year });

  it.each([
    ['bySection', 'guidance', 5, { lectures: 6, reached: 397 }],
    ['bySection', 'service', 2, { lectures: 1 }],
    ['byTheme', 'guidance/ideology', 3, { lectures: 6, reached: 350 }],
    ['byTheme', 'guidance/activities', 2, { reached: 47 }],
    ['byTheme', 'service/volunteering', 2, { lectures: 1 }],
    ['byUnit', '峡窝镇团委', 2, { lectures: 4, reached: 100 }],
    ['byUnit', '区少工委', 1, {}],
    ['byUnit', '团区委', 4, { lectures: 3, reached: 297 }],
    ['byMonth', '2024-03', 1, { lectures: 2, reached: 250 }],
    ['byMonth', '2024-12', 1, { lectures: 1 }],
  ] as const)('%s[%s]: %i events, %o', (group, key, count, metrics) => {
    expect(agg[group][key]).toEqual({ count, metrics });
  });

  it('has no entry for a group with no events, and orders keys by code point', () => {
    expect(agg.byMonth['2024-02']).toBeUndefined();
    expect(Object.keys(agg.byMonth)).toEqual(['2024-01', '2024-03', '2024-04', '2024-06', '2024-07', '2024-09', '2024-12']);
    expect(Object.keys(agg.byUnit)).toEqual(['区少工委', '团区委', '峡窝镇团委']);
  });

  it('groups add up to the total', () => {
    for (const group of [agg.bySection, agg.byTheme, agg.byUnit, agg.byMonth]) {
      const sum = Object.values(group).reduce((s, t) => s + (t.metrics.reached ?? 0), 0);
      expect(sum).toBe(agg.total.metrics.reached);
      expect(Object.values(group).reduce((s, t) => s + t.count, 0)).toBe(agg.total.count);
    }
  });
});

describe('selectEvents, sumMetric, countEvents', () => {
  it.each([
    [{}, 7],
    [{ section: 'guidance' }, 5],
    [{ section: 'guidance', theme: 'activities' }, 2],
    [{ theme: 'volunteering' }, 2],
    [{ tag: '主题活动' }, 3],
    [{ section: 'guidance', tag: '宣讲' }, 2],
    [{ section: 'service', tag: '宣讲' }, 0],
  ])('filter %o selects %i events', (filter, count) => {
    expect(selectEvents(year, filter)).toHaveLength(count);
  });

  it('gives each scope the events a filter of the list gives, whichever scope of a kind is asked first', () => {
    const units = ['共青团二七区委', '共青团郑州大学委员会', undefined];
    const logged = year.map((e, i) => ({ ...e, ...(units[i % 3] ? { rollupUnit: units[i % 3] } : {}) }));
    const scopes: EventFilter[] = [
      {},
      { section: 'guidance' },
      { section: 'service' },
      { theme: 'volunteering' },
      { section: 'guidance', theme: 'activities' },
      { section: 'service', theme: 'activities' },
      { tag: '主题活动' },
      { rollupUnit: '共青团二七区委' },
      { rollupUnit: null },
      { section: 'guidance', rollupUnit: '共青团郑州大学委员会' },
      { section: 'guidance', theme: 'activities', tag: '主题活动', rollupUnit: null },
      { rollupUnit: '共青团中牟县委' },
    ];
    const filtered = (f: EventFilter) =>
      logged.filter(
        (a) =>
          (f.section === undefined || a.section === f.section) &&
          (f.theme === undefined || a.theme === f.theme) &&
          (f.tag === undefined || a.tags.includes(f.tag)) &&
          (f.rollupUnit === undefined || (a.rollupUnit ?? null) === f.rollupUnit),
      );
    for (const order of [scopes, [...scopes].reverse()]) {
      const list = [...logged];
      for (const filter of order) expect(selectEvents(list, filter), JSON.stringify(filter)).toEqual(filtered(filter));
      for (const filter of order) expect(selectEvents(list, filter)).toBe(selectEvents(list, { ...filter }));
    }
  });

  it('sums a metric over the events that carry it, which are its sources', () => {
    const traced = sumMetric(year, 'reached');
    expect(traced.value).toBe(397);
    expect(traced.sources).toEqual([year[0], year[1], year[2], year[5]]);
  });

  it('adds decimals up as in decimal, in totals and in sums over a list', () => {
    const funds = [0.1, 0.2, 0.3].map((value, i) => event(`2024-0${i + 1}-01`, { metrics: { funds: value, reached: 3 } }));
    const agg = aggregatesOf('2024', { events: funds });
    expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
    expect(agg.total.metrics).toEqual({ funds: 0.6, reached: 9 });
    expect(agg.byMonth['2024-01']!.metrics.funds).toBe(0.1);
    expect(sumMetric(funds.slice(0, 2), 'funds').value).toBe(0.3);
    expect(sumMetric(funds, 'funds')).toEqual({ value: 0.6, sources: funds });
    expect(sumMetric(funds, 'reached').value).toBe(9);
  });

  it('gives every metric a list logs, in the order it first logs them, as its theme’s totals are', () => {
    const agg = aggregatesOf('2024', { events: year });
    for (const [key, totals] of Object.entries(agg.byTheme)) {
      const [section, theme] = key.split('/');
      const sums = metricSums(selectEvents(agg.activities, { section: section!, theme: theme! }));
      expect([...sums].map(([id, { value }]) => [id, value]), key).toEqual(Object.entries(totals.metrics));
    }
  });

  it('sums to 0 with no sources when no event carries the metric', () => {
    expect(sumMetric(year, 'members')).toEqual({ value: 0, sources: [] });
  });

  it('counts events with every event as a source', () => {
    expect(countEvents(year.slice(0, 2))).toEqual({ value: 2, sources: [year[0], year[1]] });
  });

  it('metricSums gives each metric a list logs, in the order it first logs them, with the events that carry it', () => {
    expect([...metricSums(year.slice(2, 5))]).toEqual([
      ['reached', { value: 40, sources: [year[2]] }],
      ['lectures', { value: 3, sources: [year[4]] }],
    ]);
    expect(metricSums([]).size).toBe(0);
  });
});

describe('aggregate: standalone figures and the previous year', () => {
  it('indexes standalone figures by metric id', () => {
    const agg = aggregatesOf('2024', { events: [], figures: { members: 1248 } });
    expect(agg.figures.members).toMatchObject({ id: 'members', value: 1248 });
  });

  it('keeps the previous year for the same period shape', () => {
    const agg = aggregatesOf('2024-Q3', { events: year }, { events: [event('2023-08-01', { metrics: { lectures: 5 } }), event('2023-10-01', { metrics: { lectures: 9 } })] });
    expect(agg.previous?.period).toMatchObject({ label: '2023-Q3', start: '2023-07-01', end: '2023-09-30' });
    expect(agg.previous?.total).toEqual({ count: 1, metrics: { lectures: 5 } });
  });
});
