import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { approximate, parseApproximate } from '../../src/numbers/index.js';

describe('approximate', () => {
  it.each([
    // below ten: exact
    [0, '0'],
    [1, '1'],
    [7, '7'],
    [9, '9'],
    // two digits: tens, 余, or 近100
    [10, '10'],
    [11, '10余'],
    [13, '10余'],
    [19, '10余'],
    [20, '20'],
    [50, '50'],
    [57, '50余'],
    [96, '90余'],
    [97, '近100'],
    [99, '近100'],
    // hundreds and thousands: two significant digits, no separators
    [100, '100'],
    [108, '100余'],
    [194, '近200'],
    [193, '190余'],
    [264, '260余'],
    [1000, '1000'],
    [1080, '1000余'],
    [5012, '5000余'],
    [5800, '5800'],
    [5819, '5800余'],
    [5820, '近6000'],
    [9699, '9600余'],
    [9700, '近1万'],
    [9999, '近1万'],
    // 万
    [10000, '1万'],
    [10001, '1万余'],
    [11000, '1.1万'],
    [11234, '1.1万余'],
    [20450, '2万余'],
    [30500, '3万余'],
    [99999, '近10万'],
    [100000, '10万'],
    [123456, '12万余'],
    [194000, '近20万'],
    [198000, '近20万'],
    [200000, '20万'],
    [1234567, '120万余'],
    [12345678, '1200万余'],
    [96999999, '9600万余'],
    [99999999, '近1亿'],
    // 亿
    [1e8, '1亿'],
    [100000001, '1亿余'],
    [110000000, '1.1亿'],
    [123456789, '1.2亿余'],
    [1234567890, '12亿余'],
    [1.98e9, '近20亿'],
    [12345678901, '120亿余'],
  ])('%d → %s', (n, expected) => {
    expect(approximate(n)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'rejects %d with RangeError',
    (n) => {
      expect(() => approximate(n)).toThrow(RangeError);
    },
  );

  it('is exact below 10', () => {
    for (let n = 0; n < 10; n++) expect(approximate(n)).toBe(String(n));
  });
});

describe('parseApproximate', () => {
  it.each([
    ['7', 7, ''],
    ['10余', 10, '余'],
    ['260余', 260, '余'],
    ['5000余', 5000, '余'],
    ['1.1万余', 11000, '余'],
    ['1.1万', 11000, ''],
    ['3万余', 30000, '余'],
    ['近20万', 200000, '近'],
    ['近100', 100, '近'],
    ['近1亿', 1e8, '近'],
    ['1.2亿余', 120000000, '余'],
    ['3.45亿', 345000000, ''],
    [' 50余 ', 50, '余'],
  ] as const)('%s → %d %s', (text, value, qualifier) => {
    expect(parseApproximate(text)).toEqual({ value, qualifier });
  });

  it.each(['', '余', '近', '近20万余', '1,000', '4千', '1.1万人', 'abc', '-5', '1.万'])(
    'rejects %j with RangeError',
    (text) => {
      expect(() => parseApproximate(text)).toThrow(RangeError);
    },
  );
});

describe('approximate: truthfulness property', () => {
  // Spread the samples across magnitudes: uniform integers would almost all be ≥ 1e14.
  const anyCount = fc.oneof(
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 100, max: 99_999 }),
    fc.integer({ min: 100_000, max: 999_999_999 }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  );

  it('余 understates, 近 overstates by at most 3%, bare figures are exact', () => {
    fc.assert(
      fc.property(anyCount, (n) => {
        const { value, qualifier } = parseApproximate(approximate(n));
        if (qualifier === '余') {
          expect(value).toBeLessThan(n);
        } else if (qualifier === '近') {
          expect(value).toBeGreaterThan(n);
          // n ≥ 0.97·value, compared in integers to stay exact.
          expect(BigInt(n) * 100n >= BigInt(value) * 97n).toBe(true);
        } else {
          expect(value).toBe(n);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('writes at most two significant digits and one decimal, never 十/百/千 or separators', () => {
    fc.assert(
      fc.property(anyCount, (n) => {
        const text = approximate(n);
        expect(text).toMatch(/^近?\d+(\.\d)?(万|亿)?余?$/u);
        const digits = text.replace(/\D/gu, '').replace(/0+$/u, '');
        expect(digits.length).toBeLessThanOrEqual(n < 10 ? 1 : 2);
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotone: a larger count never gets a smaller written value', () => {
    fc.assert(
      fc.property(anyCount, anyCount, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(parseApproximate(approximate(lo)).value).toBeLessThanOrEqual(
          parseApproximate(approximate(hi)).value,
        );
      }),
      { numRuns: 2000 },
    );
  });
});
