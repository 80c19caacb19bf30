// Write stage: the document model → a DOCX laid out to GB/T 9704-2012 (page 5.1–5.2, header block
// and rules 7.2.4/7.2.7 as bulletins use them, headings 7.3.3, 版记 7.4, page numbers 7.5).
//
// Every size, font and colour comes from the profile; paragraphs carry a named style and no
// direct formatting (pandoc's reference-doc idea), so a DOCX edited in Word restyles by style.
// The package is then rewritten so that one model always gives the same bytes: docx stamps
// docProps/core.xml and the zip entries with the current time.

import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  FrameAnchorType,
  FrameWrap,
  HorizontalPositionAlign,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  TextRun,
  VerticalPositionAlign,
  type IBorderOptions,
  type ICharacterStyleOptions,
  type IParagraphStyleOptions,
  type IParagraphStylePropertiesOptions,
  type IRunStylePropertiesOptions,
  type ISectionOptions,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import { zipParts } from './zip.js';
import { facesForScript, SCRIPT_LANGUAGE } from '../layout/fonts.js';
import { footerDistance, type Alignment, type Profile, type RoleStyle, type StyleRole } from '../layout/profile.js';
import type { DocumentScript } from '../model/config.js';
import { ptToEighthPoints, ptToHalfPoints, ptToTwips, twipsToPt } from '../layout/units.js';
import type {
  Block,
  DocumentModel,
  Heading,
  Masthead,
  Paragraph as ModelParagraph,
  ParagraphRole,
  TextRun as ModelRun,
} from '../model/document.js';
import { formattedRuns } from '../model/document.js';
import { closingIndents, runsIntoNext } from '../layout/blocks.js';
import { UserError } from '../model/errors.js';

/** Style ids are ASCII (Word matches them in XML); the names people see in Word are Chinese. */
export const STYLE_IDS = {
  mastheadName: 'MastheadName',
  mastheadIssue: 'MastheadIssue',
  mastheadOffice: 'MastheadOffice',
  title: 'DocTitle',
  body: 'Body',
  heading1: 'Level1Heading',
  heading2: 'Level2Heading',
  heading1Run: 'Level1HeadingChar',
  heading2Run: 'Level2HeadingChar',
  brief: 'Brief',
  signature: 'Signature',
  closing: 'Closing',
  distribution: 'Distribution',
  pageNumberOdd: 'PageNumberOdd',
  pageNumberEven: 'PageNumberEven',
} as const;

const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

/** The document in the profile's layout; `script` sets the language marks (w:lang) Word, WPS and LibreOffice pick glyph forms by. */
export async function renderDocx(model: DocumentModel, profile: Profile, script: DocumentScript = 'hans'): Promise<Uint8Array> {
  const own = facesForScript(profile, script);
  const timestamp = documentTimestamp(model.date);
  const key = JSON.stringify([script, timestamp.getTime(), own, model], withoutFigures);
  const kept = keptPackages.get(key);
  if (kept) return kept;
  const bytes = await packReproducibly(buildDocument(model, own, script), own, { timestamp, script });
  if (keptPackages.size >= KEPT_PACKAGES) keptPackages.clear();
  keptPackages.set(key, bytes);
  return bytes;
}

/**
 * The packages made in this process, by everything they are made from: the model as printed, the
 * profile, the script and the time stamped in. A watch or preview rebuild after an edit that
 * changes no printed word (a figure printed as 1.1万余 whose exact value moved, a log's wording
 * that no template prints, an event's sources in figures.json) gets the same bytes without
 * building and zipping the document again: ~30 of a 10k watch rebuild's ~150 ms CPU.
 */
const keptPackages = new Map<string, Uint8Array>();
/** A few kinds in a few scripts; a long watch starts afresh past this many. */
const KEPT_PACKAGES = 16;

/** A run's figure (the events it counts) is for figures.json: the DOCX prints its text alone. */
function withoutFigures(key: string, value: unknown): unknown {
  return key === 'figure' ? undefined : value;
}

