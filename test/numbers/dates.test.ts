import { describe, it, expect } from 'vitest';
import { formatChineseDate, formatChineseMonth, isValidIsoDate } from '../../src/numbers/index.js';

describe('formatChineseDate', () => {
  it.each([
    ['2024-05-04', '2024年5月4日'],
    ['2023-10-09', '2023年10月9日'],
    ['2025-02-21', '2025年2月21日'],
    ['2024-12-31', '2024年12月31日'],
    ['2024-01-01', '2024年1月1日'],
    ['2024-02-29', '2024年2月29日'],
    ['2000-02-29', '2000年2月29日'],
  ])('%s → %s', (iso, expected) => {
    expect(formatChineseDate(iso)).toBe(expected);
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-05-00',
    '2024-5-4',
    '24-05-04',
    '2024/05/04',
    '2024-05-04T00:00:00Z',
    ' 2024-05-04',
    '',
  ])('rejects %j with RangeError', (iso) => {
    expect(() => formatChineseDate(iso)).toThrow(RangeError);
  });
});

describe('formatChineseMonth', () => {
  it.each([
    ['2024-05', '2024年5月'],
    ['2024-01', '2024年1月'],
    ['2024-10', '2024年10月'],
    ['2024-12', '2024年12月'],
  ])('%s → %s', (iso, expected) => {
    expect(formatChineseMonth(iso)).toBe(expected);
  });

  it.each(['2024-00', '2024-13', '2024-5', '2024-05-04', '2024', ''])('rejects %j with RangeError', (iso) => {
    expect(() => formatChineseMonth(iso)).toThrow(RangeError);
  });
});

describe('isValidIsoDate', () => {
  it.each([
    ['2024-05-04', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2023-02-28', true],
    ['2024-04-30', true],
    ['2024-02-30', false],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2024-06-31', false],
    ['2024-5-04', false],
    ['2024-05-04 ', false],
    ['not a date', false],
    [20240504, false],
    [undefined, false],
    [null, false],
  ] as const)('%j → %s', (input, expected) => {
    expect(isValidIsoDate(input)).toBe(expected);
  });
});
