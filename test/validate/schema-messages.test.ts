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