/** The docx Document for a model; dotx.ts builds its skeleton through here too. */
export function buildDocument(model: DocumentModel, base: Profile, script: DocumentScript = 'hans'): Document {
  const profile = facesForScript(base, script);
  const masthead = model.blocks.find((b): b is Masthead => b.kind === 'masthead');
  const creator = masthead?.office || 'summarize';
  return new Document({
    title: model.title,
    subject: masthead ? [masthead.name, masthead.issue].filter(Boolean).join(' ') : model.title,
    creator,
    lastModifiedBy: creator,
    // GB/T 9704-2012 7.5: odd and even pages put the number on opposite sides.
    evenAndOddHeaderAndFooters: true,
    styles: buildStyles(profile, script),
    sections: [buildSection(profile, blocksToParagraphs(model.blocks, profile, SCRIPT_LANGUAGE[script]))],
  });
}

// ---------------------------------------------------------------------------------------------
// Styles

/** Every style the writers use, from the profile alone (shared by the DOCX and the .dotx). */
export function buildStyles(profile: Profile, script: DocumentScript = 'hans'): IStylesOptions {
  const s = profile.styles;
  const width = profile.geometry.textWidth;
  const rule = (thickness: number, color: string, space = 0): IBorderOptions => ({
    style: BorderStyle.SINGLE,
    size: ptToEighthPoints(twipsToPt(thickness)),
    color,
    space,
  });
  const { outer, inner, color } = profile.distribution.rules;
  const paragraphStyles: IParagraphStyleOptions[] = [
    // Normal repeats docDefaults: LibreOffice takes Normal (its "Default Paragraph Style") as the
    // base of every style and reads the character spacing below from it.
    {
      id: 'Normal',
      name: 'Normal',
      quickFormat: true,
      paragraph: paragraphProperties(s.default),
      run: defaultRunProperties(profile, script),
    },
    paragraphStyle(STYLE_IDS.mastheadName, '版头名称', s.mastheadName, profile),
    paragraphStyle(STYLE_IDS.mastheadIssue, '版头期号', s.mastheadIssue, profile),
    paragraphStyle(STYLE_IDS.mastheadOffice, '版头发文', s.mastheadOffice, profile, {
      // The office on the left, the date pushed to the right edge of the text area by a tab.
      rightTabStop: width - charsToTwips(s.mastheadOffice.indentLeft + s.mastheadOffice.indentRight, s.mastheadOffice),
      border: {
        bottom: rule(profile.masthead.rule.width, profile.masthead.rule.color, Math.round(twipsToPt(profile.masthead.rule.gap))),
      },
    }),
    paragraphStyle(STYLE_IDS.title, '标题', s.title, profile, { next: STYLE_IDS.body, keepNext: true }),
    paragraphStyle(STYLE_IDS.body, '正文', s.body, profile),
    paragraphStyle(STYLE_IDS.heading1, '一级标题', s.heading1, profile, {
      next: STYLE_IDS.body,
      keepNext: true,
      outlineLevel: 0,
      link: STYLE_IDS.heading1Run,
    }),
    paragraphStyle(STYLE_IDS.heading2, '二级标题', s.heading2, profile, {
      next: STYLE_IDS.body,
      keepNext: true,
      outlineLevel: 1,
      link: STYLE_IDS.heading2Run,
    }),
    paragraphStyle(STYLE_IDS.brief, '简讯', s.brief, profile),
    paragraphStyle(STYLE_IDS.signature, '署名', s.signature, profile),
    // The blank line before the 落款 (7.3.5.2) is its first line's; contextual spacing drops it between its lines.
    paragraphStyle(STYLE_IDS.closing, '落款', s.closing, profile, { contextualSpacing: true }),
    paragraphStyle(STYLE_IDS.distribution, '版记', s.distribution, profile, {
      // 7.4.1: thick rules first and last, thin ones between. Identical borders on consecutive
      // paragraphs make one bordered group, so `between` draws exactly the middle rules.
      border: { top: rule(outer, color), bottom: rule(outer, color), between: rule(inner, color) },
    }),
    paragraphStyle(STYLE_IDS.pageNumberOdd, '页码（单页）', { ...s.pageNumber, align: 'right', indentRight: profile.pageNumber.sideIndent }, profile),
    paragraphStyle(STYLE_IDS.pageNumberEven, '页码（双页）', { ...s.pageNumber, align: 'left', indentLeft: profile.pageNumber.sideIndent }, profile),
  ];
  const characterStyles: ICharacterStyleOptions[] = [
    // Run-in headings (headings.runIn) print the 一、 heading inside the body paragraph it leads.
    { id: STYLE_IDS.heading1Run, name: '一级标题字符', link: STYLE_IDS.heading1, uiPriority: 1, quickFormat: true, run: runProperties(s.heading1, profile) },
    { id: STYLE_IDS.heading2Run, name: '二级标题字符', link: STYLE_IDS.heading2, uiPriority: 1, quickFormat: true, run: runProperties(s.heading2, profile) },
  ];
  return {
    default: {
      document: { run: defaultRunProperties(profile, script), paragraph: paragraphProperties(s.default) },
    },
    paragraphStyles,
    characterStyles,
  };
}

