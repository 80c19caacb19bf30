// Layout: the typesetting profile (GONGWEN's "layout is data"). profiles/gbt9704.yaml is the one
// place for sizes, margins, fonts and colours; this module checks a profile as written and turns
// it into the typed Profile the writers use, with every length in twips and every size in points.
// It also checks what the standard needs to hold together: that 22 lines of the grid fit the text
// area and 28 characters fit a line (GB/T 9704-2012 5.2.3).

import { parse } from 'yaml';
import { plainYamlValue } from '../load/yaml-source.js';
import { EXIT_INVALID_INPUT, UserError } from '../model/errors.js';
import { pageGeometry, type PageGeometry } from './page-geometry.js';
import { charSpacingToFit, charsPerLine, fontSizeToPt, lengthToTwips, parseLength, ptToTwips } from './units.js';

/**
 * Bounds no page comes near, so that a slip (1e308, a run of nines) is a problem in the profile and
 * not a value the DOCX writer refuses: the largest size Word takes, a metre, and counts of lines,
 * characters and 字 well beyond any page.
 */
const LARGEST_FONT_PT = 1638;
const LONGEST_TWIPS = lengthToTwips({ value: 1000, unit: 'mm' });
const LARGEST_NUMBER = 1000;

/** The faces of one family for one script. */
export interface Faces {
  /** w:rFonts w:eastAsia: the Chinese face, e.g. 仿宋_GB2312. */
  eastAsia: string;
  /** w:rFonts ascii/hAnsi: digits and Latin letters. */
  latin: string;
  /** Stand-ins, best first, for a machine without `eastAsia`. */
  fallbacks: string[];
}

export interface FontFamily extends Faces {
  /**
   * The faces a traditional document (--script hant…) names instead: the GB2312 faces are not on
   * a Word in Taiwan or Hong Kong (layout/fonts.ts facesForScript).
   */
  traditional?: Faces;
}

export type Alignment = 'left' | 'center' | 'right' | 'justify';

export const STYLE_ROLES = [
  'default',
  'mastheadName',
  'mastheadIssue',
  'mastheadOffice',
  'title',
  'body',
  'heading1',
  'heading2',
  'brief',
  'signature',
  'closing',
  'distribution',
  'pageNumber',
] as const;
export type StyleRole = (typeof STYLE_ROLES)[number];

/** One element's formatting, with `default` filled in. Lengths in twips, sizes in points. */
export interface RoleStyle {
  /** Key into Profile.fonts. */
  font: string;
  size: number;
  /** Six hex digits, upper case, no '#'. */
  color: string;
  bold: boolean;
  align: Alignment;
  /** Indents in characters of this style's size (GB/T 9704 counts in 字). */
  firstLineIndent: number;
  indentLeft: number;
  indentRight: number;
  /** Exact line height in twips, or 'auto' (single, snapped to the grid). */
  lineSpacing: number | 'auto';
  spaceBefore: number;
  spaceAfter: number;
}

export interface Profile {
  name: string;
  /** The page in exact twips; write it through `geometry`, which rounds it consistently. */
  page: { width: number; height: number; margins: { top: number; bottom: number; left: number; right: number } };
  geometry: PageGeometry;
  /**
   * A line grid (w:docGrid type lines) and the character spacing that puts `chars` on a line, in
   * twips; `autospace`: whether the extra gap where Chinese meets Latin letters or digits is added.
   */
  grid: { lines: number; chars: number; linePitch: number; charSpacing: number; autospace: boolean };
  fonts: Record<string, FontFamily>;
  styles: Record<StyleRole, RoleStyle>;
  masthead: { rule: { color: string; width: number; gap: number } };
  headings: { runIn: boolean };
  distribution: { rules: { outer: number; inner: number; color: string }; placement: 'bottom' | 'flow' };
  pageNumber: { format: string; dashBelowTextArea: number; sideIndent: number };
}

/** Parse and check a profile's YAML text; `fileLabel` names the file in messages. */
export function parseProfile(yamlText: string, fileLabel: string): Profile {
  return validateProfile(parseProfileYaml(yamlText, fileLabel), fileLabel);
}

/** The plain data of a profile's YAML text, before checking (a project's part-profile is merged first). */
export function parseProfileYaml(yamlText: string, fileLabel: string): unknown {
  // js-yaml (which has read summarize.yaml by then) reads the same plain data in a fraction of the
  // time of yaml's first parse in a process; yaml reads anything else, and says what is wrong.
  const plain = plainYamlValue(yamlText);
  if (plain) return plain.value;
  try {
    // Core schema: plain data only; "000000" stays a string only when quoted, which the colour check says.
    return parse(yamlText, { schema: 'core', uniqueKeys: true });
  } catch (error) {
    throw new UserError(`版式配置 ${fileLabel} 不是有效的 YAML：${(error as Error).message}`, EXIT_INVALID_INPUT, undefined, {
      cause: error,
    });
  }
}

