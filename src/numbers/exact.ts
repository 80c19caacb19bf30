// Why: exact figures are Arabic digits with no thousands separator and no 十/百/千 mixed in;
// 亿 may combine with digits (3.45亿) but only where that loses nothing (GB/T 15835-2011).

const YI = 100_000_000;
const MILLION = 1_000_000;

/**
 * Exact figure for running text. Integers: plain digits ("12345", "-5"), except that an integer
 * ≥ 1亿 which is a whole multiple of 100万 is written in 亿 with at most two decimals
 * (345000000 → "3.45亿", 100000000 → "1亿"; 123456789 stays "123456789").
 * Non-integers: rounded half away from zero to two decimals, trailing zeros dropped
 * (12.50 → "12.5", 3.14159 → "3.14", 2.004 → "2"). Throws RangeError for NaN/±Infinity
 * and for integers beyond Number.MAX_SAFE_INTEGER (they are no longer exact).
 */
export function formatExact(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`formatExact: expected a finite number, got ${String(n)}`);
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`formatExact: ${String(n)} is too large to be exact`);
  }
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (Number.isInteger(abs)) {
    if (abs >= YI && abs % MILLION === 0) return `${sign}${hundredths(abs / MILLION)}亿`;
    return `${sign}${String(abs)}`;
  }
  // toPrecision(12) strips float noise (1.005 × 100 = 100.49999999999999) so 1.005 → "1.01".
  const cents = Math.round(Number((abs * 100).toPrecision(12)));
  const text = hundredths(cents);
  return text === '0' ? '0' : `${sign}${text}`;
}

// Integer hundredths → "3.45" / "3.4" / "3".
function hundredths(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, '0').replace(/0+$/u, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}

/**
 * For the reports that show numbers as they were read (stats, explain): formatExact, or, for a number
 * it refuses, the number as JavaScript holds it, marked. Only last year's can be such a number: its
 * problems (a value past 2^53 − 1) are warnings, since they must not stop this year's build.
 */
export function formatAsRead(n: number): string {
  return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER ? formatExact(n) : `${String(n)}（不精确）`;
}
