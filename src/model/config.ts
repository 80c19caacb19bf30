// Model: the project configuration as the stages use it (normalised from summarize.yaml).
// The shape users type is described by schema/summarize.schema.json; validate/config.ts maps it here.

import type { SourcePosition } from './diagnostic.js';

/** Where a text written in summarize.yaml was typed. */
export interface TextPositions {
  /**
   * The file, known without the syntax tree: finding a position builds yaml's tree of the whole
   * file, which a build that reports no problem in the text never needs.
   */
  file: string;
  /**
   * Where the character at an index was typed, exactly, in plain, quoted and block text alike (the
   * load stage's syntax tree knows; a folded `>` block joins lines).
   */
  at(index: number): SourcePosition;
}

export interface MetricDefinition {
  id: string;
  label: string;
  /** Counting word printed after the figure: 场次, 人次, 篇, 个, 名 ... */
  unit: string;
}

export interface ThemeDefinition {
  id: string;
  title: string;
  /** Handlebars text of the theme's sentences; figures come from helpers. Empty: generic wording. */
  summary?: string;
  /** Where each character of `summary` was typed in summarize.yaml, for template error messages. */
  summarySource?: TextPositions;
}

export interface SectionDefinition {
  id: string;
  title: string;
  themes: ThemeDefinition[];
}

export interface BulletinSettings {
  /** The bulletin's name in the masthead, e.g. 上街信息. */
  name: string;
  /** Issuing office, left of the masthead's date line. */
  office: string;
  issue?: number;
  /** ISO date (YYYY-MM-DD) printed in the masthead. */
  date?: string;
  send?: string;
  distribute?: string;
  editors: string[];
}

export interface ProjectConfig {
  organisation: {
    name: string;
    /** Signature after an item, printed in full-width parentheses: （团区委）. */
    short: string;
  };
  bulletin: BulletinSettings;
  document: {
    title: string;
    /** Handlebars text of the opening paragraph. */
    opening?: string;
    /** Handlebars text of a closing paragraph before the signature. */
    closing?: string;
    openingSource?: TextPositions;
    closingSource?: TextPositions;
  };
  metrics: MetricDefinition[];
  /**
   * Targets (目标数) for 完成率 (the `rate` helper), each for one year: from summarize.yaml's
   * `targets: <year>:` and, added by the pipeline, from the items of plans/<year>.yaml. Where both
   * give one metric a target for the same year, summarize.yaml's (listed later) wins: it is the
   * adjusted goal. See targetFor.
   */
  targets?: Target[];
  sections: SectionDefinition[];
  /** Name of the typesetting profile (profiles/<name>.yaml or a project file). */
  profile: string;
  /** Document kinds (template names) `summarize build` makes when no --kind is given; default [bulletin]. */
  kinds?: string[];
  /** Script the document is written in; default `hans` (as typed). */
  script?: DocumentScript;
  /** Words printed as listed in a traditional document, never converted (names, brand terms). */
  protectedWords?: string[];
  briefs: Brief[];
}

/** A year's goal for one metric, and where it was set. */
export interface Target {
  year: number;
  metric: string;
  value: number;
  source: SourcePosition;
  /** The file that set it, as messages and figures.json name it: summarize.yaml, plans/2023.yaml. */
  setIn: string;
}

/** The target in force for `metric` in `year`: the last one listed (summarize.yaml's over a plan's). */
export function targetFor(targets: readonly Target[] | undefined, year: number, metric: string): Target | undefined {
  return targets?.filter((t) => t.year === year && t.metric === metric).at(-1);
}

/** Simplified as typed, or traditional characters to the Taiwan or Hong Kong standard (OpenCC). */
export type DocumentScript = 'hans' | 'hant-tw' | 'hant-hk';

/** A △ item from another unit printed after the lead item. */
export interface Brief {
  text: string;
  source: string;
}
