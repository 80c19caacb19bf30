// Numbers as typed on a Chinese keyboard: read as the number meant, or left for the schema to
// report. Field names in messages as written in the file.

import { describe, expect, it, vi } from 'vitest';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { activitiesAsMeant, typedNumber } from '../../src/validate/as-typed.js';
import { fieldName } from '../../src/validate/field-name.js';

describe('typedNumber', () => {
  it.each([
    ['２６', 26],
    ['26', 26],
    [' 26 ', 26],
    ['1 200', 1200],
    ['1\u3000200', 1200],
    ['１ ２００', 1200],
    ['０', 0],
  ])('reads %j as %d', (text, number) => {
    expect(typedNumber(text)).toBe(number);
  });

  it.each(['26场', '约30', '-3', '３.５', '1,200', '', ' ', '2 6 场', '99999999999999999999', 'ⅩⅡ', '二十六'])('leaves %j for the schema to report', (text) => {
    expect(typedNumber(text)).toBeUndefined();
  });
});

describe('fieldName', () => {
  it.each([
    [[0, 'metrics', 'lectures'], '第1项的 metrics.lectures'],
    [['sections', 1, 'themes', 0, 'title'], 'sections 第2项的 themes 第1项的 title'],
    [['bulletin', 'issue'], 'bulletin.issue'],
    [[2], '第3项'],
    [[], ''],
  ])('%j → %s', (path, name) => {
    expect(fieldName(path)).toBe(name);
  });
});

describe('activitiesAsMeant', () => {
  it('splits a file read by yaml’s tree into lines once, however many numbers it looks up there', () => {
    // An anchor takes the file to yaml's tree, where each number's written form is looked up by
    // its line: splitting the whole text for each made a 6,000-event log take 110 s to check.
    const events = Array.from({ length: 200 }, (_, i) => `- date: 2024-01-01\n  title: 第${i}场\n  tags: ${i === 0 ? '&t ' : ''}[宣讲]\n  metrics: {lectures: 0x1A, people: ${i}}\n`);
    const text = events.join('');
    const source = parseYamlSource('activities/2024/a.yaml', text);
    expect(source.numbersAsPrinted).toBeFalsy();
    const split = vi.spyOn(String.prototype, 'split');
    try {
      const diagnostics: Diagnostic[] = [];
      const meant = activitiesAsMeant(source, source.value, diagnostics) as { metrics: Record<string, number> }[];
      expect(meant[199]!.metrics).toEqual({ lectures: 26, people: 199 });
      expect(diagnostics.filter((d) => d.code === 'number-notation').map((d) => d.line)).toEqual(events.map((_, i) => 4 * i + 4));
      expect(split.mock.contexts.filter((context) => String(context) === text)).toHaveLength(1);
    } finally {
      split.mockRestore();
    }
  });
});
