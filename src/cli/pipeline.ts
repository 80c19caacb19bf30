// CLI: wires the stages for the commands that read a project (build, validate, stats, explain).
// Each stage is called here and nowhere else; this file holds no logic of its own beyond the
// order of the calls and stopping when a stage reports errors.

import path from 'node:path';
import { aggregate, type Aggregates } from '../aggregate/aggregate.js';
import { hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { parsePeriod, type Period } from '../model/period.js';
import { loadProject, type RawProject } from '../load/project.js';
import { asPreviousYearWarnings, configFiles, loadPreviousYear } from '../load/previous-year.js';
import { previousPeriod } from '../aggregate/compare.js';
import { validateProject, type ValidProject } from '../validate/project.js';

export interface ProjectOptions {
  project?: string;
  strict?: boolean;
}

export interface CheckedProject {
  root: string;
  period: Period;
  project?: ValidProject;
  aggregates?: Aggregates;
  diagnostics: Diagnostic[];
  /** True when errors (or, with --strict, warnings) mean nothing may be written. */
  failed: boolean;
}

export function checkProject(periodText: string, options: ProjectOptions): CheckedProject {
  const root = path.resolve(options.project ?? '.');
  const period = parsePeriod(periodText);
  const raw = loadProject(root, period.year);
  const { project, diagnostics } = validateProject(raw, period);
  const failed = !project || hasErrors(diagnostics) || (options.strict === true && diagnostics.length > 0);
  if (failed || !project) return { root, period, diagnostics, failed: true };
  const previous = previousYear(raw, period);
  const all = [...diagnostics, ...previous.diagnostics];
  const strictFailure = options.strict === true && previous.diagnostics.length > 0;
  return { root, period, project, aggregates: aggregate(project, period, previous.aggregates), diagnostics: all, failed: strictFailure };
}

/** Last year's figures for 同比: loaded, checked and aggregated like this year's, problems as warnings. */
function previousYear(raw: RawProject, period: Period): { aggregates?: Aggregates; diagnostics: Diagnostic[] } {
  const previousRaw = loadPreviousYear(raw, period.year);
  if (!previousRaw) return { diagnostics: [] };
  const earlier = previousPeriod(period);
  const { project, diagnostics } = validateProject(previousRaw, earlier);
  const warnings = asPreviousYearWarnings(diagnostics, configFiles(raw), earlier.year);
  return { ...(project ? { aggregates: aggregate(project, earlier) } : {}), diagnostics: warnings };
}
