// Why: Gregorian dates are written 2023年10月9日 with half-width digits and no leading zeros
// (GB/T 15835-2011); an impossible date in the input must fail loudly, not roll over.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const WRITTEN_DATE = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/u;

/**
 * A date as people type it with its year (2024/5/4, 2024.5.4, 2024-5-4, 2024年5月4日, 2024-05-04)
 * as YYYY-MM-DD; undefined for any other text. Not checked as a calendar day (isValidIsoDate is).
 */
export function writtenDateAsIso(text: string): string | undefined {
  const match = WRITTEN_DATE.exec(text);
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : undefined;
}
const ISO_MONTH = /^(\d{4})-(\d{2})$/u;

/** True only for a strict YYYY-MM-DD string naming a real (proleptic Gregorian) calendar day. */
export function isValidIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const match = ISO_DATE.exec(s);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** "2024-05-04" → "2024年5月4日". Throws RangeError unless isValidIsoDate(iso). */
export function formatChineseDate(iso: string): string {
  if (!isValidIsoDate(iso)) throw new RangeError(`formatChineseDate: not a valid YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** "2024-05" → "2024年5月". Throws RangeError unless a strict YYYY-MM with month 01..12. */
export function formatChineseMonth(isoMonth: string): string {
  const match = typeof isoMonth === 'string' ? ISO_MONTH.exec(isoMonth) : null;
  const month = match === null ? 0 : Number(match[2]);
  if (match === null || month < 1 || month > 12) {
    throw new RangeError(`formatChineseMonth: not a valid YYYY-MM month: ${JSON.stringify(isoMonth)}`);
  }
  return `${Number(match[1])}年${month}月`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
