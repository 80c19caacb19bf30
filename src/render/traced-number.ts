// Render stage: how a figure crosses the template text. Templates produce Markdown text, yet every
// figure must reach the document model as itself (a Figure: value, what it counts, its sources).
// A helper returns a TracedNumber; printing it — as is, or worded by approx, number, yoy, … —
// writes a mark into the text: the number of an entry of FigureMarks between two private-use
// characters. markdown-to-model turns each mark back into a run that carries the Figure, with the
// entry's wording as its text. The marks are neither Markdown syntax nor CJK characters, so
// emphasis around a figure parses as it would around its digits; the Markdown kept for debugging
// has them replaced by the wording.

import type { Figure, FigureSource } from '../model/figure.js';
import { plainDecimal } from '../numbers/index.js';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = /\uE000(\d+)\uE001/g;

/** The figures printed while rendering one document, each with the wording it was printed in. */
export class FigureMarks {
  private readonly entries: { figure: Figure; wording: string }[] = [];

  /** The text to print for `figure` worded as `wording`. */
  mark(figure: Figure, wording: string): string {
    this.entries.push({ figure, wording });
    return `${OPEN}${this.entries.length - 1}${CLOSE}`;
  }

  /** `text` as plain stretches and figures, marks replaced by their wording. */
  split(text: string): { text: string; figure?: Figure }[] {
    const parts: { text: string; figure?: Figure }[] = [];
    let from = 0;
    for (const match of text.matchAll(MARK)) {
      if (match.index > from) parts.push({ text: text.slice(from, match.index) });
      const entry = this.entries[Number(match[1])]!;
      parts.push({ text: entry.wording, figure: entry.figure });
      from = match.index + match[0].length;
    }
    if (from < text.length) parts.push({ text: text.slice(from) });
    return parts;
  }

  /** The figure when `text` is exactly one mark (what approx and number return). */
  figureOf(text: string): Figure | undefined {
    const match = /^\uE000(\d+)\uE001$/.exec(text);
    return match ? this.entries[Number(match[1])]?.figure : undefined;
  }

  /** `text` as printed: each mark replaced by its wording. */
  resolve(text: string): string {
    return text.replace(MARK, (_, index: string) => this.entries[Number(index)]!.wording);
  }
}

export class TracedNumber {
  readonly figure: Figure;

  constructor(
    readonly value: number,
    counts: string,
    sources: readonly FigureSource[],
    private readonly marks: FigureMarks,
    metric?: string,
  ) {
    this.figure = { value, counts, ...(metric === undefined ? {} : { metric }), sources };
  }

  /** The figure printed in `wording`; helpers that reword it (approx) call this with their text. */
  print(wording: string): string {
    return this.marks.mark(this.figure, wording);
  }

  // Handlebars appends a helper's result with `+`, which asks for the default primitive: the
  // figure printed as is, in decimal digits. Arithmetic (hint "number") just gets the value.
  [Symbol.toPrimitive](hint: string): string | number {
    return hint === 'number' ? this.value : this.print(plainDecimal(this.value));
  }
}

export function numericValue(value: unknown): number | undefined {
  if (value instanceof TracedNumber) return value.value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
