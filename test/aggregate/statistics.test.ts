import { describe, expect, it } from 'vitest';
import { monthsOf, statistics } from '../../src/aggregate/statistics.js';
import { parsePeriod } from '../../src/model/period.js';
import { aggregatesOf, config, event } from './fixtures.js';

const y2023 = {
  events: [event('2023-03-01', { metrics: { lectures: 4, reached: 300 } }), event('2023-08-01', { section: 'service', theme: 'volunteering', metrics: { lectures: 4 } })],
  figures: { members: 1150 },
};
const y2024 = {
  events: [
    event('2024-03-01', { metrics: { lectures: 5, reached: 320 }, unit: '峡窝镇团委' }),
    event('2024-08-01', { section: 'service', theme: 'volunteering', metrics: { lectures: 4 } }),
  ],
  figures: { members: 1248 },
};

describe('monthsOf', () => {
  it.each([
    ['2024', 12, '2024-01', '2024-12'],
    ['2024-Q3', 3, '2024-07', '2024-09'],
    ['2024H2', 6, '2024-07', '2024-12'],
    ['2024-02', 1, '2024-02', '2024-02'],
  ])('%s has %i months, %s to %s', (label, count, first, last) => {
    const months = monthsOf(parsePeriod(label));
    expect([months.length, months[0], months.at(-1)]).toEqual([count, first, last]);
  });
});

describe('statistics', () => {
  const stats = statistics(config, aggregatesOf('2024', y2024, y2023));
  const metric = (id: string) => stats.metrics.find((m) => m.id === id)!;

  it('lists every metric of the config, in its order', () => {
    expect(stats.metrics.map((m) => m.id)).toEqual(['lectures', 'reached', 'members']);
  });

  it.each([
    ['lectures', { origin: 'events', value: 9, total: 9, figure: null, yoy: '同比增长12.5%', change: 0.125, target: 8, rate: '完成率112.5%' }],
    ['reached', { origin: 'events', value: 320, total: 320, figure: null, yoy: '同比增长6.7%', target: null, rate: null }],
    ['members', { origin: 'figure', value: 1248, total: 0, figure: 1248, yoy: '同比增长8.5%', target: 1000, rate: '完成率124.8%' }],
  ])('%s: value, origin, 同比 and 完成率', (id, expected) => {
    expect(metric(id)).toMatchObject(expected);
  });

  it('breaks totals down densely by section and month, sparsely by theme and unit', () => {
    expect(metric('lectures').bySection).toEqual({ guidance: 5, service: 4 });
    expect(Object.keys(metric('lectures').byMonth)).toHaveLength(12);
    expect(metric('lectures').byMonth['2024-08']).toBe(4);
    expect(metric('lectures').byTheme).toEqual({ 'guidance/ideology': 5, 'service/volunteering': 4 });
    expect(metric('reached').byUnit).toEqual({ 峡窝镇团委: 320 });
  });

  it('puts the previous year beside each metric and the event counts', () => {
    expect(metric('lectures').previous).toMatchObject({ origin: 'events', value: 8, total: 8, bySection: { guidance: 4, service: 4 } });
    expect(metric('lectures').previous?.byMonth['2023-03']).toBe(4);
    expect(metric('members').previous).toMatchObject({ origin: 'figure', value: 1150, figure: 1150 });
    expect(stats.events).toMatchObject({ total: 2, previous: { total: 2 }, yoy: '持平' });
    expect(stats.previousPeriod).toEqual({ label: '2023', start: '2023-01-01', end: '2023-12-31' });
  });

  it('has null for the previous year when there is none', () => {
    const alone = statistics(config, aggregatesOf('2024', y2024));
    expect(alone.previousPeriod).toBeNull();
    expect(alone.events.previous).toBeNull();
    expect(alone.metrics.every((m) => m.previous === null && m.yoy === null)).toBe(true);
  });

  it('is plain data: the same JSON twice', () => {
    expect(JSON.stringify(statistics(config, aggregatesOf('2024', y2024, y2023)))).toBe(JSON.stringify(stats));
  });
});