function paragraphStyle(
  id: string,
  name: string,
  role: RoleStyle,
  profile: Profile,
  extra: Partial<IParagraphStylePropertiesOptions> & { next?: string; link?: string } = {},
): IParagraphStyleOptions {
  const { next, link, ...paragraph } = extra;
  return {
    id,
    name,
    basedOn: 'Normal',
    next: next ?? id,
    ...(link ? { link } : {}),
    uiPriority: 1,
    quickFormat: true,
    paragraph: { ...paragraphProperties(role), ...paragraph },
    run: runProperties(role, profile),
  };
}

const ALIGNMENT: Record<Alignment, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
};

function paragraphProperties(role: RoleStyle): IParagraphStylePropertiesOptions {
  return {
    alignment: ALIGNMENT[role.align],
    indent: {
      // firstLineChars is the indent in 字 as Word and WPS keep it; firstLine is for readers that ignore it.
      ...(role.firstLineIndent > 0
        ? { firstLine: charsToTwips(role.firstLineIndent, role), firstLineChars: Math.round(role.firstLineIndent * 100) }
        : { firstLine: 0 }),
      left: charsToTwips(role.indentLeft, role),
      right: charsToTwips(role.indentRight, role),
    },
    spacing: {
      before: role.spaceBefore,
      after: role.spaceAfter,
      ...(role.lineSpacing === 'auto' ? { line: 240, lineRule: LineRuleType.AUTO } : { line: role.lineSpacing, lineRule: LineRuleType.EXACT }),
    },
  };
}

function runProperties(role: RoleStyle, profile: Profile): IRunStylePropertiesOptions {
  const font = profile.fonts[role.font]!;
  const size = ptToHalfPoints(role.size);
  return {
    // The East Asian face must be named explicitly or Word silently falls back (reference, 字体);
    // hint eastAsia sends shared punctuation (“”—…) to it too.
    font: { ascii: font.latin, hAnsi: font.latin, cs: font.latin, eastAsia: font.eastAsia, hint: 'eastAsia' },
    size,
    sizeComplexScript: size,
    color: role.color,
    ...(role.bold ? { bold: true } : {}),
  };
}

/**
 * 5.2.2's 三号仿宋 with the grid's character spacing (see buildSection) and the language of the
 * script: every style inherits both, so a line of any size holds what the grid gives it and a
 * traditional document is proofed and drawn in Taiwan or Hong Kong forms, not mainland ones.
 */
function defaultRunProperties(profile: Profile, script: DocumentScript): IRunStylePropertiesOptions {
  return {
    ...runProperties(profile.styles.default, profile),
    characterSpacing: profile.grid.charSpacing,
    language: { value: 'en-US', eastAsia: SCRIPT_LANGUAGE[script] },
  };
}

/** GB/T 9704 counts indents in 字: one character of the style's own size. */
function charsToTwips(chars: number, role: RoleStyle): number {
  return Math.round(chars * ptToTwips(role.size));
}

// ---------------------------------------------------------------------------------------------
// Page

