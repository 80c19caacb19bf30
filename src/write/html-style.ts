// Write stage: the typesetting profile as CSS, for the HTML the preview shows. Every size, margin,
// font and colour comes from the profile (profiles/gbt9704.yaml), as the DOCX's styles do, so the
// page in the browser and the page in Word are set from the same numbers: A4, the 156 × 225 mm
// text area, a 22-line grid with an exact line pitch, 28 characters a line by character spacing,
// fonts by role, the red masthead rule and the 版记 rules.
//
// Each face is named as the DOCX names it, then the profile's stand-ins in the script's regional
// family (layout/fonts.ts, as the PDF picks them), so a browser on an office PC uses 仿宋_GB2312
// and one here the stand-in a PDF made here would use. Digits and Latin letters
// take the role's Latin face (w:rFonts ascii), or the PDF's stand-in for it: an @font-face limited
// to ASCII over local() faces. A stand-in fontconfig finds only through the PDF's fontconfig file
// (FandolFang, in TeX Live's folders) is loaded from the preview server.

import type { DocumentScript } from '../model/config.js';
import type { Alignment, FontFamily, Profile, RoleStyle, StyleRole } from '../layout/profile.js';
import { facesForScript, standIns, type ResolvedFace } from '../layout/fonts.js';
import { twipsToMm, twipsToPt } from '../layout/units.js';

/** Class of the element of each role; the writer (html.ts) and the preview's script use these. */
export function roleClass(role: StyleRole): string {
  return `sz-${role}`;
}

/**
 * Single line spacing (`lineSpacing: auto`) is snapped to the grid as Word does with a line grid:
 * the smallest whole number of grid lines that holds the face at its usual 1.2 leading.
 */
const SINGLE_LEADING = 1.2;

/**
 * The CSS of the profile; the stand-in faces are those of the document's script (layout/fonts.ts).
 * With `faces` (resolved on this machine as a PDF made here resolves them) each role names the
 * face the PDF uses right after the DOCX's: a browser otherwise takes each character from the
 * first face in the list that has it, and mixes faces within a line.
 */
export function profileCss(base: Profile, script: DocumentScript = 'hans', faces?: readonly ResolvedFace[], served: readonly ServedFace[] = []): string {
  const profile = facesForScript(base, script);
  const { geometry, grid } = profile;
  const mm = (twips: number) => `${round(twipsToMm(twips))}mm`;
  const pt = (twips: number) => `${round(twipsToPt(twips))}pt`;
  const pageLine = lineHeight(profile.styles.pageNumber, profile);
  const rule = profile.masthead.rule;
  const { outer, inner, color } = profile.distribution.rules;
  const rules: string[] = [
    ...served.map(servedFace),
    ...Object.entries(profile.fonts).map(([key, font]) => latinFace(key, font, faces?.find((face) => face.key === key)?.latinUsed)),
    `.sz-page {
  --sz-line: ${pt(grid.linePitch)};
  --sz-lines: ${grid.lines};
  --sz-chars: ${grid.chars};
  width: ${mm(geometry.width)};
  height: ${mm(geometry.height)};
  padding: ${mm(geometry.margins.top)} ${mm(geometry.margins.right)} ${mm(geometry.margins.bottom)} ${mm(geometry.margins.left)};
  letter-spacing: ${pt(grid.charSpacing)};
  text-autospace: ${grid.autospace ? 'normal' : 'no-autospace'};
}`,
    `.sz-text { width: ${mm(geometry.textWidth)}; height: ${mm(geometry.textHeight)}; }`,
    // 7.5: the dash of the page number 7 mm below the text area, halfway up its line.
    `.sz-page-number { top: calc(${mm(geometry.margins.top + geometry.textHeight + profile.pageNumber.dashBelowTextArea)} - ${pt(pageLine / 2)}); left: ${mm(geometry.margins.left)}; width: ${mm(geometry.textWidth)}; }`,
    `.sz-page-number.sz-odd { text-align: right; padding-right: ${profile.pageNumber.sideIndent}em; }`,
    `.sz-page-number.sz-even { text-align: left; padding-left: ${profile.pageNumber.sideIndent}em; }`,
    ...(Object.entries(profile.styles) as [StyleRole, RoleStyle][]).map(([role, style]) => roleRule(role, style, profile, script, faces)),
    // The 版头 rule under the office and date line (7.2.7's red rule, 4 mm below).
    `.sz-mastheadOffice { display: flex; justify-content: space-between; padding-bottom: ${pt(rule.gap)}; border-bottom: ${pt(rule.width)} solid #${rule.color}; }`,
    // 7.4.1: thick rules first and last, thin ones between.
    `.sz-distribution-block { border-top: ${pt(outer)} solid #${color}; border-bottom: ${pt(outer)} solid #${color}; }`,
    `.sz-distribution + .sz-distribution { border-top: ${pt(inner)} solid #${color}; }`,
  ];
  if (profile.distribution.placement === 'bottom') {
    // 7.4.1: the last rule lies on the bottom edge of the last page's text area.
    rules.push('.sz-distribution-block { margin-top: auto; }');
  }
  return `${rules.join('\n')}\n`;
}

