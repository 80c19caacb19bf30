// Load stage: the previous year's logs and figures, for year-over-year comparison (同比). They are
// read with this year's summarize.yaml, since the comparison is made in this year's terms. Last
// year's files are history, not this build's input: their problems must never stop this year's
// build, so asPreviousYearWarnings turns them into warnings that name the file.

import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { loadMetricsFiles } from './metrics-files.js';
import { listYamlFiles, loadYamlFile, type RawProject } from './project.js';

/** The files of `year - 1`, or undefined when the project has neither its logs nor its figures. */
export function loadPreviousYear(current: RawProject, year: number): RawProject | undefined {
  const previous = year - 1;
  const activities = listYamlFiles(path.join(current.root, 'activities', String(previous))).map(loadYamlFile);
  const metrics = loadMetricsFiles(current.root, previous);
  if (activities.length === 0 && metrics.length === 0) return undefined;
  return {
    root: current.root,
    config: current.config,
    activities,
    metrics,
    diagnostics: [...activities, ...metrics].flatMap((s) => s.diagnostics),
  };
}

/**
 * Errors in last year's files become warnings; their warnings (punctuation of texts that will not
 * be printed, encodings) are dropped as noise. Problems of summarize.yaml are left out: that file
 * is this year's and is reported once, by this year's checks.
 */
export function asPreviousYearWarnings(diagnostics: readonly Diagnostic[], configFile: string, year: number): Diagnostic[] {
  return diagnostics
    .filter((d) => d.severity === 'error' && d.file !== configFile)
    .map((d) => ({
      ...d,
      severity: 'warning' as const,
      code: `previous-year-${d.code}`,
      message: `${year} 年数据（仅用于同比，不影响本年度）：${d.message}`,
      hint: `${d.hint ? `${d.hint}；` : ''}改正前，同比数字可能不准`,
    }));
}
