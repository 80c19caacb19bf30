// Write stage: the document model → HTML, for the preview. One element per block, classed by its
// style role (html-style.ts turns the profile into the CSS of those classes), in reading order:
// the masthead with its rule, the title, 一、/（一） headings (a run-in heading inside the paragraph
// it leads, as the DOCX sets it), paragraphs, the 落款 set from the right, the 版记 between rules.
// The flow is not cut into pages here: the browser knows where its lines break, so the preview's
// script pours the flow into A4 pages (assets/preview/preview.js). Every text is escaped.
// Each printed figure (a run carrying a Figure) is a <mark> numbered in reading order, the order of
// printedFigures(model), so the preview can show the figure's sources when it is clicked.

import type { Block, DocumentModel, Paragraph, TextRun } from '../model/document.js';
import type { DocumentScript } from '../model/config.js';
import type { Profile } from '../layout/profile.js';
import { isEvent, type Figure } from '../model/figure.js';
import { closingIndents, runsIntoNext } from '../layout/blocks.js';
import { roleClass } from './html-style.js';

const LANGUAGE: Record<DocumentScript, string> = { hans: 'zh-CN', 'hant-tw': 'zh-TW', 'hant-hk': 'zh-HK' };

export function renderHtml(model: DocumentModel, profile: Profile): string {
  const parts: string[] = [];
  const figures = { next: 0 };
  const runsHtml = (runs: readonly TextRun[]) => runsWithFigures(runs, figures);
  const blocks = model.blocks;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1];
    if (block.kind === 'heading' && runsIntoNext(block, next, profile)) {
      parts.push(paragraph('body', `<span class="${roleClass('heading1')}">${runsHtml(block.runs)}</span>${runsHtml(next.runs)}`));
      i++;
    } else if (block.kind === 'paragraph' && block.role === 'closing') {
      const lines: Paragraph[] = [block];
      while (isClosing(blocks[i + 1])) lines.push(blocks[++i] as Paragraph);
      const indents = closingIndents(lines.map((line) => line.runs), profile.styles.closing.indentRight);
      // Only the first line of a 落款 has the blank line before it (7.3.5.2).
      lines.forEach((line, index) => parts.push(paragraph('closing', runsHtml(line.runs), `padding-right: ${indents[index]}em${index > 0 ? '; margin-top: 0' : ''}`)));
    } else {
      parts.push(blockHtml(block, runsHtml));
    }
  }
  const language = LANGUAGE[model.script ?? 'hans'];
  return `<article class="sz-document" lang="${language}">\n${parts.join('\n')}\n</article>\n`;
}

function isClosing(block: Block | undefined): boolean {
  return block?.kind === 'paragraph' && block.role === 'closing';
}

function blockHtml(block: Block, runsHtml: (runs: readonly TextRun[]) => string): string {
  switch (block.kind) {
    case 'masthead':
      return [
        '<header class="sz-masthead">',
        paragraph('mastheadName', escapeHtml(block.name)),
        ...(block.issue ? [paragraph('mastheadIssue', escapeHtml(block.issue))] : []),
        paragraph('mastheadOffice', `<span>${escapeHtml(block.office)}</span><span>${escapeHtml(block.date)}</span>`),
        '</header>',
      ].join('\n');
    case 'title':
      return `<h1 class="${roleClass('title')}">${escapeHtml(block.text)}</h1>`;
    case 'heading': {
      const role = block.level === 1 ? 'heading1' : 'heading2';
      return `<h${block.level + 1} class="${roleClass(role)}">${runsHtml(block.runs)}</h${block.level + 1}>`;
    }
    case 'paragraph':
      return paragraph(block.role, runsHtml(block.runs));
    case 'distribution':
      return ['<footer class="sz-distribution-block">', ...block.lines.map((line) => paragraph('distribution', runsHtml(line))), '</footer>'].join('\n');
  }
}

function paragraph(role: Parameters<typeof roleClass>[0], html: string, style?: string): string {
  return `<p class="${roleClass(role)}"${style ? ` style="${style}"` : ''}>${html}</p>`;
}

function runsWithFigures(runs: readonly TextRun[], figures: { next: number }): string {
  return runs
    .map((run) => {
      let text = escapeHtml(run.text).replace(/\n/g, '<br>');
      if (run.figure) {
        const typed = isTyped(run.figure) ? ' sz-typed-figure' : '';
        text = `<mark class="sz-figure${typed}" data-figure="${figures.next++}">${text}</mark>`;
      }
      return run.bold ? `<strong>${text}</strong>` : text;
    })
    .join('');
}

/** A figure typed into a metrics file, not computed from logged events. */
export function isTyped(figure: Figure): boolean {
  return figure.sources.length > 0 && figure.sources.every((source) => !isEvent(source));
}

/** Text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
