// Write stage: the document model → plain, readable Markdown (no HTML). Structure as the bulletin
// has it: the masthead as a header block closed by a rule, the title, 一、 headings, bold lead-ins,
// △ items, the 落款 lines (signature and date) of a stand-alone document as one block of lines,
// and the 版记 block between rules.

import { formattedRuns, type Block, type DocumentModel, type TextRun } from '../model/document.js';
import { escapeMarkdown } from '../model/markdown-syntax.js';

export function renderMarkdown(model: DocumentModel): string {
  const chunks: string[] = [];
  model.blocks.forEach((block, index) => {
    const text = blockMarkdown(block);
    // Consecutive closing lines (署名, 日期) stay together as one block of hard-broken lines.
    const previous = model.blocks[index - 1];
    if (isClosing(block) && previous && isClosing(previous)) chunks[chunks.length - 1] += `\\\n${text}`;
    else chunks.push(text);
  });
  return `${chunks.join('\n\n')}\n`;
}

function isClosing(block: Block): boolean {
  return block.kind === 'paragraph' && block.role === 'closing';
}

function blockMarkdown(block: Block): string {
  switch (block.kind) {
    case 'masthead':
      return [`**${escapeMarkdown(block.name)}**`, block.issue, `${block.office}\u3000${block.date}`]
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
  return formattedRuns(runs).map((run) => (run.bold ? `**${escapeMarkdown(run.text)}**` : escapeMarkdown(run.text))).join('');
}