/**
 * Page size, margins, grid and footers (GB/T 9704-2012 5.1, 5.2.1, 5.2.3, 7.5).
 *
 * 5.2.3 asks for 22 lines of 28 characters filling the 156 × 225 mm text area. 22 lines are a
 * line grid (w:docGrid type "lines", 579 twips) with the same exact line spacing on the styles.
 * 28 三号 characters need 448 pt where the line is 442.2 pt, so each character gives up 0.25 pt:
 * w:spacing −5 twips in the default run properties. Word's own way, a character grid
 * (type "linesAndChars") with a negative charSpace, is not used: LibreOffice only ever widens
 * characters to a character grid (sw's EvalGridWidthAdd stops at zero, and 7.4 spreads each
 * character over two cells), so the same file opened there printed 12–14 characters a line and
 * 9 pages instead of 5. Character spacing and a line grid mean the same in Word, WPS and
 * LibreOffice (ECMA-376 §17.3.2.35, §17.6.5): one file, 28 × 22, wherever it is opened.
 */
export function buildSection(profile: Profile, children: Paragraph[]): ISectionOptions {
  const { geometry, grid } = profile;
  const footer = footerDistance(profile);
  return {
    properties: {
      page: {
        size: { width: geometry.width, height: geometry.height },
        // No header is printed; the header distance mirrors the footer's so Word's dialog stays tidy.
        margin: { ...geometry.margins, header: footer, footer, gutter: 0 },
      },
      grid: { type: DocumentGridType.LINES, linePitch: grid.linePitch },
    },
    footers: { default: pageNumberFooter(profile, STYLE_IDS.pageNumberOdd), even: pageNumberFooter(profile, STYLE_IDS.pageNumberEven) },
    children,
  };
}

function pageNumberFooter(profile: Profile, style: string): Footer {
  const [before, after] = profile.pageNumber.format.split('{page}') as [string, string];
  const children = [before, PageNumber.CURRENT, after].filter((part) => part !== '');
  return new Footer({ children: [new Paragraph({ style, children: [new TextRun({ children })] })] });
}

// ---------------------------------------------------------------------------------------------
// Blocks

function blocksToParagraphs(blocks: readonly Block[], profile: Profile, language: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    switch (block.kind) {
      case 'masthead':
        paragraphs.push(...mastheadParagraphs(block, profile, language));
        break;
      case 'title':
        paragraphs.push(new Paragraph({ style: STYLE_IDS.title, children: textRuns([{ text: block.text }], faceOf(profile, 'title', language)) }));
        break;
      case 'heading': {
        const next = blocks[i + 1];
        if (runsIntoNext(block, next, profile)) {
          // The seeds print “一、……。一是……” as one paragraph with the heading part in 黑体.
          paragraphs.push(
            new Paragraph({
              style: STYLE_IDS.body,
              ...keepWithClosing(blocks[i + 2]),
              children: [...headingRuns(block, profile, language), ...textRuns(next.runs, faceOf(profile, 'body', language))],
            }),
          );
          i++;
        } else {
          const role = block.level === 1 ? 'heading1' : 'heading2';
          paragraphs.push(new Paragraph({ style: STYLE_IDS[role], children: textRuns(block.runs, faceOf(profile, role, language)) }));
        }
        break;
      }
      case 'paragraph':
        if (block.role === 'closing') {
          const lines = [block];
          while (blocks[i + 1]?.kind === 'paragraph' && (blocks[i + 1] as ModelParagraph).role === 'closing') lines.push(blocks[++i] as ModelParagraph);
          paragraphs.push(...closingParagraphs(lines, profile, language));
        } else {
          paragraphs.push(
            new Paragraph({ style: PARAGRAPH_STYLES[block.role], ...keepWithClosing(blocks[i + 1]), children: textRuns(block.runs, faceOf(profile, block.role, language)) }),
          );
        }
        break;
      case 'distribution':
        paragraphs.push(...distributionParagraphs(block.lines, profile, language));
        break;
    }
  }
  return paragraphs;
}

