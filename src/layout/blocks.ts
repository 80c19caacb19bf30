// Layout: decisions about blocks that every page writer (DOCX, the preview's HTML) takes the same
// way — which headings run into the paragraph after them, and how far from the right the lines of
// a 落款 are set.

import type { Block, Heading, Paragraph, TextRun } from '../model/document.js';
import { plainText } from '../model/document.js';
import type { Profile } from './profile.js';

/**
 * A 一、 heading that ends as a sentence (“一、……。”) is the first sentence of the body paragraph
 * after it, as bulletins print their parts (headings.runIn); a heading without closing punctuation
 * stands on its own line, as the parts of an annual summary and a plan do (GB/T 9704-2012 7.3.3:
 * 标题 carries no full stop).
 */
export function runsIntoNext(heading: Heading, next: Block | undefined, profile: Profile): next is Paragraph {
  return (
    heading.level === 1 &&
    profile.headings.runIn &&
    /[。！？]$/u.test(plainText(heading.runs).trim()) &&
    next?.kind === 'paragraph' &&
    next.role === 'body'
  );
}

/**
 * Right indents in 字 of the lines of a 落款 without a seal (GB/T 9704-2012 7.3.5.2): the issuing
 * body `margin` characters from the right, the date below it starting 2 characters right of the
 * body's first character; a date longer than that keeps `margin` on its right and pushes the body
 * leftward instead. Other line counts are each set `margin` from the right.
 */
export function closingIndents(lines: readonly (readonly TextRun[])[], margin: number): number[] {
  if (lines.length !== 2) return lines.map(() => margin);
  const dateRight = textWidthInChars(lines[0]!) - textWidthInChars(lines[1]!);
  return dateRight >= margin ? [margin, dateRight] : [margin + (margin - dateRight), margin];
}

/** Width in 字: a half-width character (digits in 2025年) is half of one. */
function textWidthInChars(runs: readonly TextRun[]): number {
  let width = 0;
  for (const char of plainText(runs)) width += /[\u0020-\u007e]/.test(char) ? 0.5 : 1;
  return width;
}
