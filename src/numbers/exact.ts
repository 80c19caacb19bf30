// Why: exact figures are Arabic digits with no thousands separator and no 十/百/千 mixed in;
// 亿 may combine with digits (3.45亿) but only where that loses nothing (GB/T 15835-2011).

const YI = 100_000_000;
const MILLION = 1_000_000;

/**
 * Exact figure for running text. Integers: plain digits ("12345", "-5"), except that an integer
 * ≥ 1亿 which is a whole multiple of 100万 is written in 亿 with at most two decimals
 * (345000000 → "3.45亿", 100000000 → "1亿"; 123456789 stays "123456789").
 * Non-integers: rounded half away from zero to two decimals, trailing zeros dropped
 * (12.50 → "12.5", 3.14159 → "3.14", 2.004 → "2"), on the digits the number is written with:
 * 1.005 is "1.01", though its binary value is 1.00499…, and 123456789012.5 keeps its digits. Throws
 * RangeError for NaN/±Infinity and for integers beyond Number.MAX_SAFE_INTEGER (they are no longer exact).
 */
export function formatExact(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`formatExact: expected a finite number, got ${String(n)}`);
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`formatExact: ${String(n)} is too large to be exact`);
  }
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  if (Number.isInteger(abs)) {
    if (abs >= YI && abs % MILLION === 0) return `${sign}${hundredths(BigInt(abs / MILLION))}亿`;
    return `${sign}${String(abs)}`;
  }
  const [whole, fraction] = plainDecimal(abs).split('.') as [string, string];
  // Hundredths past 2^53 for a figure above 90 trillion: BigInt keeps them.
  const cents = BigInt(whole) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0')) + (fraction.charCodeAt(2) >= 0x35 ? 1n : 0n);
  const text = hundredths(cents);
  return text === '0' ? '0' : `${sign}${text}`;
}

// Integer hundredths → "3.45" / "3.4" / "3".
function hundredths(cents: bigint): string {
  const frac = String(cents % 100n).padStart(2, '0').replace(/0+$/u, '');
  const whole = String(cents / 100n);
  return frac === '' ? whole : `${whole}.${frac}`;
}

/**
 * `n` written out in decimal digits, as JavaScript's shortest text for it gives them but never in
 * exponent form: String(1e-7) is "1e-7", which no reader of a bulletin reads as 0.0000001.
 */
export function plainDecimal(n: number): string {
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const mantissa = text.slice(sign.length, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const wholeDigits = (point < 0 ? mantissa.length : point) + exponent;
  if (wholeDigits <= 0) return `${sign}0.${'0'.repeat(-wholeDigits)}${digits}`;
  if (wholeDigits >= digits.length) return `${sign}${digits}${'0'.repeat(wholeDigits - digits.length)}`;
  return `${sign}${digits.slice(0, wholeDigits)}.${digits.slice(wholeDigits)}`;
}

/** How many decimals `n` is written with: 2 for 0.25, 7 for 1e-7, 0 for an integer. */
export function decimalPlaces(n: number): number {
  const text = plainDecimal(n);
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * A sum, computed in binary, of numbers written with at most `places` decimals, as adding them in
 * decimal gives it: 0.1 + 0.2 is 0.30000000000000004 in binary and 0.3 here. The binary sum is off
 * by far less than half of the last decimal place, so rounding to that place finds the decimal sum.
 */
export function decimalSum(binarySum: number, places: number): number {
  return places === 0 ? binarySum : Number(binarySum.toFixed(places));
}

/**
 * For the reports that show numbers as they were read (stats, explain): formatExact, or, for a number
 * it refuses, the number as JavaScript holds it, marked. Only last year's can be such a number: its
 * problems (a value past 2^53 − 1) are warnings, since they must not stop this year's build.
 */
export function formatAsRead(n: number): string {
  return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER ? formatExact(n) : `${String(n)}（不精确）`;
}
