// Model: the period a document covers. A year is the common case; a quarter, half-year or month
// makes a monthly or quarterly bulletin with the same command (`2024-Q3`, `2024H1`, `2024-07`).

import { UserError } from './errors.js';

export interface Period {
  /**
   * In one standard form whatever the spelling (2024-q3, 2024Q3 → 2024-Q3; 2024-h1 → 2024H1;
   * 2024-7 → 2024-07): it names the output folder, so one period never gets two folders.
   */
  label: string;
  year: number;
  /** Inclusive ISO dates. */
  start: string;
  end: string;
}

/**
 * The first year a period may be in. Dates are written with four-digit years (YYYY-MM-DD, and
 * their order is that of their text), and the calendar arithmetic of JavaScript's Date reads
 * years 0–99 as 1900–1999.
 */
export const FIRST_YEAR = 1000;

export function parsePeriod(text: string): Period {
  const trimmed = text.trim();
  if (/^0\d{3}/.test(trimmed)) throw new UserError(`时间段 “${text}” 的年份早于 ${FIRST_YEAR} 年`, undefined, '写成 2024（全年）、2024-Q3（季度）、2024H1（半年）或 2024-07（月）');
  const year = /^(\d{4})$/.exec(trimmed);
  if (year) return span(year[1]!, Number(year[1]), 1, 12);
  const quarter = /^(\d{4})-?Q([1-4])$/i.exec(trimmed);
  if (quarter) {
    const q = Number(quarter[2]);
    return span(`${quarter[1]}-Q${q}`, Number(quarter[1]), q * 3 - 2, q * 3);
  }
  const half = /^(\d{4})-?H([12])$/i.exec(trimmed);
  if (half) {
    const h = Number(half[2]);
    return span(`${half[1]}H${h}`, Number(half[1]), h * 6 - 5, h * 6);
  }
  const month = /^(\d{4})-(\d{1,2})$/.exec(trimmed);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    return span(`${month[1]}-${month[2]!.padStart(2, '0')}`, Number(month[1]), Number(month[2]), Number(month[2]));
  }
  throw new UserError(`看不懂时间段 “${text}”`, undefined, '写成 2024（全年）、2024-Q3（季度）、2024H1（半年）或 2024-07（月）');
}

function span(label: string, year: number, firstMonth: number, lastMonth: number): Period {
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return { label, year, start: isoDate(year, firstMonth, 1), end: isoDate(year, lastMonth, lastDay) };
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function contains(period: Period, isoDay: string): boolean {
  return isoDay >= period.start && isoDay <= period.end;
}

/**
 * The same period one year earlier: 2024-Q3 → 2023-Q3, 2024H1 → 2023H1, 2024-02 → 2023-02; none
 * before FIRST_YEAR (`stats 1000` has nothing to compare with, whatever activities/999/ holds).
 */
export function previousPeriod(period: Period): Period | undefined {
  if (period.year - 1 < FIRST_YEAR) return undefined;
  return parsePeriod(`${period.year - 1}${period.label.slice(4)}`);
}
