// CLI: wires the stages for the commands that read a project (build, validate, stats, explain).
// Each stage is called here and nowhere else; this file holds no logic of its own beyond the
// order of the calls and stopping when a stage reports errors.

import path from 'node:path';
import { aggregate, type Aggregates } from '../aggregate/aggregate.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { parsePeriod, previousPeriod, type Period } from '../model/period.js';
import { addLoadedTexts, addSourceText, keepNamedTexts, loadProject, type LoadedTexts, type RawProject, type ReadAlready } from '../load/project.js';
import { asPreviousYearWarnings, configFiles, loadPreviousYear } from '../load/previous-year.js';
import { validateProject, type ValidProject } from '../validate/project.js';
import { existsSync } from 'node:fs';
import type { ProjectConfig } from '../model/config.js';
import type { WorkPlan } from '../model/plan.js';
import { loadPlan, planFile, planPath } from '../load/plan.js';
import { checkPlan } from '../validate/plan.js';
import { openLogCache, type LogCache } from '../cache/checked-logs.js';
import { preferShortRuns } from './short-runs.js';

export interface ProjectOptions {
  project?: string;
  strict?: boolean;
  /** Document kinds to be made; the `plan` kind needs next year's plan. Default summarize.yaml's `kinds`. */
  kinds?: string[];
  /** false (`--no-cache`): every log is parsed and checked, and the cache (src/cache/) is neither read nor written. */
  cache?: boolean | 'read-only';
}

export interface CheckedProject {
  root: string;
  period: Period;
  project?: ValidProject;
  aggregates?: Aggregates;
  /** Next year's work plan (plans/<year+1>.yaml), when the project has one. */
  nextPlan?: WorkPlan;
  diagnostics: Diagnostic[];
  /** The texts of the files read that the problems name, for their code frames (cli/report.ts). */
  texts: LoadedTexts;
  /** True when errors (or, with --strict, warnings) mean nothing may be written. */
  failed: boolean;
  /** Each log's file → the key of its checked events in the cache (LogCache.logKeys); none without a cache. */
  logKeys?: ReadonlyMap<string, string>;
}

/** `readAlready`: what the command has read already (build reads summarize.yaml and the logs once, cli/build-or-reuse.ts). */
export function checkProject(periodText: string, options: ProjectOptions, readAlready?: ReadAlready): CheckedProject {
  preferShortRuns();
  const root = path.resolve(options.project ?? '.');
  const period = parsePeriod(periodText);
  const raw = loadProject(root, period.year, readAlready);
  const texts: LoadedTexts = new Map();
  addLoadedTexts(texts, raw);
  const cache = options.cache === false ? undefined : openLogCache(root, options.cache === 'read-only' ? 'read-only' : 'read-write');
  try {
    const checked = checkedProject(root, period, raw, options, cache, texts);
    return { ...checked, texts: keepNamedTexts(texts, checked.diagnostics, configFiles(raw)), ...(cache ? { logKeys: cache.logKeys() } : {}) };
  } finally {
    cache?.save();
  }
}

/** `texts` gets those of the plans and of last year's files, as they are read. */
function checkedProject(root: string, period: Period, raw: RawProject, options: ProjectOptions, cache: LogCache | undefined, texts: LoadedTexts): Omit<CheckedProject, 'texts'> {
  const validated = validateProject(raw, period, undefined, cache);
  const diagnostics = [...validated.diagnostics];
  // The plan for this year set its goals; next year's plan is printed by the plan and annual kinds.
  const kinds = options.kinds ?? validated.project?.config.kinds ?? [];
  const plans = validated.project ? planFiles(root, period.year, validated.project.config, kinds.includes('plan'), texts) : { diagnostics: [] };
  diagnostics.push(...plans.diagnostics);
  const failed = !validated.project || hasErrors(diagnostics) || (options.strict === true && diagnostics.length > 0);
  if (failed || !validated.project) return { root, period, diagnostics, failed: true };
  const config = validated.project.config;
  // summarize.yaml's targets come last: where both set one, the config's is the adjusted goal.
  const targets = [...(plans.current?.targets ?? []), ...(config.targets ?? [])];
  const project = { ...validated.project, config: { ...config, ...(targets.length > 0 ? { targets } : {}) } };
  const previous = previousYear(raw, period, cache, texts);
  const all = [...diagnostics, ...previous.diagnostics];
  const strictFailure = options.strict === true && previous.diagnostics.length > 0;
  return {
    root,
    period,
    project,
    aggregates: aggregate(project, period, previous.aggregates),
    ...(plans.next ? { nextPlan: plans.next } : {}),
    diagnostics: all,
    failed: strictFailure,
  };
}

interface PlanFiles {
  current?: WorkPlan;
  next?: WorkPlan;
  diagnostics: Diagnostic[];
}

/**
 * plans/<year>.yaml (this year's goals) and plans/<year+1>.yaml (next year's plan), each checked
 * when it exists; next year's is missing-is-an-error only when the plan kind is to be made.
 */
function planFiles(root: string, year: number, config: ProjectConfig, nextRequired: boolean, texts: LoadedTexts): PlanFiles {
  const diagnostics: Diagnostic[] = [];
  const checked = (planYear: number): WorkPlan | undefined => {
    const source = loadPlan(root, planYear);
    if (!source) return undefined;
    addSourceText(texts, source);
    diagnostics.push(...source.diagnostics);
    return checkPlan(source, config, planYear, diagnostics);
  };
  const current = checked(year);
  const next = checked(year + 1);
  if (!next && nextRequired && !existsSync(planPath(root, year + 1))) {
    diagnostics.push({
      file: planFile(root, year + 1),
      line: 1,
      column: 1,
      severity: 'error',
      code: 'missing-plan',
      message: `没有找到 ${year + 1} 年的工作安排`,
      hint: `plan 文档由 plans/${year + 1}.yaml 生成（各部分及其计划事项），写法见 schema/plan.schema.json`,
    });
  }
  return { ...(current ? { current } : {}), ...(next ? { next } : {}), diagnostics: diagnostics.sort(compareDiagnostics) };
}

/** Last year's figures for 同比: loaded, checked and aggregated like this year's, problems as warnings. */
function previousYear(raw: RawProject, period: Period, cache: LogCache | undefined, texts: LoadedTexts): { aggregates?: Aggregates; diagnostics: Diagnostic[] } {
  const earlier = previousPeriod(period);
  const previousRaw = earlier && loadPreviousYear(raw, period.year);
  if (!previousRaw || !earlier) return { diagnostics: [] };
  addLoadedTexts(texts, previousRaw);
  const { project, diagnostics } = validateProject(previousRaw, earlier, undefined, cache);
  const warnings = asPreviousYearWarnings(diagnostics, configFiles(raw), earlier.year);
  return { ...(project ? { aggregates: aggregate(project, earlier) } : {}), diagnostics: warnings };
}
