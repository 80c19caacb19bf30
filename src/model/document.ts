// Model: the document in the middle (pandoc's AST idea). Templates render Markdown-like text, the
// render stage parses it into these blocks, and every writer (Markdown, DOCX) reads only this.

import type { DocumentScript } from './config.js';

import type { Figure } from './figure.js';

/**
 * A stretch of text with one formatting. A figure the document prints is a run of its own, with
 * `figure` set and `text` its wording as printed; a writer that does not care prints `text`.
 */
export interface TextRun {
  text: string;
  bold?: boolean;
  figure?: Figure;
}

export interface Masthead {
  kind: 'masthead';
  /** Bulletin name, e.g. 上街信息. */
  name: string;
  /** Issue line, e.g. 第71期. */
  issue: string;
  office: string;
  /** Already written out: 2025年2月21日. */
  date: string;
}

export interface Title {
  kind: 'title';
  text: string;
}

/** 一、 (level 1) or （一） (level 2) headings; `runs` keeps bold marks inside. */
export interface Heading {
  kind: 'heading';
  level: 1 | 2;
  runs: TextRun[];
}

/**
 * `closing`: one line of the 落款 at the end of a stand-alone document (发文机关署名, then 成文日期),
 * set right-aligned per GB/T 9704-2012 7.3.5.2 (不加盖印章: 右空二字). A writer that does not know
 * the role may print it as a body paragraph.
 */
export type ParagraphRole = 'body' | 'brief' | 'signature' | 'closing';

export interface Paragraph {
  kind: 'paragraph';
  role: ParagraphRole;
  runs: TextRun[];
}

/** 版记: 本期送 / 发 / 责任编辑 lines between rules at the foot of the last page. */
export interface Distribution {
  kind: 'distribution';
  lines: TextRun[][];
}

export type Block = Masthead | Title | Heading | Paragraph | Distribution;

export interface DocumentModel {
  /** Plain-text title for document properties. */
  title: string;
  /** ISO date the document is dated; fixes timestamps inside the DOCX so builds are byte-identical. */
  date: string;
  blocks: Block[];
  /**
   * The script and region the text is written in: absent while the text is as typed (hans);
   * hant-tw or hant-hk after conversion (render/script.ts). Writers mark the language with it.
   */
  script?: DocumentScript;
}

export function plainText(runs: readonly TextRun[]): string {
  return runs.map((r) => r.text).join('');
}

/**
 * Runs as formatting alone: consecutive runs of the same weight joined, figures as plain text.
 * Writers print these, so a figure of its own prints exactly as the same text would.
 */
export function formattedRuns(runs: readonly TextRun[]): TextRun[] {
  const joined: TextRun[] = [];
  for (const run of runs) {
    const last = joined.at(-1);
    if (last && Boolean(last.bold) === Boolean(run.bold)) last.text += run.text;
    else joined.push(run.bold ? { text: run.text, bold: true } : { text: run.text });
  }
  return joined;
}

/** Every figure the document prints, in reading order, with its wording as printed. */
export function printedFigures(model: DocumentModel): { printed: string; figure: Figure }[] {
  const lines = model.blocks.flatMap((block): (readonly TextRun[])[] => {
    if (block.kind === 'heading' || block.kind === 'paragraph') return [block.runs];
    if (block.kind === 'distribution') return block.lines;
    return [];
  });
  return lines.flat().flatMap((run) => (run.figure ? [{ printed: run.text, figure: run.figure }] : []));
}
