// Test helper: what a piece of helper output prints, figures included (as markdown-to-model reads them).

import type { Figure } from '../../src/model/figure.js';
import type { FigureMarks } from '../../src/render/traced-number.js';

export type PrintedFigure = Figure & { printed: string };

export function printed(marks: FigureMarks, output: string): { text: string; uses: PrintedFigure[] } {
  const parts = marks.split(output);
  return { text: parts.map((p) => p.text).join(''), uses: parts.flatMap((p) => (p.figure ? [{ printed: p.text, ...p.figure }] : [])) };
}
