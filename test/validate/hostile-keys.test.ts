// Keys named after JavaScript's own object machinery (__proto__, constructor, toString,
// hasOwnProperty) must neither pollute a prototype nor change what a project validates to:
// they are reported like any unknown key, and every other event and figure comes out the same.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/load/project.js';
import { parsePeriod } from '../../src/model/period.js';
import { validateProject } from '../../src/validate/project.js';
import { temporaryFolder } from '../helpers/temp.js';

const minimal = path.resolve(import.meta.dirname, '../fixtures/valid/minimal');
const period = parsePeriod('2024');

function projectWith(files: Record<string, (original: string) => string>): string {
  const dir = temporaryFolder('hostile');
  cpSync(minimal, dir, { recursive: true });
  for (const [file, change] of Object.entries(files)) {
    writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));
  }
  return dir;
}

const HOSTILE_EVENTS = `
- date: 2024-08-01
  section: guidance
  theme: ideology
  title: 带 __proto__ 字段的记录
  __proto__: {polluted: true, lectures: 99}
- date: 2024-08-02
  section: guidance
  theme: ideology
  title: 带 constructor 指标的记录
  metrics: {constructor: 1, __proto__: 2, toString: 3, hasOwnProperty: 4}
- date: 2024-08-03
  section: constructor
  theme: toString
  title: 部分和条目叫 constructor、toString
- date: 2024-08-04
  section: guidance
  theme: ideology
  title: 字段叫 hasOwnProperty
  hasOwnProperty: 1
  toString: 2
`;

describe('__proto__, constructor and friends as keys', () => {
  const clean = validateProject(loadProject(projectWith({}), 2024), period);

  it('the clean project is valid', () => {
    expect(clean.diagnostics).toEqual([]);
    expect(clean.project?.activities).toHaveLength(3);
  });

  it('are reported as unknown, and change nothing else', () => {
    const dir = projectWith({
      'activities/2024/log.yaml': (log) => log + HOSTILE_EVENTS,
      'metrics/2024.yaml': (figures) => `${figures}__proto__: 5\nconstructor: 6\n`,
    });
    const hostile = validateProject(loadProject(dir, 2024), period);
    const log = readFileSync(path.join(dir, 'activities/2024/log.yaml'), 'utf8');
    const figures = readFileSync(path.join(dir, 'metrics/2024.yaml'), 'utf8');
    const lineOf = (text: string, marker: string) => text.slice(0, text.indexOf(marker)).split('\n').length;
    expect(hostile.diagnostics.map((d) => [d.file.split('/').slice(-1)[0], d.line, d.code])).toEqual([
      ['log.yaml', lineOf(log, '__proto__: {'), 'unknown-field'],
      // In column order: constructor, __proto__, toString, hasOwnProperty.
      ['log.yaml', lineOf(log, 'metrics: {constructor'), 'unknown-metric'],
      ['log.yaml', lineOf(log, 'metrics: {constructor'), 'invalid-id'],
      ['log.yaml', lineOf(log, 'metrics: {constructor'), 'unknown-metric'],
      ['log.yaml', lineOf(log, 'metrics: {constructor'), 'unknown-metric'],
      ['log.yaml', lineOf(log, 'section: constructor'), 'unknown-section'],
      ['log.yaml', lineOf(log, 'hasOwnProperty: 1'), 'unknown-field'],
      ['log.yaml', lineOf(log, 'toString: 2'), 'unknown-field'],
      ['2024.yaml', lineOf(figures, '__proto__'), 'invalid-id'],
      ['2024.yaml', lineOf(figures, 'constructor'), 'unknown-metric'],
    ]);
    const strip = (p: typeof clean.project) => ({
      activities: p!.activities.map(({ source, ...a }) => ({ ...a, line: source.line })),
      figures: p!.figures.map(({ source, ...f }) => f),
    });
    expect(strip(hostile.project)).toEqual(strip(clean.project));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('lectures');
  });

  it('as ids in summarize.yaml are refused (reserved-id), so they never become keys of figures', () => {
    const dir = projectWith({
      'summarize.yaml': (config) => config.replace('id: volunteers', 'id: constructor').replace('id: talent', 'id: toString'),
    });
    const result = validateProject(loadProject(dir, 2024), period);
    expect(result.diagnostics.filter((d) => d.code === 'reserved-id').map((d) => d.message)).toEqual([
      'id “constructor” 是程序保留的名称，不能用作 id',
      'id “toString” 是程序保留的名称，不能用作 id',
    ]);
  });
});
