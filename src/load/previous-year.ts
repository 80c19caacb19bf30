// Load stage: the previous year's logs and figures, for year-over-year comparison (同比). They are
// read with this year's summarize.yaml (a roll-up's units with theirs), since the comparison is
// made in this year's terms. Last year's files are history, not this build's input: their problems
// must never stop this year's build, so asPreviousYearWarnings turns them into warnings that name
// the file.

import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { loadMetricsFiles } from './metrics-files.js';
import { loadActivityFiles, type RawProject } from './project.js';

/**
 * The files of `year - 1`, or undefined when neither the project nor any of its units has logs or
 * figures for it. A roll-up's units come along with their previous year's files, each read with
 * the unit's own summarize.yaml (this year's), like this year's files.
 */
export function loadPreviousYear(current: RawProject, year: number): RawProject | undefined {
  const previous = filesOf(current, year - 1, current.root);
  const units = (current.units ?? []).map((unit) => filesOf(unit, year - 1, current.root));
  if ([previous, ...units].every((p) => p.activities.length === 0 && p.metrics.length === 0)) return undefined;
  return units.length > 0 ? { ...previous, units } : previous;
}

/** `base`: the folder of the project being built, which positions name files from. */
function filesOf(current: RawProject, year: number, base: string): RawProject {
  // Its folder's warnings are not kept: asPreviousYearWarnings keeps last year's errors only.
  const activities = loadActivityFiles(path.join(current.root, 'activities', String(year)), current.config, base).logs;
  const metrics = loadMetricsFiles(current.root, year, base);
  return {
    root: current.root,
    config: current.config,
    activities,
    metrics,
    diagnostics: metrics.flatMap((s) => s.diagnostics),
    ...(current.folder !== undefined ? { folder: current.folder } : {}),
  };
}

/** The summarize.yaml files a project reads: its own and its units'. */
export function configFiles(project: RawProject): string[] {
  return [project.config.file, ...(project.units ?? []).map((unit) => unit.config.file)];
}

/**
 * Errors in last year's files become warnings; their warnings (punctuation of texts that will not
 * be printed, encodings) are dropped as noise. Problems of summarize.yaml (and of the units'
 * summarize.yaml, `configFiles`) are left out: those files are this year's and are reported once,
 * by this year's checks.
 */
export function asPreviousYearWarnings(diagnostics: readonly Diagnostic[], configFile: string | readonly string[], year: number): Diagnostic[] {
  const thisYears = new Set(typeof configFile === 'string' ? [configFile] : configFile);
  return diagnostics
    .filter((d) => d.severity === 'error' && !thisYears.has(d.file))
    .map((d) => ({
      ...d,
      severity: 'warning' as const,
      code: `previous-year-${d.code}`,
      message: `${year} 年数据（仅用于同比，不影响本年度）：${d.message}`,
      hint: `${d.hint ? `${d.hint}；` : ''}改正前，同比数字可能不准`,
    }));
}