/**
 * The 落款 never stands alone on a page (GB/T 9704-2012 7.3.5 practice): the paragraph before it
 * keeps with it, so a page break takes the paragraph's last lines over with the 落款 (Word's and
 * LibreOffice's widow control keep two).
 */
function keepWithClosing(next: Block | undefined): { keepNext?: true } {
  return next?.kind === 'paragraph' && next.role === 'closing' ? { keepNext: true } : {};
}

const PARAGRAPH_STYLES: Record<ParagraphRole, string> = {
  body: STYLE_IDS.body,
  brief: STYLE_IDS.brief,
  signature: STYLE_IDS.signature,
  closing: STYLE_IDS.closing,
};

/** 落款 lines, each set as far from the right as layout/blocks.ts says (GB/T 9704-2012 7.3.5.2). */
function closingParagraphs(lines: readonly ModelParagraph[], profile: Profile, language: string): Paragraph[] {
  const role = profile.styles.closing;
  const indents = closingIndents(lines.map((line) => line.runs), role.indentRight);
  // Its lines keep together too: the body above it, the issuing body and the date.
  const together = (index: number) => (index < lines.length - 1 ? { keepNext: true } : {});
  return lines.map(
    (line, index) =>
      new Paragraph({
        style: STYLE_IDS.closing,
        ...together(index),
        indent: { right: charsToTwips(indents[index]!, role) },
        children: textRuns(line.runs, faceOf(profile, 'closing', language)),
      }),
  );
}

function mastheadParagraphs(masthead: Masthead, profile: Profile, language: string): Paragraph[] {
  const paragraphs = [new Paragraph({ style: STYLE_IDS.mastheadName, children: textRuns([{ text: masthead.name }], faceOf(profile, 'mastheadName', language)) })];
  if (masthead.issue) {
    paragraphs.push(new Paragraph({ style: STYLE_IDS.mastheadIssue, children: textRuns([{ text: masthead.issue }], faceOf(profile, 'mastheadIssue', language)) }));
  }
  paragraphs.push(
    new Paragraph({
      style: STYLE_IDS.mastheadOffice,
      children: [new TextRun({ children: [masthead.office, new Tab(), masthead.date] })],
    }),
  );
  return paragraphs;
}

function headingRuns(heading: Heading, profile: Profile, language: string): ParagraphChild[] {
  const style = heading.level === 1 ? STYLE_IDS.heading1Run : STYLE_IDS.heading2Run;
  return textRuns(heading.runs, faceOf(profile, heading.level === 1 ? 'heading1' : 'heading2', language), style);
}

/**
 * Quotation marks, dashes, ellipses and the middle dot of Chinese text (GB/T 15834), and the △ that
 * leads a 简讯, which Unicode shares with Latin text. Word and WPS give them the East Asian face by w:hint; LibreOffice gives a
 * shared character the script of the character before it, so the ” after “1469 took the Latin
 * face and printed half width. Set apart in runs whose every face is the East Asian one, they
 * print full width in all three.
 */
const CHINESE_PUNCTUATION = /([“”‘’—…·△]+)/;

/** How a role prints Chinese punctuation: its East Asian face, in the document's language. */
interface PunctuationFace {
  face: string;
  language: string;
}

function faceOf(profile: Profile, role: StyleRole, language: string): PunctuationFace {
  return { face: profile.fonts[profile.styles[role].font]!.eastAsia, language };
}

/**
 * Model runs → docx runs; bold is the only direct formatting, besides the face and language of
 * Chinese punctuation (above: the language too, so that a LibreOffice without the face asks
 * fontconfig for a Chinese stand-in rather than a Latin one); a line break becomes w:br.
 */
function textRuns(runs: readonly ModelRun[], punctuation: PunctuationFace, style?: string): ParagraphChild[] {
  const { face, language } = punctuation;
  return formattedRuns(runs).flatMap((run) =>
    run.text.split('\n').flatMap((line, index) => {
      const parts = line.split(CHINESE_PUNCTUATION).filter((part) => part !== '');
      return (parts.length > 0 ? parts : ['']).map(
        (text, at) =>
          new TextRun({
            text,
            ...(index > 0 && at === 0 ? { break: 1 } : {}),
            ...(run.bold ? { bold: true } : {}),
            ...(style ? { style } : {}),
            ...(CHINESE_PUNCTUATION.test(text)
              ? { font: { ascii: face, hAnsi: face, eastAsia: face, hint: 'eastAsia' }, language: { value: language, eastAsia: language } }
              : {}),
          }),
      );
    }),
  );
}

