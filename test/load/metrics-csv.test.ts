import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseMetricsCsv } from '../../src/load/metrics-csv.js';
import { loadMetricsFiles } from '../../src/load/metrics-files.js';
import { loadProject } from '../../src/load/project.js';
import { validateProject } from '../../src/validate/project.js';
import { parsePeriod } from '../../src/model/period.js';
import { temporaryFolder } from '../helpers/temp.js';

describe('parseMetricsCsv: values', () => {
  it.each([
    ['the two required columns', 'metric,value\nmembers,1200\n', { members: 1200 }],
    ['CRLF, no final newline', 'metric,value\r\nmembers,1200\r\nteams,24', { members: 1200, teams: 24 }],
    ['extra columns in any order', 'label,value,metric\n团员,1200,members\n', { members: 1200 }],
    ['Chinese headers', '指标,数值\nmembers,1200\n', { members: 1200 }],
    ['header case and spaces', ' Metric , VALUE \nmembers, 1200 \n', { members: 1200 }],
    ['decimals', 'metric,value\nrate,12.5\n', { rate: 12.5 }],
    ['quoted cells with commas, quotes and newlines', 'metric,value,note\nmembers,"1200","年底台账, ""已核对""\n第二行"\nteams,24,\n', { members: 1200, teams: 24 }],
    ['blank and # rows skipped', '# 年底统计数\nmetric,value\n\n,\n# 注释\nmembers,1200\n', { members: 1200 }],
    ['a tab-separated export', 'metric\tvalue\nmembers\t1200\n', { members: 1200 }],
    ['a semicolon-separated export', 'metric;value\nmembers;1200\n', { members: 1200 }],
    ['text left for validation to reject', 'metric,value\nmembers,1200人\nteams,"1,200"\n', { members: '1200人', teams: '1,200' }],
    ['an empty value is null, as in YAML', 'metric,value\nmembers,\n', { members: null }],
    ['a header only', 'metric,value\n', {}],
    ['an empty file', '', null],
  ])('%s', (_, text, expected) => {
    const source = parseMetricsCsv('metrics/2024.csv', text);
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toEqual(expected);
  });
});

// Positions as a spreadsheet shows them: the row's first line and the column's number (B = 2).
describe('parseMetricsCsv: positions', () => {
  const source = parseMetricsCsv('metrics/2024.csv', 'metric,value\nmembers,1200\n"teams",\t24\nlong_name,"x\ny",7\n');
  it.each([
    ['members', true, 2, 1],
    ['members', false, 2, 2],
    ['teams', true, 3, 1],
    ['teams', false, 3, 2],
    ['long_name', false, 4, 2],
    ['unknown', false, 1, 1],
  ])('%s (key: %s) at %i:%i', (id, key, line, column) => {
    expect(source.locate([id], { key })).toEqual({ file: 'metrics/2024.csv', line, column });
  });
});

describe('parseMetricsCsv: problems', () => {
  it.each([
    ['no value column', 'metric,count\nmembers,1\n', 'csv-missing-column', 1, 1],
    ['no header at all', 'members,1200\n', 'csv-missing-column', 1, 1],
    ['an unclosed quote', 'metric,value\nmembers,"1200\n', 'csv-unclosed-quote', 2, 2],
    ['a row without a metric id', 'metric,value\n,1200\n', 'csv-missing-metric', 2, 1],
    ['the same metric twice', 'metric,value\nmembers,1\nmembers,2\n', 'duplicate-metric', 3, 1],
  ])('%s → %s at %i:%i', (_, text, code, line, column) => {
    const [problem] = parseMetricsCsv('m.csv', text).diagnostics;
    expect(problem).toMatchObject({ code, line, column, severity: 'error', file: 'm.csv' });
  });
});

describe('metrics files of a project: YAML and CSV validated alike', () => {
  const checkedProject = (files: Record<string, string | Buffer>) => {
    const root = temporaryFolder('csv');
    const all: Record<string, string | Buffer> = {
      'summarize.yaml': [
        'organisation: {name: 共青团示例区委, short: 团区委}',
        'bulletin: {name: 示例信息, office: 示例办公室}',
        'document: {title: 标题}',
        'metrics: [{id: members, label: 团员, unit: 名}, {id: teams, label: 突击队, unit: 支}]',
        'sections: [{id: guidance, title: 思想引领, themes: [{id: ideology, title: 思想政治引领}]}]',
      ].join('\n'),
      'activities/2024/log.yaml': '[]\n',
      ...files,
    };
    for (const [name, content] of Object.entries(all)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    return validateProject(loadProject(root, 2024), parsePeriod('2024'));
  };

  it('reads figures from the CSV with their positions', () => {
    const { project: valid, diagnostics } = checkedProject({ 'metrics/2024.csv': 'metric,value\nmembers,1200\nteams,24\n' });
    expect(diagnostics).toEqual([]);
    expect(valid?.figures.map((f) => [f.id, f.value, f.source.file.endsWith('metrics/2024.csv'), f.source.line])).toEqual([
      ['members', 1200, true, 2],
      ['teams', 24, true, 3],
    ]);
  });

  it('reads both files together', () => {
    const { project: valid } = checkedProject({ 'metrics/2024.yaml': 'members: 1200\n', 'metrics/2024.csv': 'metric,value\nteams,24\n' });
    expect(valid?.figures.map((f) => f.id).sort()).toEqual(['members', 'teams']);
  });

  it('reads a CSV saved by Excel as GBK, with a warning', () => {
    const { project: valid, diagnostics } = checkedProject({ 'metrics/2024.csv': iconv.encode('指标,数值,说明\nmembers,1200,团员\n', 'gbk') });
    expect(valid?.figures[0]?.value).toBe(1200);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['encoding-gb18030', 'warning']]);
  });

  it.each([
    ['an unknown metric id', 'metric,value\nmembrs,1200\n', 'unknown-metric', 2, 1, '是不是 members'],
    ['a number with a unit', 'metric,value\nmembers,1200名\n', 'number-with-unit', 2, 2, '写成 1200'],
    ['a negative number', 'metric,value\nteams,-3\n', 'negative-number', 2, 2, undefined],
    ['an empty value', 'metric,value\nteams,\n', 'wrong-type', 2, 2, undefined],
  ])('reports %s at its cell (%s)', (_, csv, code, line, column, hint) => {
    const { diagnostics } = checkedProject({ 'metrics/2024.csv': csv });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code, line, column, severity: 'error' });
    expect(diagnostics[0]!.file.endsWith('metrics/2024.csv')).toBe(true);
    if (hint) expect(diagnostics[0]!.hint).toContain(hint);
  });

  it('reports a metric given in both files', () => {
    const { diagnostics } = checkedProject({ 'metrics/2024.yaml': 'members: 1200\n', 'metrics/2024.csv': 'metric,value\nmembers,1200\n' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'duplicate-metric', line: 2, column: 1 });
    expect(diagnostics[0]!.message).toBe('指标 members 已在 {0} 中填写过');
    expect(diagnostics[0]!.mentions).toEqual([{ file: 'metrics/2024.yaml', line: 1 }]);
  });
});

describe('loadMetricsFiles', () => {
  it('returns nothing when the year has no metrics files', () => {
    const none = temporaryFolder('none');
    expect(loadMetricsFiles(none, 2024, none)).toEqual([]);
  });
});