function roleRule(role: StyleRole, style: RoleStyle, profile: Profile, script: DocumentScript, faces: readonly ResolvedFace[] | undefined): string {
  const selector = role === 'default' ? '.sz-document' : `.${roleClass(role)}`;
  const declarations = [
    `font-family: ${fontFamilyList(style.font, profile, script, faces)}`,
    `font-size: ${round(style.size)}pt`,
    `color: #${style.color}`,
    `font-weight: ${style.bold ? 'bold' : 'normal'}`,
    `text-align: ${CSS_ALIGN[style.align]}`,
    `line-height: ${round(twipsToPt(lineHeight(style, profile)))}pt`,
    `text-indent: ${style.firstLineIndent}em`,
    `padding-left: ${style.indentLeft}em`,
    `padding-right: ${style.indentRight}em`,
    `margin: ${round(twipsToPt(style.spaceBefore))}pt 0 ${round(twipsToPt(style.spaceAfter))}pt 0`,
  ];
  return `${selector} { ${declarations.join('; ')}; }`;
}

const CSS_ALIGN: Record<Alignment, string> = { left: 'left', center: 'center', right: 'right', justify: 'justify' };

/** The line height of a role in twips: exact, or single spacing snapped to the grid. */
function lineHeight(style: RoleStyle, profile: Profile): number {
  if (style.lineSpacing !== 'auto') return style.lineSpacing;
  const pitch = profile.grid.linePitch;
  return Math.ceil((style.size * 20 * SINGLE_LEADING) / pitch) * pitch;
}

/** The role's Latin face for ASCII, then the East Asian face and its stand-ins, then a generic family. */
export function fontFamilyList(key: string, profile: Profile, script: DocumentScript, faces?: readonly ResolvedFace[]): string {
  const font = profile.fonts[key]!;
  const generic = /hei|sans|黑/i.test(`${key} ${font.eastAsia}`) ? 'sans-serif' : 'serif';
  const used = faces?.find((face) => face.key === key)?.used;
  return [latinFamily(key), ...new Set([font.eastAsia, ...(used ? [used] : standIns(font, script))])].map(cssString).concat(generic).join(', ');
}

function latinFamily(key: string): string {
  return `sz-latin-${key}`;
}

/**
 * Digits and Latin letters in the role's Latin face; where that is missing, in the face a PDF made
 * here prints them in (Liberation Serif for Times New Roman), not in the Chinese face next in the list.
 */
function latinFace(key: string, font: FontFamily, used: string | undefined): string {
  const sources = [...new Set([font.latin, ...(used ? [used] : [])])].map((face) => `local(${cssString(face)})`).join(', ');
  return `@font-face { font-family: ${cssString(latinFamily(key))}; src: ${sources}; unicode-range: U+0020-007E; }`;
}

/** A face the page loads from the preview server under the name the font lists give it. */
export interface ServedFace {
  family: string;
  url: string;
  bold: boolean;
}

/**
 * Named as the system would name it: the family then wins over the system's lookup of that name,
 * which finds nothing where the face lies outside fontconfig's folders (FandolFang).
 */
function servedFace({ family, url, bold }: ServedFace): string {
  return `@font-face { font-family: ${cssString(family)}; src: url(${cssString(url)}); font-weight: ${bold ? 700 : 400}; }`;
}

/** A CSS string literal: quotes, backslashes and anything that could end the rule are escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