/**
 * 版记 (7.4.1): its last rule lies on the bottom edge of the text area of the last page. With
 * placement "bottom" the lines go in a frame aligned to the bottom margin, full text width; text
 * above cannot run beside it (notBeside), so a last page without room for it moves the frame,
 * whole, to a page of its own.
 */
function distributionParagraphs(lines: readonly ModelRun[][], profile: Profile, language: string): Paragraph[] {
  const frame =
    profile.distribution.placement === 'bottom'
      ? {
          type: 'alignment' as const,
          alignment: { x: HorizontalPositionAlign.CENTER, y: VerticalPositionAlign.BOTTOM },
          anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN },
          width: profile.geometry.textWidth,
          wrap: FrameWrap.NOT_BESIDE,
        }
      : undefined;
  const framed = lines.map((line) => new Paragraph({ style: STYLE_IDS.distribution, ...(frame ? { frame } : {}), children: textRuns(line, faceOf(profile, 'distribution', language)) }));
  // A frame needs a paragraph after it to hang on: LibreOffice otherwise anchors it to the paragraph
  // before, and sets it on the page where that paragraph starts rather than on the last page.
  return frame ? [...framed, new Paragraph({ style: STYLE_IDS.body })] : framed;
}

// ---------------------------------------------------------------------------------------------
// Package

export interface PackOptions {
  /** Written as dcterms:created/modified and as every zip entry's time. */
  timestamp: Date;
  /** The main part's content type; a .dotx changes it (see dotx.ts). */
  mainContentType?: string;
  /** The document's script, for the character set the font table gives each Chinese face. */
  script?: DocumentScript;
}

/** docx's compiler: the package's parts by path (XML as text), before docx zips them. */
type PartCompiler = { compile(document: Document, prettify?: string, overrides?: readonly unknown[]): Map<string, string | Uint8Array> };

/**
 * Pack a document so the same input gives the same bytes: fixed core-properties dates, fixed
 * zip entry times, a stable entry order, and a font table that names the profile's fallbacks.
 * The parts are zipped once, by zip.ts: Packer would zip them with the current time, and
 * unzipping that to rewrite it cost a fifth of an example build.
 */
export async function packReproducibly(document: Document, profile: Profile, options: PackOptions): Promise<Uint8Array> {
  // The zip format stores local wall-clock time and fflate reads a Date's local fields, so the
  // entry time is built from the UTC fields: the same bytes in every time zone.
  const t = options.timestamp;
  const mtime = new Date(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
  return zipParts(packageParts(document, profile, options), mtime);
}

/**
 * The package's parts as they are zipped, in order: those the compiler docx's Packer uses makes,
 * with the core properties, font table, autospace and content type set here. The compiler is not
 * in docx's typed API (a private static of Packer), so it is checked before use.
 */
export function packageParts(document: Document, profile: Profile, options: PackOptions): [string, string | Uint8Array][] {
  const compiler = (Packer as unknown as { compiler?: PartCompiler }).compiler;
  if (typeof compiler?.compile !== 'function') throw new Error('docx no longer exposes Packer.compiler: packReproducibly needs another way to get the parts');
  const parts = compiler.compile(document);
  const text = (name: string) => {
    const part = parts.get(name);
    if (typeof part !== 'string') throw new Error(`docx compiled no ${name}`);
    return part;
  };
  const stamp = w3cdtf(options.timestamp);
  parts.set(
    'docProps/core.xml',
    text('docProps/core.xml').replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_all, open: string, _name: string, close: string) => `${open}${stamp}${close}`),
  );
  parts.set('word/fontTable.xml', fontTable(profile, options.script ?? 'hans'));
  parts.set('word/styles.xml', withAutospace(text('word/styles.xml'), profile.grid.autospace));
  if (options.mainContentType) {
    const types = text('[Content_Types].xml');
    if (!types.includes(DOCX_CONTENT_TYPE)) throw new Error('[Content_Types].xml has no main document override to replace');
    parts.set('[Content_Types].xml', types.replace(DOCX_CONTENT_TYPE, options.mainContentType));
  }
  return entryOrder([...parts.keys()]).map((name) => [name, parts.get(name)!]);
}

