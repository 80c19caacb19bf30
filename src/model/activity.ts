// Model: one logged event, after loading and validation. Positions let every figure be traced back.

import type { SourcePosition } from './diagnostic.js';

export interface Activity {
  /** ISO date YYYY-MM-DD. */
  date: string;
  section: string;
  theme: string;
  title: string;
  text?: string;
  /** 填报单位 as logged (the event's `unit:`), not the roll-up unit. */
  unit?: string;
  /**
   * In a roll-up (`units:` in summarize.yaml), the organisation name of the unit project whose
   * logs hold the event; absent for the including project's own events (本级) and outside roll-ups.
   */
  rollupUnit?: string;
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
