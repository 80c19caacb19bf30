// Model: one logged event, after loading and validation. Positions let every figure be traced back.

import type { SourcePosition } from './diagnostic.js';

export interface Activity {
  /** ISO date YYYY-MM-DD. */
  date: string;
  section: string;
  theme: string;
  title: string;
  text?: string;
  unit?: string;
  tags: string[];
  highlight: boolean;
  metrics: Record<string, number>;
  source: SourcePosition;
}

/** A figure that comes from no event, from metrics/<year>.yaml. */
export interface StandaloneFigure {
  id: string;
  value: number;
  source: SourcePosition;
}
