// Write stage: the document model → plain, readable Markdown (no HTML). Structure as the bulletin
// has it: the masthead as a header block closed by a rule, the title, 一、 headings, bold lead-ins,
// △ items, and the 版记 block between rules.

import type { Block, DocumentModel, TextRun } from '../model/document.js';
import { escapeMarkdown } from '../model/markdown-syntax.js';

export function renderMarkdown(model: DocumentModel): string {
  return `${model.blocks.map(blockMarkdown).join('\n\n')}\n`;
}

function blockMarkdown(block: Block): string {
  switch (block.kind) {
    case 'masthead':
      return [`**${escapeMarkdown(block.name)}**`, block.issue, `${block.office}　${block.date}`]
        .filter(Boolean)
        .map(escapeLine)
        .join('\\\n')
        .concat('\n\n---');
    case 'title':
      return `# ${escapeMarkdown(block.text)}`;
    case 'heading':
      return `${block.level === 1 ? '##' : '###'} ${runsMarkdown(block.runs)}`;
    case 'paragraph':
      return runsMarkdown(block.runs);
    case 'distribution':
      return ['---', block.lines.map(runsMarkdown).join('\\\n'), '---'].join('\n\n');
  }
}

function escapeLine(line: string): string {
  return line.startsWith('**') ? line : escapeMarkdown(line);
}

function runsMarkdown(runs: readonly TextRun[]): string {
  return runs.map((run) => (run.bold ? `**${escapeMarkdown(run.text)}**` : escapeMarkdown(run.text))).join('');
}