/**
 * Check profile data already parsed (load/profile.ts merges a project's profile over the built-in
 * one first). Every problem is collected, then one error lists them all, each naming its key.
 */
export function validateProfile(data: unknown, fileLabel: string): Profile {
  const check = new Checker();
  const root = check.object(data, '');
  const fonts = readFonts(check, root);
  const grid = readGrid(check, root);
  const profile: Profile = {
    name: check.string(root, 'name', ''),
    page: readPage(check, root),
    geometry: { width: 0, height: 0, margins: { top: 0, bottom: 0, left: 0, right: 0 }, textWidth: 0, textHeight: 0 },
    grid,
    fonts,
    styles: readStyles(check, root, fonts, grid.linePitch),
    masthead: readMasthead(check, root),
    headings: readHeadings(check, root),
    distribution: readDistribution(check, root),
    pageNumber: readPageNumber(check, root),
  };
  check.unknownKeys(root, '', ['name', 'page', 'grid', 'fonts', 'styles', 'masthead', 'headings', 'distribution', 'pageNumber']);
  if (check.problems.length === 0) {
    profile.geometry = pageGeometry(profile.page);
    checkGridFits(check, profile);
  }
  if (check.problems.length > 0) {
    const [first, ...rest] = check.problems;
    throw new UserError(
      `版式配置 ${fileLabel} 有误：${first}${rest.map((p) => `\n  ${p}`).join('')}`,
      EXIT_INVALID_INPUT,
      '对照内置的 profiles/gbt9704.yaml 检查键名、单位（mm、pt、twip）和字号名（三号、四号……）',
    );
  }
  return profile;
}

type Obj = Record<string, unknown>;

/** Reads values by dotted path and records what is wrong with them instead of stopping at the first. */
class Checker {
  readonly problems: string[] = [];

  problem(path: string, message: string): void {
    this.problems.push(`${path || '（顶层）'}：${message}`);
  }

  object(value: unknown, path: string): Obj {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Obj;
    this.problem(path, value === undefined ? '缺少此项' : '应为键值表');
    return {};
  }

  child(parent: Obj, key: string, path: string): Obj {
    return this.object(parent[key], join(path, key));
  }

