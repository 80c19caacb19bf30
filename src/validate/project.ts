// Validate stage: from the parsed files to the typed project the later stages use. Each rule is a
// small function that pushes onto one list, so a single run reports every problem; a rule never
// throws for a user's mistake.

import type { Activity, StandaloneFigure } from '../model/activity.js';
import type { ProjectConfig } from '../model/config.js';
import { compareDiagnostics, type Diagnostic } from '../model/diagnostic.js';
import type { RawProject } from '../load/project.js';
import type { YamlSource } from '../load/yaml-source.js';
import { checkSchema } from './schemas.js';
import { normaliseConfig, type ConfigAsWritten } from './config.js';
import { checkActivities, type ActivityAsWritten } from './activities.js';
import type { Period } from '../model/period.js';
import { suggestion } from './suggest.js';

export interface ValidProject {
  config: ProjectConfig;
  activities: Activity[];
  figures: StandaloneFigure[];
}

export interface ValidationResult {
  /** Undefined when the configuration itself is unusable. */
  project?: ValidProject;
  diagnostics: Diagnostic[];
}

export function validateProject(raw: RawProject, period: Period): ValidationResult {
  const diagnostics = [...raw.diagnostics];
  const config = raw.config.value !== undefined && checkSchema(raw.config, 'summarize', diagnostics)
    ? normaliseConfig(raw.config, raw.config.value as ConfigAsWritten, diagnostics)
    : undefined;
  if (!config) return { diagnostics: diagnostics.sort(compareDiagnostics) };

  const activities = raw.activities.flatMap((source) => {
    if (source.value === undefined || source.value === null) return [];
    if (!checkSchema(source, 'activities', diagnostics)) return [];
    return checkActivities(source, source.value as ActivityAsWritten[], config, period, diagnostics);
  });
  noDuplicateEvents(activities, diagnostics);
  const figures = raw.metrics.flatMap((source) => standaloneFigures(source, config, diagnostics));
  return { project: { config, activities, figures }, diagnostics: diagnostics.sort(compareDiagnostics) };
}

function standaloneFigures(source: YamlSource, config: ProjectConfig, diagnostics: Diagnostic[]): StandaloneFigure[] {
  if (source.value === undefined || source.value === null) return [];
  if (!checkSchema(source, 'metrics', diagnostics)) return [];
  const known = new Set(config.metrics.map((m) => m.id));
  return Object.entries(source.value as Record<string, number>).flatMap(([id, value]) => {
    const position = source.locate([id], { key: true });
    if (!known.has(id)) {
      diagnostics.push({
        ...position,
        severity: 'error',
        code: 'unknown-metric',
        message: `指标 ${id} 没有在 summarize.yaml 的 metrics 中定义`,
        hint: suggestion(id, [...known]) ?? '先在 summarize.yaml 的 metrics 中加上这个指标',
      });
      return [];
    }
    return [{ id, value, source: position }];
  });
}

/** The same event typed into two files (or twice into one) would double its figures. */
function noDuplicateEvents(activities: Activity[], diagnostics: Diagnostic[]): void {
  const seen = new Map<string, Activity>();
  for (const activity of activities) {
    const key = JSON.stringify([activity.date, activity.title, Object.entries(activity.metrics).sort()]);
    const first = seen.get(key);
    if (first) {
      diagnostics.push({
        ...activity.source,
        severity: 'error',
        code: 'duplicate-event',
        message: `这条记录与 ${first.source.file}:${first.source.line} 重复（日期、名称和数字都相同）`,
        hint: '删除其中一条；如确是两场活动，请在名称中加以区分',
      });
    } else {
      seen.set(key, activity);
    }
  }
}
