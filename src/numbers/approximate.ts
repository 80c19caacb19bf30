// Why: statistics in bulletins are rounded with 余 (true value above the figure) or 近 (just below),
// and the document must never overstate with 余 nor understate with 近 (GB/T 15835-2011 practice).

export type ApproximateQualifier = '余' | '近' | '';

export interface ParsedApproximate {
  value: number;
  qualifier: ApproximateQualifier;
}

const WAN = 10_000;
const YI = 100_000_000;

/**
 * Phrase a count as an approximate figure: "7", "10余", "1.1万余", "近20万", "1万".
 * Throws RangeError unless n is a non-negative safe integer (callers validate first).
 */
export function approximate(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`approximate: expected a non-negative integer, got ${String(n)}`);
  }
  if (n < 10) return String(n);

  // Integer arithmetic on the digit count: Math.log10 is off by one near powers of ten.
  const magnitude = 10 ** (String(n).length - 1);
  const leading = Math.floor(n / magnitude);
  const nextRound = (leading + 1) * magnitude;
  // BigInt so that 100·n cannot lose precision for large safe integers.
  if (BigInt(n) * 100n >= BigInt(nextRound) * 97n) return `近${formatScaled(nextRound)}`;

  // Two significant digits for n ≥ 100; for n < 100 this is the tens, as the convention asks.
  const step = n < 100 ? 10 : magnitude / 10;
  const truncated = Math.floor(n / step) * step;
  return truncated === n ? formatScaled(n) : `${formatScaled(truncated)}余`;
}

// Values reaching here have at most two significant digits, so one decimal of 万/亿 is exact.
function formatScaled(x: number): string {
  if (x >= YI) return `${tenths(x, YI)}亿`;
  if (x >= WAN) return `${tenths(x, WAN)}万`;
  return String(x);
}

// Integer tenths avoid binary-float artefacts such as 1.1 × 10000 = 11000.000000000002.
function tenths(x: number, unit: number): string {
  const t = Math.round(x / (unit / 10));
  const whole = Math.floor(t / 10);
  const frac = t % 10;
  return frac === 0 ? String(whole) : `${whole}.${frac}`;
}

const APPROXIMATE_TEXT = /^(近)?(\d+)(?:\.(\d+))?(万|亿)?(余)?$/u;

/**
 * Inverse of approximate(): "近20万" → {value: 200000, qualifier: '近'}. Accepts the figures
 * approximate() and formatExact() write (also "3.45亿"); surrounding whitespace is ignored.
 * Throws RangeError on anything else, including a figure carrying both 近 and 余.
 */
export function parseApproximate(text: string): ParsedApproximate {
  const match = APPROXIMATE_TEXT.exec(text.trim());
  if (match === null || (match[1] !== undefined && match[5] !== undefined)) {
    throw new RangeError(`parseApproximate: not an approximate figure: ${JSON.stringify(text)}`);
  }
  const [, near, whole, frac, unit, over] = match;
  const exponent = unit === '亿' ? 8 : unit === '万' ? 4 : 0;
  // Parsing "1.1e4" as one decimal literal is correctly rounded, unlike 1.1 * 10000.
  const value = Number(`${whole}.${frac ?? '0'}e${exponent}`);
  const qualifier: ApproximateQualifier = near !== undefined ? '近' : over !== undefined ? '余' : '';
  return { value, qualifier };
}
