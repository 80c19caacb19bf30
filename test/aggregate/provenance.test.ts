import { describe, expect, it } from 'vitest';
import { auditFigures, explainMetric } from '../../src/aggregate/provenance.js';
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

describe('auditFigures', () => {
  const uses = [
    { description: '宣讲（lectures）', value: 5, printed: '5', sources: [b.source, a.source], metric: 'lectures' },
    { description: '活动条数 tag=宣讲', value: 2, printed: '2', sources: [a.source, b.source] },
    { description: '宣讲（lectures）', value: 5, printed: '5', sources: [b.source, a.source], metric: 'lectures' },
    { description: '团员（members）', value: 1248, printed: '1248', sources: [agg.figures.members!.source], metric: 'members' },
    { description: '同比 宣讲（lectures）', value: 0.25, printed: '同比增长25.0%', sources: [a.source, b.source, old.source], metric: 'lectures' },
  ];
  const records = auditFigures(uses, agg, (f) => `project/${f}`);

  it('merges a figure printed twice the same way, counting occurrences', () => {
    expect(records.filter((r) => r.counts === '宣讲（lectures）')).toHaveLength(1);
    expect(records.find((r) => r.counts === '宣讲（lectures）')?.occurrences).toBe(2);
  });

  it('sorts records by what they count, sources by file and line, and rewrites paths', () => {
    expect(records.map((r) => r.counts)).toEqual(['同比 宣讲（lectures）', '团员（members）', '宣讲（lectures）', '活动条数 tag=宣讲']);
    expect(records[2]!.sources.map((s) => `${s.file}:${s.line}`)).toEqual(['project/activities/2024/b.yaml:12', 'project/activities/2024/log.yaml:4']);
  });

  it.each([
    ['a metric: each event’s value', '宣讲（lectures）', [3, 2]],
    ['a count: no per-entry value', '活动条数 tag=宣讲', [undefined, undefined]],
    ['a standalone figure: its value', '团员（members）', [1248]],
    ['同比: both years’ events', '同比 宣讲（lectures）', [4, 3, 2]],
  ])('entries of %s', (_, counts, values) => {
    expect(records.find((r) => r.counts === counts)!.sources.map((s) => s.value)).toEqual(values);
  });

  it('names each event’s date and title', () => {
    expect(records[2]!.sources[0]).toEqual({ file: 'project/activities/2024/b.yaml', line: 12, column: 3, date: '2024-05-04', title: '五四宣讲', value: 3 });
  });

  it('is deterministic whatever order the figures were printed in', () => {
    expect(JSON.stringify(auditFigures([...uses].reverse(), agg, (f) => `project/${f}`))).toBe(JSON.stringify(records));
  });
});
