import { describe, it, expect } from 'vitest';
import { decimalPlaces, decimalSum, formatAsRead, formatExact, plainDecimal } from '../../src/numbers/index.js';

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
    // rounded on the digits as written, whatever the size: toPrecision(12) made this 123456789013
    [123456789012.5, '123456789012.5'],
    [123456789012.125, '123456789012.13'],
    [98765432109876.55, '98765432109876.55'],
    [2.675, '2.68'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0'],
    [0.005, '0.01'],
    [-0.005, '-0.01'],
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

describe('plainDecimal: a number in decimal digits, never in exponent form', () => {
  it.each([
    [0, '0'],
    [1248, '1248'],
    [-3.25, '-3.25'],
    [1e-7, '0.0000001'],
    [-2.5e-8, '-0.000000025'],
    [1.234e-7, '0.0000001234'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [0.30000000000000004, '0.30000000000000004'],
  ])('%d → %s', (n, text) => {
    expect(plainDecimal(n)).toBe(text);
    expect(Number(text)).toBe(n);
  });
});

describe('decimalSum: decimals add up as in decimal', () => {
  it.each([
    [[0.1, 0.2], 0.3],
    [[10.1, 22.2, 0.05], 32.35],
    [[1e-7, 2e-7], 3e-7],
    [Array.from({ length: 1000 }, () => 0.1), 100],
    [[3, 4], 7],
  ])('%# → %d', (values, sum) => {
    const places = Math.max(...values.map(decimalPlaces));
    expect(decimalSum(values.reduce((a, b) => a + b, 0), places)).toBe(sum);
  });

  it('counts the decimals a number is written with', () => {
    expect([5, 0.5, 0.25, 1e-7, 12.125, -0.1].map(decimalPlaces)).toEqual([0, 1, 2, 7, 3, 1]);
  });
});