/**
 * The gap Word and WPS add where Chinese meets Latin letters (w:autoSpaceDE) or digits
 * (w:autoSpaceDN), said in the document defaults either way: absent, both are on, and Word adds a
 * quarter em each side of “26” in “宣讲26场次”. docx can write only the second, so both go in here,
 * first in the w:pPr as the schema orders them (before w:spacing). LibreOffice does not read
 * them (its DOCX import drops both); pdf.ts tells it.
 */
function withAutospace(styles: string, autospace: boolean): string {
  const defaults = '<w:pPrDefault><w:pPr>';
  if (!styles.includes(defaults)) throw new Error('docx compiled no paragraph defaults (w:pPrDefault) to put w:autoSpaceDE in');
  const value = autospace ? '1' : '0';
  return styles.replace(defaults, `${defaults}<w:autoSpaceDE w:val="${value}"/><w:autoSpaceDN w:val="${value}"/>`);
}

/** [Content_Types].xml and the package relationships first, as Word writes them; the rest by name. */
function entryOrder(names: string[]): string[] {
  const first = ['[Content_Types].xml', '_rels/.rels'];
  return [...first.filter((n) => names.includes(n)), ...names.filter((n) => !first.includes(n)).sort()];
}

/** ISO 8601 without milliseconds, as Word writes dcterms dates. */
function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The zip's earliest representable time; used when nothing else dates the package. */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1));

/**
 * The one time a package carries: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the
 * document's own date at 00:00:00Z, else the zip epoch.
 */
export function documentTimestamp(isoDay: string | undefined, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) {
      throw new UserError(`环境变量 SOURCE_DATE_EPOCH 应为秒数（整数），现为 “${epoch}”`, undefined, '不需要固定时间时删去该变量');
    }
    return clampToZip(new Date(Number(epoch) * 1000));
  }
  if (isoDay === undefined) return ZIP_EPOCH;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) throw new Error(`document model date is not an ISO day: ${JSON.stringify(isoDay)}`);
  return clampToZip(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

function clampToZip(date: Date): Date {
  return date.getTime() < ZIP_EPOCH.getTime() ? ZIP_EPOCH : date;
}

/**
 * The Windows character set of a script's Chinese faces in the font table: GB2312 (0x86) for the
 * mainland's faces, Big5 (0x88) for Taiwan's and Hong Kong's.
 */
const FONT_CHARSET: Record<DocumentScript, string> = { hans: '86', 'hant-tw': '88', 'hant-hk': '88' };

/**
 * docx writes an empty font table. Naming each face with its first fallback (w:altName) and its
 * character set lets Word substitute 仿宋 for a missing 仿宋_GB2312, or DFKai-SB for 標楷體,
 * instead of guessing.
 */
function fontTable(profile: Profile, script: DocumentScript): string {
  const entries = new Map<string, string>();
  for (const font of Object.values(profile.fonts)) {
    const alt = font.fallbacks[0];
    entries.set(
      font.eastAsia,
      `<w:font w:name="${xmlAttr(font.eastAsia)}">${alt ? `<w:altName w:val="${xmlAttr(alt)}"/>` : ''}<w:charset w:val="${FONT_CHARSET[script]}"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
    );
  }
  for (const font of Object.values(profile.fonts)) {
    if (!entries.has(font.latin)) {
      entries.set(font.latin, `<w:font w:name="${xmlAttr(font.latin)}"><w:charset w:val="00"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`);
    }
  }
  const body = [...entries.keys()].sort().map((name) => entries.get(name)).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${body}</w:fonts>`;
}

function xmlAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

