// Model: a figure the document prints, kept as itself from the helper that computed it, through
// the document model, to every writer and to the audit sidecar (figures.json).

import type { Activity, StandaloneFigure } from './activity.js';

/** One entry a figure was computed from: a logged event, or a line of metrics/<year>.yaml|csv. */
export type FigureSource = Activity | StandaloneFigure;

/**
 * What a printed figure is. Its wording as printed (26, 1.1万余, 同比增长12.5%) is not kept here:
 * it is the text of the run that carries the figure (`TextRun.text`), so whatever rewrites the
 * page (a script conversion to 1.1萬餘) rewrites the audit with it.
 */
export interface Figure {
  /** The computed value: a count, a sum, a metrics-file figure, or a ratio (0.125 for 增长12.5%). */
  value: number;
  /** What it counts over which scope, e.g. `参与人次（reached） guidance/ideology tag=宣讲`. */
  counts: string;
  /** The metric id when the figure is a metric's value; absent when events are counted. */
  metric?: string;
  /** The entries it was computed from, in no particular order (for 同比, both years'). */
  sources: readonly FigureSource[];
}

export function isEvent(source: FigureSource): source is Activity {
  return 'date' in source;
}
