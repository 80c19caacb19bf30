// Render stage: a number that remembers which events it was computed from. Template helpers
// return these so that every figure printed in the document lands in the audit list with its
// sources, whether it is printed as is or through `approx`.

import type { SourcePosition } from '../model/diagnostic.js';

export interface FigureUse {
  /** What the figure counts, e.g. `sum reached tag=宣讲 in guidance/ideology`. */
  description: string;
  value: number;
  /** As printed in the document: 26, 1.1万余. */
  printed: string;
  sources: SourcePosition[];
  /** The metric id, when the figure is a metric's value (absent for counts of events). */
  metric?: string;
}

export class TracedNumber {
  constructor(
    readonly value: number,
    readonly description: string,
    readonly sources: SourcePosition[],
    private readonly uses: FigureUse[],
    readonly metric?: string,
  ) {}

  /** Records the figure as printed; helpers that reword it (approx) call this with their text. */
  print(printed: string): string {
    const metric = this.metric === undefined ? {} : { metric: this.metric };
    this.uses.push({ description: this.description, value: this.value, printed, sources: this.sources, ...metric });
    return printed;
  }

  // Handlebars appends a helper's result with `+`, which asks for the default primitive: that is
  // the moment the figure is printed. Arithmetic (hint "number") just gets the value.
  [Symbol.toPrimitive](hint: string): string | number {
    return hint === 'number' ? this.value : this.print(String(this.value));
  }
}

export function numericValue(value: unknown): number | undefined {
  if (value instanceof TracedNumber) return value.value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
