import { describe, it, expect } from 'vitest';
import {
  chineseNumeral,
  sectionOrdinal,
  bracketOrdinal,
  leadIn,
  arabicOrdinal,
  bracketArabic,
} from '../../src/numbers/index.js';

describe('chineseNumeral', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [3, '三'],
    [4, '四'],
    [5, '五'],
    [6, '六'],
    [7, '七'],
    [8, '八'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [19, '十九'],
    [20, '二十'],
    [21, '二十一'],
    [30, '三十'],
    [75, '七十五'],
    [90, '九十'],
    [99, '九十九'],
  ])('%d → %s', (n, expected) => {
    expect(chineseNumeral(n)).toBe(expected);
  });

  it.each([0, -1, 100, 1.5, Number.NaN])('rejects %d with RangeError', (n) => {
    expect(() => chineseNumeral(n)).toThrow(RangeError);
  });

  it('never writes 零 or 一十 anywhere in 1..99', () => {
    for (let n = 1; n <= 99; n++) {
      expect(chineseNumeral(n)).not.toMatch(/零|^一十/u);
    }
  });
});

describe('heading and lead-in ordinals', () => {
  it.each([
    [1, '一、', '（一）', '一是', '1.', '（1）'],
    [2, '二、', '（二）', '二是', '2.', '（2）'],
    [10, '十、', '（十）', '十是', '10.', '（10）'],
    [12, '十二、', '（十二）', '十二是', '12.', '（12）'],
    [99, '九十九、', '（九十九）', '九十九是', '99.', '（99）'],
  ])('%d → %s %s %s %s %s', (n, section, bracket, lead, arabic, bracketArab) => {
    expect(sectionOrdinal(n)).toBe(section);
    expect(bracketOrdinal(n)).toBe(bracket);
    expect(leadIn(n)).toBe(lead);
    expect(arabicOrdinal(n)).toBe(arabic);
    expect(bracketArabic(n)).toBe(bracketArab);
  });

  it('uses full-width brackets and a half-width dot', () => {
    expect(bracketOrdinal(3)).not.toMatch(/[()]/u);
    expect(bracketArabic(3)).not.toMatch(/[()]/u);
    expect(arabicOrdinal(3)).not.toContain('、');
  });

  it('Arabic ordinals are not limited to 99', () => {
    expect(arabicOrdinal(100)).toBe('100.');
    expect(bracketArabic(100)).toBe('（100）');
  });

  it.each([
    ['sectionOrdinal', sectionOrdinal, 0],
    ['bracketOrdinal', bracketOrdinal, 100],
    ['leadIn', leadIn, 0],
    ['arabicOrdinal', arabicOrdinal, 0],
    ['bracketArabic', bracketArabic, 1.5],
    ['arabicOrdinal', arabicOrdinal, -1],
  ] as const)('%s rejects %d with RangeError', (_name, fn, n) => {
    expect(() => fn(n)).toThrow(RangeError);
  });
});
