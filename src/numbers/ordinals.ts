// Why: section numbering follows the fixed official hierarchy 一、 → （一） → 1. → （1），
// with 一是…二是… as in-paragraph lead-ins; Chinese numerals here, Arabic digits elsewhere.

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** Chinese numeral for 1..99: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) {
    throw new RangeError(`chineseNumeral: expected an integer in 1..99, got ${String(n)}`);
  }
  const tens = Math.floor(n / 10);
  const units = n % 10;
  if (tens === 0) return DIGITS[units]!;
  // Official usage writes 十一, not 一十一, for the teens.
  return `${tens === 1 ? '' : DIGITS[tens]!}十${DIGITS[units]!}`;
}

/** First-level heading number: "一、". */
export function sectionOrdinal(n: number): string {
  return `${chineseNumeral(n)}、`;
}

/** Second-level heading number, full-width brackets, no trailing punctuation: "（一）". */
export function bracketOrdinal(n: number): string {
  return `（${chineseNumeral(n)}）`;
}

/** In-paragraph lead-in: "一是". */
export function leadIn(n: number): string {
  return `${chineseNumeral(n)}是`;
}

/** Third-level heading number, half-width dot (not 、): "1.". */
export function arabicOrdinal(n: number): string {
  return `${positiveInteger(n, 'arabicOrdinal')}.`;
}

/** Fourth-level heading number, full-width brackets: "（1）". */
export function bracketArabic(n: number): string {
  return `（${positiveInteger(n, 'bracketArabic')}）`;
}

function positiveInteger(n: number, caller: string): string {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`${caller}: expected a positive integer, got ${String(n)}`);
  }
  return String(n);
}
