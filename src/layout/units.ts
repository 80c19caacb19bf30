// Layout: every unit conversion the writers need, in one place (house style: "all unit
// conversions live in one small module"). The profile speaks in mm, pt and Chinese size names
// (GB/T 9704-2012 does); WordprocessingML speaks in twips, half-points and eighths of a point.

const MM_PER_INCH = 25.4;
const POINTS_PER_INCH = 72;
/** A twip is a twentieth of a point (ECMA-376 ST_TwipsMeasure). */
const TWIPS_PER_POINT = 20;

export function mmToPt(mm: number): number {
  return (mm / MM_PER_INCH) * POINTS_PER_INCH;
}

export function ptToMm(pt: number): number {
  return (pt / POINTS_PER_INCH) * MM_PER_INCH;
}

/** Exact (unrounded) twips; round once, where a value is written (see page-geometry.ts). */
export function mmToTwips(mm: number): number {
  return mmToPt(mm) * TWIPS_PER_POINT;
}

export function twipsToMm(twips: number): number {
  return ptToMm(twips / TWIPS_PER_POINT);
}

export function ptToTwips(pt: number): number {
  return pt * TWIPS_PER_POINT;
}

export function twipsToPt(twips: number): number {
  return twips / TWIPS_PER_POINT;
}

/** w:sz is in half-points; 三号 16 pt is 32. Word only stores whole half-points. */
export function ptToHalfPoints(pt: number): number {
  return Math.round(pt * 2);
}

/**
 * Border widths (w:sz of w:pBdr) are in eighths of a point, 2 to 96 (ECMA-376 §17.3.4). GB/T
 * 9704-2012 7.4.1 gives the 版记 rules in mm (0.35 / 0.25), so they pass through here.
 */
export function ptToEighthPoints(pt: number): number {
  return Math.min(96, Math.max(2, Math.round(pt * 8)));
}

/**
 * Chinese type sizes (字号) in points. The table is printing practice (the 号 system), as the
 * reference lists it; GB/T 9704-2012 names its sizes this way (5.2.2 "3号仿宋体字").
 */
export const CHINESE_SIZES_PT: Readonly<Record<string, number>> = {
  初号: 42,
  小初: 36,
  一号: 26,
  小一: 24,
  二号: 22,
  小二: 18,
  三号: 16,
  小三: 15,
  四号: 14,
  小四: 12,
};

/** A 字号 name (三号) or a size in points; undefined when neither. */
export function fontSizeToPt(value: string | number): number | undefined {
  if (typeof value === 'number') return value > 0 ? value : undefined;
  const named = CHINESE_SIZES_PT[value.trim()];
  if (named !== undefined) return named;
  const length = parseLength(value);
  return length?.unit === 'pt' && length.value > 0 ? length.value : undefined;
}

export type LengthUnit = 'mm' | 'cm' | 'pt' | 'twip';

const LENGTH = /^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|pt|twips?|tw)\s*$/;

/** "37mm", "2pt", "579twip" → value and unit. A bare number has no unit and is refused. */
export function parseLength(text: string): { value: number; unit: LengthUnit } | undefined {
  const match = LENGTH.exec(text);
  if (!match) return undefined;
  const raw = match[2]!;
  const unit: LengthUnit = raw.startsWith('tw') ? 'twip' : (raw as LengthUnit);
  return { value: Number(match[1]), unit };
}

/** Any length the profile may write, in exact (unrounded) twips. */
export function lengthToTwips(length: { value: number; unit: LengthUnit }): number {
  switch (length.unit) {
    case 'mm':
      return mmToTwips(length.value);
    case 'cm':
      return mmToTwips(length.value * 10);
    case 'pt':
      return ptToTwips(length.value);
    case 'twip':
      return length.value;
  }
}

/**
 * The character spacing (w:spacing, whole twips, ECMA-376 §17.3.2.35) that fits `chars` characters
 * of `fontPt` in `widthTwips`. Rounded down: rounding up would leave one character too many for the
 * line and every reader drops to chars − 1 (28 × 16 pt in 156 mm needs −4.1, so −5).
 */
export function charSpacingToFit(widthTwips: number, chars: number, fontPt: number): number {
  return Math.floor(widthTwips / chars - ptToTwips(fontPt));
}

/** How many characters of `fontPt` a line of `widthTwips` holds with this character spacing. */
export function charsPerLine(widthTwips: number, fontPt: number, charSpacing: number): number {
  return Math.floor(widthTwips / (ptToTwips(fontPt) + charSpacing) + 1e-9);
}
