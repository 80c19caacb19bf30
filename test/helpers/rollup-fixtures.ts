// Test fixtures for the roll-up tests: small city and district projects written to a temporary
// folder, each file's text given in full so a test states exactly which line holds what.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporaryFolder } from './temp.js';

/** Writes `files` (path relative to the root → text) under a fresh temporary folder; returns the folder. */
export function writeTree(files: Record<string, string>, root = temporaryFolder('rollup')): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

export interface ConfigSpec {
  name: string;
  short?: string;
  units?: string[];
  /** Metric id → counting word. */
  metrics?: Record<string, string>;
  /** Section id → theme ids. */
  sections?: Record<string, string[]>;
  /** Theme id → summary text. */
  summaries?: Record<string, string>;
  opening?: string;
  extra?: string;
}

export const CITY_METRICS = { lectures: '场次', reached: '人次', homes: '家' };
export const CITY_SECTIONS = { guidance: ['ideology', 'activities'], service: ['volunteering'] };

/** A summarize.yaml; by default the city's metrics and sections. */
export function configYaml(spec: ConfigSpec): string {
  const metrics = spec.metrics ?? CITY_METRICS;
  const sections = spec.sections ?? CITY_SECTIONS;
  const lines = [
    'organisation:',
    `  name: ${spec.name}`,
    `  short: ${spec.short ?? '团区委'}`,
    'bulletin:',
    '  name: 测试信息',
    '  office: 测试办公室',
    'document:',
    '  title: 测试标题',
  ];
  if (spec.opening !== undefined) lines.push(`  opening: ${JSON.stringify(spec.opening)}`);
  if (spec.units) lines.push('units:', ...spec.units.map((u) => `  - ${JSON.stringify(u)}`));
  lines.push('metrics:', ...Object.entries(metrics).map(([id, unit]) => `  - {id: ${id}, label: 指标${id}, unit: ${unit}}`));
  lines.push('sections:');
  for (const [id, themes] of Object.entries(sections)) {
    lines.push(`  - id: ${id}`, `    title: 部分${id}`, '    themes:');
    for (const theme of themes) {
      lines.push(`      - id: ${theme}`, `        title: 条目${theme}`);
      const summary = spec.summaries?.[theme];
      if (summary !== undefined) lines.push(`        summary: ${JSON.stringify(summary)}`);
    }
  }
  if (spec.extra) lines.push(spec.extra);
  return `${lines.join('\n')}\n`;
}

export interface EventSpec {
  date: string;
  section?: string;
  theme?: string;
  title: string;
  unit?: string;
  tags?: string[];
  metrics?: Record<string, number>;
}

/** An activities file: each event takes 5 lines (date, section, theme, title, metrics) plus tags/unit lines when given. */
export function eventsYaml(events: EventSpec[]): string {
  return events
    .map((e) => {
      const lines = [`- date: ${e.date}`, `  section: ${e.section ?? 'guidance'}`, `  theme: ${e.theme ?? 'ideology'}`, `  title: ${e.title}`];
      if (e.unit) lines.push(`  unit: ${e.unit}`);
      if (e.tags) lines.push(`  tags: [${e.tags.join(', ')}]`);
      if (e.metrics) lines.push(`  metrics: {${Object.entries(e.metrics).map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * A city (共青团测试市委) with its own two events and two districts, districts/a (共青团甲区委, three
 * events) and districts/b (共青团乙区委, two events), all on the city's ids.
 */
export function cityWithTwoDistricts(overrides: Record<string, string> = {}, root?: string): string {
  return writeTree(
    {
      'summarize.yaml': configYaml({ name: '共青团测试市委', short: '团市委', units: ['districts/*'] }),
      'activities/2024/city.yaml': eventsYaml([
        { date: '2024-03-01', title: '市级宣讲启动', tags: ['宣讲'], metrics: { lectures: 1, reached: 500 } },
        { date: '2024-06-01', section: 'service', theme: 'volunteering', title: '市级志愿服务', metrics: { reached: 100 } },
      ]),
      'metrics/2024.yaml': 'homes: 2\n',
      'districts/a/summarize.yaml': configYaml({ name: '共青团甲区委' }),
      'districts/a/activities/2024/log.yaml': eventsYaml([
        { date: '2024-03-05', title: '甲区宣讲一', tags: ['宣讲'], metrics: { lectures: 1, reached: 300 } },
        { date: '2024-04-05', title: '甲区宣讲二', tags: ['宣讲'], unit: '甲区某街道团工委', metrics: { lectures: 2, reached: 200 } },
        { date: '2024-05-05', theme: 'activities', title: '甲区主题活动', tags: ['主题活动'] },
      ]),
      'districts/a/metrics/2024.yaml': 'homes: 5\n',
      'districts/b/summarize.yaml': configYaml({ name: '共青团乙区委' }),
      'districts/b/activities/2024/log.yaml': eventsYaml([
        { date: '2024-03-10', title: '乙区宣讲', tags: ['宣讲'], metrics: { lectures: 4, reached: 900 } },
        { date: '2024-07-10', section: 'service', theme: 'volunteering', title: '乙区志愿服务', metrics: { reached: 60 } },
      ]),
      'districts/b/metrics/2024.yaml': 'homes: 7\n',
      ...overrides,
    },
    root,
  );
}