  string(parent: Obj, key: string, path: string): string {
    const value = parent[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problem(join(path, key), value === undefined ? '缺少此项' : '应为非空文字');
    return '';
  }

  boolean(parent: Obj, key: string, path: string): boolean {
    const value = parent[key];
    if (typeof value === 'boolean') return value;
    this.problem(join(path, key), value === undefined ? '缺少此项' : '应为 true 或 false');
    return false;
  }

  number(parent: Obj, key: string, path: string, options: { integer?: boolean; min?: number } = {}): number {
    const value = parent[key];
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value <= LARGEST_NUMBER &&
      (!options.integer || Number.isInteger(value)) &&
      (options.min === undefined || value >= options.min);
    if (ok) return value;
    const kind = options.integer ? '整数' : '数字';
    const bound = options.min === undefined ? `（不大于 ${LARGEST_NUMBER}）` : `（${options.min} 到 ${LARGEST_NUMBER}）`;
    this.problem(join(path, key), value === undefined ? '缺少此项' : `应为${kind}${bound}，现为 ${JSON.stringify(value)}`);
    return 0;
  }

  /** A length with its unit ("37mm"), in exact twips. */
  length(parent: Obj, key: string, path: string, options: { min?: number } = {}): number {
    const value = parent[key];
    const parsed = typeof value === 'string' ? parseLength(value) : undefined;
    const twips = parsed ? lengthToTwips(parsed) : undefined;
    const onPaper = twips !== undefined && twips <= LONGEST_TWIPS;
    if (onPaper && (options.min === undefined || parsed!.value >= options.min)) return twips;
    const message =
      value === undefined
        ? '缺少此项'
        : typeof value === 'number'
          ? `长度要写单位，例如 ${value}mm 或 ${value}pt`
          : twips !== undefined && !onPaper
            ? `长度 ${value} 比一米还长，纸上放不下`
            : `应为带单位的长度（mm、cm、pt、twip），现为 ${JSON.stringify(value)}`;
    this.problem(join(path, key), message);
    return 0;
  }

  color(parent: Obj, key: string, path: string): string {
    const value = parent[key];
    if (typeof value === 'string' && /^#?[0-9a-f]{6}$/i.test(value)) return value.replace('#', '').toUpperCase();
    const message =
      value === undefined ? '缺少此项' : `应为六位十六进制颜色并加引号，例如 "FF0000"，现为 ${JSON.stringify(value)}`;
    this.problem(join(path, key), message);
    return '000000';
  }

  oneOf<T extends string>(parent: Obj, key: string, path: string, allowed: readonly T[]): T {
    const value = parent[key];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problem(join(path, key), value === undefined ? '缺少此项' : `应为 ${allowed.join('、')} 之一，现为 ${JSON.stringify(value)}`);
    return allowed[0]!;
  }

  unknownKeys(parent: Obj, path: string, known: readonly string[]): void {
    for (const key of Object.keys(parent)) {
      if (!known.includes(key)) this.problem(join(path, key), `未知的键（可用的有：${known.join('、')}）`);
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function readPage(check: Checker, root: Obj): Profile['page'] {
  const page = check.child(root, 'page', '');
  const margins = check.child(page, 'margins', 'page');
  check.unknownKeys(page, 'page', ['width', 'height', 'margins']);
  check.unknownKeys(margins, 'page.margins', ['top', 'bottom', 'left', 'right']);
  return {
    width: check.length(page, 'width', 'page', { min: 1 }),
    height: check.length(page, 'height', 'page', { min: 1 }),
    margins: {
      top: check.length(margins, 'top', 'page.margins', { min: 0 }),
      bottom: check.length(margins, 'bottom', 'page.margins', { min: 0 }),
      left: check.length(margins, 'left', 'page.margins', { min: 0 }),
      right: check.length(margins, 'right', 'page.margins', { min: 0 }),
    },
  };
}

function readGrid(check: Checker, root: Obj): Profile['grid'] {
  const grid = check.child(root, 'grid', '');
  check.unknownKeys(grid, 'grid', ['lines', 'chars', 'linePitch', 'charSpacing', 'autospace']);
  return {
    lines: check.number(grid, 'lines', 'grid', { integer: true, min: 1 }),
    chars: check.number(grid, 'chars', 'grid', { integer: true, min: 1 }),
    linePitch: Math.round(check.length(grid, 'linePitch', 'grid', { min: 1 })),
    charSpacing: Math.round(check.length(grid, 'charSpacing', 'grid')),
    autospace: check.boolean(grid, 'autospace', 'grid'),
  };
}

function readFonts(check: Checker, root: Obj): Record<string, FontFamily> {
  const fonts = check.child(root, 'fonts', '');
  const result: Record<string, FontFamily> = {};
  for (const key of Object.keys(fonts)) {
    const path = `fonts.${key}`;
    const font = check.child(fonts, key, 'fonts');
    check.unknownKeys(font, path, ['eastAsia', 'latin', 'fallbacks', 'traditional']);
    const faces = readFaces(check, font, path);
    if (font['traditional'] === undefined) {
      result[key] = faces;
    } else {
      const traditional = check.child(font, 'traditional', path);
      check.unknownKeys(traditional, `${path}.traditional`, ['eastAsia', 'latin', 'fallbacks']);
      result[key] = { ...faces, traditional: readFaces(check, traditional, `${path}.traditional`) };
    }
  }
  checkSameFaceSameStandIns(check, result);
  return result;
}

/**
 * A PDF made here prints a face the machine lacks in one stand-in, chosen by the face's name
 * (write/fontconfig.ts): families naming the same face, for the same script, list the same stand-ins.
 */
function checkSameFaceSameStandIns(check: Checker, fonts: Record<string, FontFamily>): void {
  for (const variant of ['', 'traditional'] as const) {
    const first = new Map<string, [string, Faces]>();
    for (const [key, font] of Object.entries(fonts)) {
      const faces = variant === '' ? font : font.traditional;
      if (!faces) continue;
      const path = variant === '' ? `fonts.${key}` : `fonts.${key}.${variant}`;
      const earlier = first.get(faces.eastAsia);
      if (!earlier) first.set(faces.eastAsia, [path, faces]);
      else if (earlier[1].fallbacks.join('\n') !== faces.fallbacks.join('\n')) {
        check.problem(`${path}.fallbacks`, `与 ${earlier[0]} 同为 ${faces.eastAsia}，替代字体应与它相同（PDF 按字体名换用替代字体）`);
      }
    }
  }
}

function readFaces(check: Checker, font: Obj, path: string): Faces {
  const fallbacks = font['fallbacks'];
  const list = Array.isArray(fallbacks) && fallbacks.every((f) => typeof f === 'string' && f.trim() !== '') ? (fallbacks as string[]) : undefined;
  if (!list) check.problem(`${path}.fallbacks`, fallbacks === undefined ? '缺少此项（缺字体时的替代字体列表）' : '应为字体名列表');
  return { eastAsia: check.string(font, 'eastAsia', path), latin: check.string(font, 'latin', path), fallbacks: list ?? [] };
}

const STYLE_KEYS = [
  'font',
  'size',
  'color',
  'bold',
  'align',
  'firstLineIndent',
  'indentLeft',
  'indentRight',
  'lineSpacing',
  'spaceBefore',
  'spaceAfter',
] as const;

function readStyles(check: Checker, root: Obj, fonts: Record<string, FontFamily>, linePitch: number): Record<StyleRole, RoleStyle> {
  const styles = check.child(root, 'styles', '');
  check.unknownKeys(styles, 'styles', STYLE_ROLES);
  const written = check.child(styles, 'default', 'styles');
  const base = readStyle(check, written, 'styles.default', fonts, linePitch, undefined);
  const result = { default: base } as Record<StyleRole, RoleStyle>;
  for (const role of STYLE_ROLES) {
    if (role === 'default') continue;
    const own = styles[role] === undefined ? {} : check.child(styles, role, 'styles');
    result[role] = readStyle(check, own, `styles.${role}`, fonts, linePitch, base);
  }
  return result;
}

/** One role's formatting; keys it leaves out come from `base` (styles.default, GB/T 9704 5.2.2). */
function readStyle(
  check: Checker,
  written: Obj,
  path: string,
  fonts: Record<string, FontFamily>,
  linePitch: number,
  base: RoleStyle | undefined,
): RoleStyle {
  check.unknownKeys(written, path, STYLE_KEYS);
  const has = (key: string): boolean => written[key] !== undefined || base === undefined;
  const font = has('font') ? check.string(written, 'font', path) : base!.font;
  if (has('font') && font && !fonts[font]) check.problem(`${path}.font`, `没有名为 “${font}” 的字体（fonts 下有：${Object.keys(fonts).join('、')}）`);
  return {
    font,
    size: has('size') ? readSize(check, written, path) : base!.size,
    color: has('color') ? check.color(written, 'color', path) : base!.color,
    bold: written['bold'] !== undefined ? check.boolean(written, 'bold', path) : (base?.bold ?? false),
    align: has('align') ? check.oneOf(written, 'align', path, ['left', 'center', 'right', 'justify'] as const) : base!.align,
    firstLineIndent: readChars(check, written, 'firstLineIndent', path),
    indentLeft: readChars(check, written, 'indentLeft', path),
    indentRight: readChars(check, written, 'indentRight', path),
    lineSpacing: has('lineSpacing') ? readLineSpacing(check, written, path) : base!.lineSpacing,
    spaceBefore: readSpace(check, written, 'spaceBefore', path, linePitch),
    spaceAfter: readSpace(check, written, 'spaceAfter', path, linePitch),
  };
}

function readSize(check: Checker, written: Obj, path: string): number {
  const value = written['size'];
  const pt = typeof value === 'string' || typeof value === 'number' ? fontSizeToPt(value) : undefined;
  if (pt !== undefined && pt <= LARGEST_FONT_PT) return pt;
  check.problem(`${path}.size`, value === undefined ? '缺少此项' : `应为字号名（初号…小四）或磅值（16pt，至多 ${LARGEST_FONT_PT}pt），现为 ${JSON.stringify(value)}`);
  return 16;
}

/** Indents are in 字 and are not inherited: an indent belongs to the element, not to the default. */
function readChars(check: Checker, written: Obj, key: string, path: string): number {
  return written[key] === undefined ? 0 : check.number(written, key, path, { min: 0 });
}

function readLineSpacing(check: Checker, written: Obj, path: string): number | 'auto' {
  if (written['lineSpacing'] === 'auto') return 'auto';
  return Math.round(check.length(written, 'lineSpacing', path, { min: 1 }));
}

/** A number counts lines of the grid (“空一行”); a string is a length. */
function readSpace(check: Checker, written: Obj, key: string, path: string, linePitch: number): number {
  const value = written[key];
  if (value === undefined) return 0;
  if (typeof value === 'number') return Math.round(check.number(written, key, path, { min: 0 }) * linePitch);
  return Math.round(check.length(written, key, path, { min: 0 }));
}

function readMasthead(check: Checker, root: Obj): Profile['masthead'] {
  const masthead = check.child(root, 'masthead', '');
  const rule = check.child(masthead, 'rule', 'masthead');
  check.unknownKeys(masthead, 'masthead', ['rule']);
  check.unknownKeys(rule, 'masthead.rule', ['color', 'width', 'gap']);
  return {
    rule: {
      color: check.color(rule, 'color', 'masthead.rule'),
      width: check.length(rule, 'width', 'masthead.rule', { min: 0 }),
      gap: check.length(rule, 'gap', 'masthead.rule', { min: 0 }),
    },
  };
}

function readHeadings(check: Checker, root: Obj): Profile['headings'] {
  const headings = check.child(root, 'headings', '');
  check.unknownKeys(headings, 'headings', ['runIn']);
  return { runIn: check.boolean(headings, 'runIn', 'headings') };
}

function readDistribution(check: Checker, root: Obj): Profile['distribution'] {
  const distribution = check.child(root, 'distribution', '');
  const rules = check.child(distribution, 'rules', 'distribution');
  check.unknownKeys(distribution, 'distribution', ['rules', 'placement']);
  check.unknownKeys(rules, 'distribution.rules', ['outer', 'inner', 'color']);
  return {
    rules: {
      outer: check.length(rules, 'outer', 'distribution.rules', { min: 0 }),
      inner: check.length(rules, 'inner', 'distribution.rules', { min: 0 }),
      color: check.color(rules, 'color', 'distribution.rules'),
    },
    placement: check.oneOf(distribution, 'placement', 'distribution', ['bottom', 'flow'] as const),
  };
}

function readPageNumber(check: Checker, root: Obj): Profile['pageNumber'] {
  const pageNumber = check.child(root, 'pageNumber', '');
  check.unknownKeys(pageNumber, 'pageNumber', ['format', 'dashBelowTextArea', 'sideIndent']);
  const format = check.string(pageNumber, 'format', 'pageNumber');
  if (format && format.split('{page}').length !== 2) check.problem('pageNumber.format', '应含且只含一个 {page}，例如 "— {page} —"');
  return {
    format,
    dashBelowTextArea: check.length(pageNumber, 'dashBelowTextArea', 'pageNumber', { min: 0 }),
    sideIndent: check.number(pageNumber, 'sideIndent', 'pageNumber', { min: 0 }),
  };
}

/**
 * w:footer is the distance from the page's bottom edge to the bottom of the footer line; 7.5
 * puts the dash 7 mm below the text area, and the dash sits halfway up its line.
 */
export function footerDistance(profile: Profile): number {
  const role = profile.styles.pageNumber;
  const line = role.lineSpacing === 'auto' ? ptToTwips(role.size) : role.lineSpacing;
  return Math.round(profile.geometry.margins.bottom - profile.pageNumber.dashBelowTextArea - line / 2);
}

/** GB/T 9704-2012 5.2.3: the grid's lines and characters must really fit the text area. */
function checkGridFits(check: Checker, profile: Profile): void {
  const { grid, geometry } = profile;
  if (geometry.textWidth <= 0 || geometry.textHeight <= 0) {
    check.problem('page.margins', '页边距大于纸张，版心为空');
    return;
  }
  const footer = footerDistance(profile);
  if (footer < 0) {
    // The page number's line would start below the page's edge, which no word processor takes.
    check.problem('page.margins.bottom', `下边距 ${geometry.margins.bottom} twip 放不下页码：页码在版心下 ${Math.round(profile.pageNumber.dashBelowTextArea)} twip，下边距至少要 ${geometry.margins.bottom - footer}twip`);
  }
  if (grid.linePitch * grid.lines > geometry.textHeight) {
    const most = Math.floor(geometry.textHeight / grid.lines);
    check.problem('grid.linePitch', `${grid.lines} 行 × ${grid.linePitch} twip 超出版心高度 ${geometry.textHeight} twip；行距最多 ${most}twip`);
  }
  const size = profile.styles.default.size;
  const fitting = charsPerLine(geometry.textWidth, size, grid.charSpacing);
  if (fitting !== grid.chars) {
    const suggested = charSpacingToFit(geometry.textWidth, grid.chars, size);
    check.problem('grid.charSpacing', `${size} pt 的字加字距 ${grid.charSpacing} twip，版心宽 ${geometry.textWidth} twip 排 ${fitting} 字而不是 ${grid.chars} 字；应为 ${suggested}twip`);
  }
}
