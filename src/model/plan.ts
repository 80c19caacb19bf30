// Model: next year's work plan (下一步工作安排), from plans/<year>.yaml after validation. The
// `plan` document kind prints it alone; the `annual` kind appends it as its last part. Its texts
// are data: printed as written, never run as template code. An item may set goals (`targets:`)
// for the year planned; that year's build rates its figures against them (model/config.ts Target).

import type { Target } from './config.js';

export interface PlanItem {
  /** Printed bold at the start of the item's paragraph. */
  title?: string;
  text: string;
}

export interface PlanSection {
  /** The summarize.yaml section the plan continues, when given. */
  sectionId?: string;
  title: string;
  items: PlanItem[];
}

export interface WorkPlan {
  /** The year planned for: the year after the period being summarised. */
  year: number;
  /** Heading of the part when appended to the annual summary, e.g. 2025年工作安排. */
  title?: string;
  opening?: string;
  /** A closing paragraph after the last part. */
  closing?: string;
  sections: PlanSection[];
  /** Goals set by the plan's items, for the year planned. */
  targets: Target[];
  file: string;
}
