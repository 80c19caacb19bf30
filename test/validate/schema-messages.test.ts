// Validate stage: how a schema's complaint names the field. Digits are a map's key where the value
// is a map (`targets: {2024: …}`) and a list's item only in a list, counted from 1.

import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { checkValue } from '../../src/validate/schemas.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

function problems(text: string, schema: 'summarize' | 'activities' | 'metrics'): string[] {
  const source = parseYamlSource('file.yaml', text);
  const diagnostics: Diagnostic[] = [];
  checkValue(source, schema, source.value, diagnostics);
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

describe('a schema problem names the field as written', () => {
  it('a year under targets: is a key, not the 2025th item', () => {
    const config = 'organisation:\n  name: 共青团测试区委\n  short: 团区委\ntargets:\n  2024:\n    lectures: -1\n';
    expect(problems(config, 'summarize').filter((p) => p.includes('lectures'))).toEqual(['6:15 targets.2024.lectures 不能是负数：-1']);
  });

  it('an event of a log is its item, counted from 1', () => {
    const log = '- date: 2024-03-05\n  section: guidance\n  theme: ideology\n  title: 宣讲\n  metrics:\n    reached: -3\n';
    expect(problems(log, 'activities')).toEqual(['6:14 第1项的 metrics.reached 不能是负数：-3']);
  });

  it('a metric id made of digits in a metrics file is its key', () => {
    expect(problems('2024: -1\n', 'metrics')).toEqual(['1:1 文件中的名称 2024 写法不对', '1:7 2024 不能是负数：-1']);
  });
});

function hints(text: string, schema: 'summarize' | 'activities' = 'activities'): string[] {
  const source = parseYamlSource('file.yaml', text);
  const diagnostics: Diagnostic[] = [];
  checkValue(source, schema, source.value, diagnostics);
  return diagnostics.map((d) => `${d.code}: ${d.hint ?? ''}`);
}

const eventOn = (date: string) => `- date: ${date}\n  section: guidance\n  theme: ideology\n  title: 宣讲\n`;

describe('a date typed as people write it gets its rewrite', () => {
  it.each([
    ['2026.3.5', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['2026-3-5', '2026-03-05'],
    ['2026年3月15日', '2026-03-15'],
  ])('%s → %s', (typed, iso) => {
    expect(hints(eventOn(typed))).toEqual([`invalid-date: 写成 ${iso}（年-月-日，月、日不足两位时前面补 0）`]);
  });

  it('a day that does not exist is not offered as the rewrite', () => {
    expect(hints(eventOn('2026/2/30'))).toEqual(['invalid-date: 没有这一天：检查月和日，写成 2024-05-04 这样的形式']);
  });

  it('a date without its year says that the year is missing', () => {
    expect(hints(eventOn('5月7日'))).toEqual(['invalid-date: 日期要写上年份：写成 2024-05-04 这样的形式（年-月-日）']);
  });

  it('anything else gets the form', () => {
    expect(hints(eventOn('上周五'))).toEqual(['invalid-date: 写成 2024-05-04 这样的形式（月、日不足两位时前面补 0）']);
  });
});

describe('a field named by its spreadsheet column', () => {
  it('says which English name to write, on the field and on the field it stands for', () => {
    const log = '- 日期: 2026-03-05\n  section: guidance\n  theme: ideology\n  title: 宣讲\n  标签: [宣讲]\n';
    expect(hints(log)).toEqual([
      'missing-field: YAML 记录中的字段名用英文：把“日期”改成 date',
      'unknown-field: YAML 记录中的字段名用英文：把“日期”改成 date',
      'unknown-field: YAML 记录中的字段名用英文：把“标签”改成 tags',
    ]);
  });

  it('is a log’s rule only: summarize.yaml has no such columns', () => {
    const unknown = hints('organisation:\n  name: 共青团测试区委\n  short: 团区委\n日期: 1\n', 'summarize').filter((h) => h.startsWith('unknown-field'));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).not.toMatch(/改成/);
  });
});

describe('a value of the wrong type gets what to write instead', () => {
  const event = (more: string) => `- date: 2024-03-05\n  section: guidance\n  theme: ideology\n  title: 宣讲\n${more}`;

  it.each([
    ['a list written as text', '  tags: 宣讲，学习\n', 'wrong-type: 写成方括号中的列表，各项用半角逗号加空格分开：tags: [宣讲, 学习]'],
    ['a number in words', '  metrics: {lectures: 一}\n', 'wrong-type: 用阿拉伯数字写，如 26'],
    ['a text YAML reads as a number', '  text: 2024\n', 'wrong-type: YAML 把它读成了数字：要当文字，给它加上引号，如 text: "2024"'],
  ])('%s', (_, more, hint) => {
    expect(hints(event(more))).toEqual([hint]);
  });
});
