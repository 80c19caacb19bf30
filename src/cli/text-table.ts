// CLI: plain-text tables for the terminal (`stats`, `explain`). Chinese characters take two
// columns on a terminal, so widths are measured in columns, not characters; colour codes are added
// after padding, so they never upset the alignment.

export type Align = 'left' | 'right';

export interface TableOptions {
  align: readonly Align[];
  /** Colours a cell after it is padded (identity when colour is off). */
  style?: (text: string, row: number, column: number) => string;
  /** Spaces between columns. */
  gap?: number;
}

/** Rows of cells → lines. Row 0 is usually the header; `style` decides how it looks. */
export function formatTable(rows: readonly (readonly string[])[], options: TableOptions): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const gap = ' '.repeat(options.gap ?? 2);
  return rows.map((row, r) =>
    widths
      .map((width, c) => {
        const text = row[c] ?? '';
        const padding = ' '.repeat(width - displayWidth(text));
        const padded = options.align[c] === 'right' ? padding + text : text + padding;
        return options.style ? options.style(padded, r, c) : padded;
      })
      .join(gap)
      .trimEnd(),
  );
}

/** Terminal columns: East Asian wide and full-width characters take two; ambiguous ones (“ ” ‘ ’) one, as most terminals draw them. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

const WIDE = /[\p{Script=Han}\u1100-\u115f\u2e80-\u303e\u3040-\u33ff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
