import { describe, expect, it } from 'vitest';
import { explainMetric } from '../../src/aggregate/provenance.js';
import { aggregatesOf, event } from './fixtures.js';

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
