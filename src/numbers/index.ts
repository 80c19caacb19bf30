// Why: one import point for the Chinese number-phrasing conventions (GB/T 15835-2011 practice).
export { approximate, parseApproximate } from './approximate.js';
export type { ApproximateQualifier, ParsedApproximate } from './approximate.js';
export { decimalPlaces, decimalSum, formatAsRead, formatExact, plainDecimal } from './exact.js';
export {
  chineseNumeral,
  sectionOrdinal,
  bracketOrdinal,
  leadIn,
  arabicOrdinal,
  bracketArabic,
} from './ordinals.js';
export { formatChineseDate, formatChineseMonth, isValidIsoDate, writtenDateAsIso } from './dates.js';
export { formatPercent, yearOverYear, completionRate } from './percent.js';
