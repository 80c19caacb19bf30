import { describe, expect, it } from 'vitest';
import {
  fontSizeToPt,
  charSpacingToFit,
  charsPerLine,
  mmToTwips,
  parseLength,
  ptToEighthPoints,
  ptToHalfPoints,
  twipsToMm,
} from '../../src/layout/units.js';
import { pageGeometry } from '../../src/layout/page-geometry.js';

describe('units', () => {
  it('converts mm to twips and back', () => {
    expect(mmToTwips(25.4)).toBe(1440);
    expect(Math.round(mmToTwips(210))).toBe(11906);
    expect(Math.round(mmToTwips(297))).toBe(16838);
    expect(twipsToMm(1440)).toBeCloseTo(25.4);
  });

  it.each([
    ['初号', 42],
    ['小初', 36],
    ['二号', 22],
    ['三号', 16],
    ['四号', 14],
    ['小四', 12],
    ['16pt', 16],
    [10.5, 10.5],
  ] as const)('size %s is %d pt', (name, pt) => {
    expect(fontSizeToPt(name)).toBe(pt);
  });

  it('refuses sizes it does not know', () => {
    expect(fontSizeToPt('八号')).toBeUndefined();
    expect(fontSizeToPt('16mm')).toBeUndefined();
    expect(fontSizeToPt(0)).toBeUndefined();
  });

  it('writes sizes in half-points and rules in eighths of a point', () => {
    expect(ptToHalfPoints(16)).toBe(32);
    expect(ptToHalfPoints(22)).toBe(44);
    // GB/T 9704-2012 7.4.1: 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt.
    expect(ptToEighthPoints((0.35 / 25.4) * 72)).toBe(8);
    expect(ptToEighthPoints((0.25 / 25.4) * 72)).toBe(6);
  });

  it('reads lengths only with a unit', () => {
    expect(parseLength('37mm')).toEqual({ value: 37, unit: 'mm' });
    expect(parseLength('579twip')).toEqual({ value: 579, unit: 'twip' });
    expect(parseLength('0.35mm')).toEqual({ value: 0.35, unit: 'mm' });
    expect(parseLength('37')).toBeUndefined();
  });

  it('picks the character spacing that fits exactly 28 characters of 三号 in 156 mm', () => {
    const width = Math.round(mmToTwips(156));
    const spacing = charSpacingToFit(width, 28, 16);
    expect(spacing).toBe(-5);
    expect(charsPerLine(width, 16, spacing)).toBe(28);
    expect(charsPerLine(width, 16, spacing + 1)).toBe(27);
    expect(charsPerLine(width, 16, 0)).toBe(27);
  });
});

describe('pageGeometry', () => {
  it('keeps the A4 text area at 156 × 225 mm and rounds the margins around it', () => {
    const g = pageGeometry({
      width: mmToTwips(210),
      height: mmToTwips(297),
      margins: { top: mmToTwips(37), bottom: mmToTwips(35), left: mmToTwips(28), right: mmToTwips(26) },
    });
    expect(g).toEqual({
      width: 11906,
      height: 16838,
      margins: { top: 2098, bottom: 1984, left: 1588, right: 1474 },
      textWidth: 8844,
      textHeight: 12756,
    });
  });
});
