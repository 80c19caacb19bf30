// Model: a roll-up. A project (a 团市委) may include other units' projects (its districts) with
// `units:` in summarize.yaml. Each unit is a whole project, checked with its own summarize.yaml;
// its events are then counted under the including project's sections, themes and metrics, which
// must define every id the unit uses (the same ids: a city committee hands its districts one
// list). One level only: a unit that itself has `units:` is refused (see src/load/units.ts).

import type { StandaloneFigure } from './activity.js';
import type { ProjectConfig } from './config.js';

export interface RollupUnit {
  /** The unit's folder relative to the including project, `/`-separated, as `units:` matched it: units/erqi, ../shangjie. */
  folder: string;
  /** organisation.name of the unit's summarize.yaml: the name events, totals and `unit=` use. */
  name: string;
  /** organisation.short of the unit's summarize.yaml (团区委); several units may share one. */
  short: string;
}

/** A unit after validation: its own configuration and its own standalone figures (metrics/<year>.*). */
export interface ValidUnit extends RollupUnit {
  config: ProjectConfig;
  figures: StandaloneFigure[];
}

/** How the including project's own events are named beside its units' in tables and in `unit=`: 本级. */
export const OWN_LEVEL = '本级';
