import { describe, it, expect } from 'vitest';
import { formatAsRead, formatExact } from '../../src/numbers/index.js';

describe('formatExact', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [9, '9'],
    [10, '10'],
    [99, '99'],
    [100, '100'],
    [756, '756'],
    [9999, '9999'],
    [10000, '10000'],
    [11234, '11234'],
    [99999, '99999'],
    [123456789, '123456789'],
    [99999999, '99999999'],
    [-5, '-5'],
    // 亿 only when it loses nothing (multiples of 100万, at most two decimals)
    [1e8, '1亿'],
    [345000000, '3.45亿'],
    [340000000, '3.4亿'],
    [1200000000, '12亿'],
    [345600000, '345600000'],
    [100000001, '100000001'],
    [-345000000, '-3.45亿'],
    // decimals: up to two places, trailing zeros dropped
    [12.5, '12.5'],
    [3.14159, '3.14'],
    [2.1, '2.1'],
    [2.004, '2'],
    [1.005, '1.01'],
    [0.5, '0.5'],
    [0.999, '1'],
    [0.001, '0'],
    [-0.001, '0'],
    [-2.75, '-2.75'],
  ])('%d → %s', (n, expected) => {
    expect(formatExact(n)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e20])('rejects %d', (n) => {
    expect(() => formatExact(n)).toThrow(RangeError);
  });
});

describe('formatAsRead', () => {
  it.each([
    [1248, '1248'],
    [3.456, '3.46'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    // Last year's figure past 2^53 − 1 (a warning, not an error): shown as held, marked.
    [1e20, '100000000000000000000（不精确）'],
    [-(2 ** 60), '-1152921504606847000（不精确）'],
    [Infinity, 'Infinity（不精确）'],
  ])('%s → %s', (n, text) => {
    expect(formatAsRead(n)).toBe(text);
  });
});
