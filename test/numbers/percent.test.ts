import { describe, it, expect } from 'vitest';
import { formatPercent, yearOverYear, completionRate } from '../../src/numbers/index.js';

describe('formatPercent', () => {
  it.each([
    [0, '0.0%'],
    [-0, '0.0%'],
    [0.1, '10.0%'],
    [0.125, '12.5%'],
    [0.5, '50.0%'],
    [1, '100.0%'],
    [1.042, '104.2%'],
    [0.1235, '12.4%'],
    [0.1234, '12.3%'],
    [0.0005, '0.1%'],
    [0.00049, '0.0%'],
    [0.9999, '100.0%'],
    [2.5, '250.0%'],
    [-0.03, '-3.0%'],
    [-0.00001, '0.0%'],
  ])('%d → %s', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('rejects %d with RangeError', (ratio) => {
    expect(() => formatPercent(ratio)).toThrow(RangeError);
  });
});

describe('yearOverYear', () => {
  it.each([
    [80, 90, '同比增长12.5%'],
    [100, 97, '同比下降3.0%'],
    [100, 100, '持平'],
    [0.5, 0.5, '持平'],
    [100000, 100001, '持平'], // +0.001% rounds to 0.0%: 持平 rather than "增长0.0%"
    [100, 200, '同比增长100.0%'],
    [100, 0, '同比下降100.0%'],
    [3, 4, '同比增长33.3%'],
    [3, 2, '同比下降33.3%'],
    [0, 10, undefined],
    [0, 0, undefined],
    [undefined, 10, undefined],
    [null, 10, undefined],
    [-5, 10, undefined],
    [10, undefined, undefined],
  ])('%s → %s gives %s', (previous, current, expected) => {
    expect(yearOverYear(previous, current)).toBe(expected);
  });

  it('rejects non-finite numbers', () => {
    expect(() => yearOverYear(Number.NaN, 1)).toThrow(RangeError);
    expect(() => yearOverYear(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('completionRate', () => {
  it.each([
    [125, 120, '完成率104.2%'],
    [120, 120, '完成率100.0%'],
    [0, 120, '完成率0.0%'],
    [1, 3, '完成率33.3%'],
    [2, 3, '完成率66.7%'],
    [10, 0, undefined],
    [10, undefined, undefined],
    [10, null, undefined],
    [10, -1, undefined],
  ])('%s of %s → %s', (actual, target, expected) => {
    expect(completionRate(actual, target)).toBe(expected);
  });

  it('rejects non-finite numbers', () => {
    expect(() => completionRate(Number.NaN, 1)).toThrow(RangeError);
    expect(() => completionRate(1, Number.NaN)).toThrow(RangeError);
  });
});
