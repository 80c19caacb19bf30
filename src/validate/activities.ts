// Validate stage: rules for logged events beyond their shape — ids the config defines, real dates
// inside the year being built, and Chinese punctuation that will be printed as it was typed. The
// schema has already checked each event's shape; events it rejected are not looked at again, so
// one run reports the schema's problems for some events and these rules' problems for the rest.
//
// An event without `metrics` is not a problem: events counted with {{count}} or listed with
// {{titles}} legitimately have no figures (44 of the 259 events in examples/shangjie). Only an
// explicitly empty `metrics:` is warned about (as-typed.ts), since that looks like figures forgotten.

import type { Activity } from '../model/activity.js';
import type { ProjectConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Period } from '../model/period.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';
import { suggestion } from './suggest.js';
import { isValidIsoDate } from '../numbers/index.js';
import { textPunctuationIsChinese } from './punctuation.js';
import { eventMapsToIncluding, type IncludingProject } from './rollup.js';

/** An event as typed: the optional fields may be left out, and it has no position yet. */
export type ActivityAsWritten = Omit<Activity, 'tags' | 'highlight' | 'metrics' | 'source'> & Partial<Pick<Activity, 'tags' | 'highlight' | 'metrics'>>;

export function checkActivities(
  source: YamlSource,
  written: ActivityAsWritten[],
  config: ProjectConfig,
  period: Period,
  diagnostics: Diagnostic[],
  /**
   * Events the schema rejected (by index). Their fields that do have the right shape are still
   * checked, so one run shows every problem; they just do not become activities.
   */
  rejected: ReadonlySet<string | number> = new Set(),
  /** For a unit of a roll-up: the project it is rolled up into, and how messages name the unit. */
  rollup?: { including: IncludingProject; unit: string },
): Activity[] {
  const activities: Activity[] = [];
  written.forEach((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return;
    const problems: Diagnostic[] = [];
    eventIsChecked(source, entry as Partial<Record<keyof ActivityAsWritten, unknown>>, index, config, period, problems);
    if (rollup) eventMapsToIncluding(source, entry, index, config, rollup.including, rollup.unit, problems);
    diagnostics.push(...problems);
    if (rejected.has(index) || problems.some((d) => d.severity === 'error')) return;
    activities.push({
      date: entry.date,
      section: entry.section,
      theme: entry.theme,
      title: entry.title.trim(),
      ...(entry.text !== undefined ? { text: entry.text.trim() } : {}),
      ...(entry.unit !== undefined ? { unit: entry.unit } : {}),
      tags: entry.tags ?? [],
      highlight: entry.highlight ?? false,
      metrics: entry.metrics ?? {},
      source: source.locate([index]),
    });
  });
  return activities;
}

/** Each check looks only at fields of the right type: the schema has reported the others. */
function eventIsChecked(
  source: YamlSource,
  entry: Partial<Record<keyof ActivityAsWritten, unknown>>,
  index: number,
  config: ProjectConfig,
  period: Period,
  problems: Diagnostic[],
): void {
  const problem = (path: YamlPath, code: string, message: string, hint?: string, key = false): void => {
    problems.push({ ...source.locate(path, { key }), severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };
  const { date, section: sectionId, theme, metrics } = entry;
  if (typeof date === 'string' && ISO_DATE.test(date)) {
    if (!isValidIsoDate(date)) {
      problem([index, 'date'], 'invalid-date', `日期 ${date} 不存在`, '检查月份和日子，例如 2 月没有 30 日');
    } else if (!date.startsWith(`${period.year}-`)) {
      problem([index, 'date'], 'date-outside-year', `日期 ${date} 不在 ${period.year} 年内`, `把记录移到 activities/${date.slice(0, 4)}/ 下，或改正年份`);
    }
  }
  const sectionIds = config.sections.map((s) => s.id);
  const section = config.sections.find((s) => s.id === sectionId);
  if (typeof sectionId === 'string' && sectionId.trim() !== '' && !section) {
    problem([index, 'section'], 'unknown-section', `section “${shorten(sectionId)}” 没有在 summarize.yaml 的 sections 中定义`, suggestion(sectionId, sectionIds) ?? `可用的有：${sectionIds.join('、')}`);
  } else if (section && typeof theme === 'string' && theme.trim() !== '' && !section.themes.some((t) => t.id === theme)) {
    const themeIds = section.themes.map((t) => t.id);
    problem([index, 'theme'], 'unknown-theme', `theme “${shorten(theme)}” 不是部分 ${section.id} 下的条目`, suggestion(theme, themeIds) ?? `${section.id} 下的条目有：${themeIds.join('、')}`);
  }
  if (metrics !== null && typeof metrics === 'object' && !Array.isArray(metrics)) {
    const metricIds = config.metrics.map((m) => m.id);
    for (const metricId of Object.keys(metrics)) {
      // A name the schema refused (__proto__, 1abc) is reported once, by the schema.
      if (!metricIds.includes(metricId) && ID.test(metricId)) {
        problem([index, 'metrics', metricId], 'unknown-metric', `指标 “${shorten(metricId)}” 没有在 summarize.yaml 的 metrics 中定义`, suggestion(metricId, metricIds) ?? '先在 summarize.yaml 的 metrics 中加上这个指标', true);
      }
    }
  }
  for (const field of ['title', 'text'] as const) {
    const text = entry[field];
    if (typeof text === 'string') textPunctuationIsChinese(source, [index, field], text, problems);
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
