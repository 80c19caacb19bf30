// Render stage: the Markdown that templates produce → the document model. A real Markdown parser
// (markdown-it) does the reading; this file only maps its tokens onto our blocks. Fenced
// containers carry what Markdown has no element for, one field per line: `::: masthead` (版头),
// `::: distribution` (版记) and `::: closing` (落款: 发文机关署名 and 成文日期, GB/T 9704-2012
// 7.3.5, each line a paragraph with the role `closing`).

import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import cjkFriendly from 'markdown-it-cjk-friendly';
import type { Block, DocumentModel, TextRun } from '../model/document.js';
import type { FigureMarks } from './traced-number.js';

const CONTAINERS = ['masthead', 'distribution', 'closing'] as const;
type ContainerName = (typeof CONTAINERS)[number];

const parser = new MarkdownIt('commonmark', { html: false });
type Token = ReturnType<typeof parser.parse>[number];
parser.use(cjkFriendly);
for (const name of CONTAINERS) parser.use(container, name);

export class MarkupProblem extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** `marks`: the figures printed into `markdown`, which become runs of their own (traced-number.ts). */
export function markdownToModel(markdown: string, meta: { title: string; date: string }, marks?: FigureMarks): DocumentModel {
  const tokens = parser.parse(markdown, {});
  const split = (text: string) => (marks ? marks.split(text) : [{ text }]);
  const blocks: Block[] = [];
  let openContainer: { name: ContainerName; line: number; lines: TextRun[][] } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const containerName = CONTAINERS.find((name) => token.type === `container_${name}_open`);
    if (containerName) {
      openContainer = { name: containerName, line: lineOf(token), lines: [] };
    } else if (openContainer && token.type === `container_${openContainer.name}_close`) {
      blocks.push(...containerBlocks(openContainer));
      openContainer = undefined;
    } else if (token.type === 'inline') {
      const runs = inlineRuns(token, openContainer !== undefined, split);
      const opener = tokens[i - 1]!;
      if ((opener.tag === 'h1' || openContainer?.name === 'masthead') && runs.some((r) => r.figure)) {
        // Only body text, headings and the 版记 keep a figure's identity for the audit.
        throw new MarkupProblem(`标题和版头中不能印统计数字（${runs.find((r) => r.figure)!.text}）：审核清单只核对正文中的数字`, lineOf(token));
      }
      if (openContainer) {
        openContainer.lines.push(...splitLines(runs));
      } else if (opener.type === 'heading_open') {
        blocks.push(headingBlock(opener.tag, runs));
      } else if (runs.length > 0) {
        const brief = runs[0]!.text.startsWith('△');
        blocks.push({ kind: 'paragraph', role: brief ? 'brief' : 'body', runs });
      }
    } else if (UNSUPPORTED[token.type]) {
      throw new MarkupProblem(`模板产生了公文中不能使用的${UNSUPPORTED[token.type]}`, lineOf(token));
    }
  }
  // The document's own title (# …) names it in the file's properties (dc:title): the plan's is
  // the plan's, not the bulletin's; `meta.title` serves a template that prints none.
  const title = blocks.find((block) => block.kind === 'title');
  return { ...meta, ...(title ? { title: title.text } : {}), blocks };
}

const UNSUPPORTED: Record<string, string> = {
  bullet_list_open: '无序列表（行首的 - 或 *）',
  ordered_list_open: '有序列表（行首的 1. ）',
  fence: '代码块',
  code_block: '代码块（行首缩进 4 个空格）',
  blockquote_open: '引用（行首的 >）',
  hr: '分隔线',
};

function headingBlock(tag: string, runs: TextRun[]): Block {
  if (tag === 'h1') return { kind: 'title', text: runs.map((r) => r.text).join('') };
  return { kind: 'heading', level: tag === 'h2' ? 1 : 2, runs };
}

function containerBlocks(container: { name: ContainerName; line: number; lines: TextRun[][] }): Block[] {
  if (container.name === 'closing') return container.lines.map((runs) => ({ kind: 'paragraph', role: 'closing', runs }));
  return [containerBlock(container)];
}

function containerBlock(container: { name: ContainerName; line: number; lines: TextRun[][] }): Block {
  if (container.name === 'distribution') return { kind: 'distribution', lines: container.lines };
  const fields = container.lines.map((line) => line.map((r) => r.text).join('').trim());
  if (fields.length !== 3 && fields.length !== 4) {
    throw new MarkupProblem('版头（::: masthead）应依次有四行：简报名称、期号、编发单位、日期（无期号时三行）', container.line);
  }
  const [name, issue, office, date] = fields.length === 4 ? fields : [fields[0], '', fields[1], fields[2]];
  return { kind: 'masthead', name: name!, issue: issue!, office: office!, date: date! };
}

type Split = (text: string) => { text: string; figure?: TextRun['figure'] }[];

/**
 * Bold and plain runs of one inline token, each printed figure a run of its own; inside
 * containers every line is a field, so line breaks are kept.
 */
function inlineRuns(token: Token, keepLineBreaks: boolean, split: Split): TextRun[] {
  const runs: TextRun[] = [];
  let bold = false;
  const children = token.children ?? [];
  const text = (child: Token | undefined) => (child ? split(child.content).map((part) => part.text).join('') : '');
  children.forEach((child, index) => {
    if (child.type === 'strong_open') bold = true;
    else if (child.type === 'strong_close') bold = false;
    else if (child.type === 'text' || child.type === 'code_inline') {
      for (const part of split(child.content)) {
        if (part.figure) runs.push({ text: part.text, ...(bold ? { bold } : {}), figure: part.figure });
        else push(runs, part.text, bold);
      }
    } else if (child.type === 'hardbreak') push(runs, '\n', bold);
    else if (child.type === 'softbreak') push(runs, keepLineBreaks ? '\n' : softBreak(text(children[index - 1]), text(children[index + 1])), bold);
  });
  return runs.filter((r) => r.text !== '');
}

/**
 * A line break inside a paragraph is a space in Latin text but nothing between Chinese characters
 * (wrapped lines in a YAML summary must not put spaces into the printed sentence).
 */
function softBreak(before: string, after: string): string {
  return WIDE.test(before.at(-1) ?? '') || WIDE.test(after[0] ?? '') ? '' : ' ';
}

const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’—…·]/u;

function push(runs: TextRun[], text: string, bold: boolean): void {
  const last = runs.at(-1);
  if (last && !last.figure && Boolean(last.bold) === bold) last.text += text;
  else runs.push(bold ? { text, bold } : { text });
}

function splitLines(runs: TextRun[]): TextRun[][] {
  const lines: TextRun[][] = [[]];
  for (const run of runs) {
    run.text.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part !== '') lines.at(-1)!.push({ ...run, text: part });
    });
  }
  return lines.filter((line) => line.length > 0);
}

function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}
