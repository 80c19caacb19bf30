// Test fixtures for the aggregate and render tests: events and projects built in memory, so each
// table row states exactly what it counts.

import type { Activity } from '../../src/model/activity.js';
import type { ProjectConfig } from '../../src/model/config.js';
import { aggregate, type Aggregates } from '../../src/aggregate/aggregate.js';
import { previousPeriod } from '../../src/model/period.js';
import { parsePeriod } from '../../src/model/period.js';

let line = 0;

/** An event on `date`; `file` and a fresh line number make its position unique. */
export function event(date: string, fields: Partial<Omit<Activity, 'date' | 'source'>> & { file?: string; line?: number } = {}): Activity {
  const { file = `activities/${date.slice(0, 4)}/log.yaml`, line: at = ++line * 10, ...rest } = fields;
  return {
    date,
    section: 'guidance',
    theme: 'ideology',
    title: `活动${at}`,
    tags: [],
    highlight: false,
    metrics: {},
    ...rest,
    source: { file, line: at, column: 3 },
  };
}

export const config: ProjectConfig = {
  organisation: { name: '共青团示例区委', short: '团区委' },
  bulletin: { name: '示例信息', office: '示例办公室', editors: [] },
  document: { title: '标题' },
  metrics: [
    { id: 'lectures', label: '宣讲', unit: '场次' },
    { id: 'reached', label: '覆盖人数', unit: '人次' },
    { id: 'members', label: '团员', unit: '名' },
  ],
  targets: [
    { year: 2024, metric: 'lectures', value: 8, source: { file: 'summarize.yaml', line: 9, column: 5 }, setIn: 'summarize.yaml' },
    { year: 2024, metric: 'members', value: 1000, source: { file: 'summarize.yaml', line: 10, column: 5 }, setIn: 'summarize.yaml' },
  ],
  sections: [
    { id: 'guidance', title: '思想引领', themes: [{ id: 'ideology', title: '思想政治引领' }, { id: 'activities', title: '主题活动' }] },
    { id: 'service', title: '服务青年', themes: [{ id: 'volunteering', title: '志愿服务' }] },
  ],
  profile: 'gbt9704',
  briefs: [],
};

export interface YearData {
  events: Activity[];
  figures?: Record<string, number>;
}

/** Aggregates for `periodText`, with the previous year's when given. */
export function aggregatesOf(periodText: string, current: YearData, previous?: YearData): Aggregates {
  const period = parsePeriod(periodText);
  const project = (data: YearData, year: number) => ({
    config,
    activities: data.events,
    figures: Object.entries(data.figures ?? {}).map(([id, value], i) => ({ id, value, source: { file: `metrics/${year}.yaml`, line: i + 1, column: 1 } })),
  });
  const earlier = previous ? aggregate(project(previous, period.year - 1), previousPeriod(period)!) : undefined;
  return aggregate(project(current, period.year), period, earlier);
}
