// Numbers as typed on a Chinese keyboard: read as the number meant, or left for the schema to
// report. Field names in messages as written in the file.

import { describe, expect, it } from 'vitest';
import { typedNumber } from '../../src/validate/as-typed.js';
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
