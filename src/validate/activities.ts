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
import { type Diagnostic, shortened } from '../model/diagnostic.js';
import type { Period } from '../model/period.js';
import { TAG_SEPARATORS } from '../model/log-columns.js';
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
  const known = knownIds(config, period);
  written.forEach((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return;
    const problems: Diagnostic[] = [];
    eventIsChecked(source, entry as Partial<Record<keyof ActivityAsWritten, unknown>>, index, known, problems);
    if (rollup) eventMapsToIncluding(source, entry, index, config, rollup.including, rollup.unit, problems);
    if (problems.length > 0) {
      diagnostics.push(...problems);
      if (problems.some((d) => d.severity === 'error')) return;
    }
    if (rejected.has(index)) return;
    activities.push(activityOf(entry, source.locate([index])));
  });
  return activities;
}

/**
 * The event as the later stages take it. Its fields are set one by one, in the order the model
 * lists them (which is the order anything that lists them sees): spreading `{ text }` or `{}` into
 * a new object made two objects more for each of 100k events.
 */
function activityOf(entry: ActivityAsWritten, source: Activity['source']): Activity {
  const activity = { date: entry.date, section: entry.section, theme: entry.theme, title: entry.title.trim() } as Activity;
  if (entry.text !== undefined) activity.text = entry.text.trim();
  if (entry.unit !== undefined) activity.unit = entry.unit;
  activity.tags = entry.tags ?? [];
  activity.highlight = entry.highlight ?? false;
  activity.metrics = entry.metrics ?? {};
  activity.source = source;
  return activity;
}

/** What the rules look events up in, made once per log rather than once per event. */
interface KnownIds {
  config: ProjectConfig;
  period: Period;
  sections: ReadonlyMap<string, ProjectConfig['sections'][number]>;
  metricIds: ReadonlySet<string>;
  /** Dates met so far and whether each is real: a year of logs has 366 at most. */
  realDates: Map<string, boolean>;
}

function knownIds(config: ProjectConfig, period: Period): KnownIds {
  const sections = new Map<string, ProjectConfig['sections'][number]>();
  // The first section of an id, as Array.find gives it.
  for (const section of config.sections) if (!sections.has(section.id)) sections.set(section.id, section);
  return { config, period, sections, metricIds: new Set(config.metrics.map((m) => m.id)), realDates: new Map() };
}

/** Each check looks only at fields of the right type: the schema has reported the others. */
function eventIsChecked(source: YamlSource, entry: Partial<Record<keyof ActivityAsWritten, unknown>>, index: number, known: KnownIds, problems: Diagnostic[]): void {
  const { config, period } = known;
  const problem = (path: YamlPath, code: string, message: string, hint?: string, key = false): void => {
    problems.push({ ...source.locate(path, { key }), severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };
  const { date, section: sectionId, theme, metrics } = entry;
  if (typeof date === 'string' && ISO_DATE.test(date)) {
    let real = known.realDates.get(date);
    if (real === undefined) known.realDates.set(date, (real = isValidIsoDate(date)));
    if (!real) {
      problem([index, 'date'], 'invalid-date', `日期 ${date} 不存在`, '检查月份和日子，例如 2 月没有 30 日');
    } else if (!date.startsWith(`${period.year}-`)) {
      problem([index, 'date'], 'date-outside-year', `日期 ${date} 不在 ${period.year} 年内`, `把记录移到 activities/${date.slice(0, 4)}/ 下，或改正年份`);
    }
  }
  const section = typeof sectionId === 'string' ? known.sections.get(sectionId) : undefined;
  if (typeof sectionId === 'string' && sectionId.trim() !== '' && !section) {
    problem([index, 'section'], 'unknown-section', `section “${shortened(sectionId)}” 没有在 summarize.yaml 的 sections 中定义`, idHint(sectionId, config.sections, '部分', '可用的有'));
  } else if (section && typeof theme === 'string' && theme.trim() !== '' && !section.themes.some((t) => t.id === theme)) {
    problem([index, 'theme'], 'unknown-theme', `theme “${shortened(theme)}” 不是部分 ${section.id} 下的条目`, idHint(theme, section.themes, '条目', `${section.id} 下的条目有`));
  }
  if (metrics !== null && typeof metrics === 'object' && !Array.isArray(metrics)) {
    for (const metricId in metrics) {
      // A name the schema refused (__proto__, 1abc) is reported once, by the schema.
      if (!known.metricIds.has(metricId) && ID.test(metricId)) {
        const metricIds = config.metrics.map((m) => m.id);
        problem([index, 'metrics', metricId], 'unknown-metric', `指标 “${shortened(metricId)}” 没有在 summarize.yaml 的 metrics 中定义`, suggestion(metricId, metricIds) ?? '先在 summarize.yaml 的 metrics 中加上这个指标', true);
      }
    }
  }
  for (const field of ['title', 'text'] as const) {
    const text = entry[field];
    if (typeof text === 'string') textPunctuationIsChinese(source, [index, field], text, problems);
  }
  const { tags } = entry;
  if (Array.isArray(tags)) tags.forEach((tag, t) => tagIsOne(source, [index, 'tags', t], tag, problems));
}

/**
 * What to write instead of an unknown section or theme id: the id of the one whose title was typed
 * (a spreadsheet's user types 思想引领 where the drop-down offers guidance), else the id it looks
 * like, else every id with its title.
 */
function idHint(typed: string, known: readonly { id: string; title: string }[], what: string, listed: string): string {
  const titled = known.find((k) => k.title === typed.trim());
  if (titled) return `“${shortened(typed)}”是${what}的名称，这里写它的代码：${titled.id}`;
  return suggestion(typed, known.map((k) => k.id)) ?? `${listed}：${known.map((k) => `${k.id}（${k.title}）`).join('、')}`;
}

/**
 * `tags: [宣讲，学习]` is one tag to YAML, whose flow list is split by half-width commas only (and a
 * block list's `- 宣讲;学习` not at all), while a spreadsheet's tag cell is split at every one of
 * TAG_SEPARATORS (load/activity-table.ts): the log means two tags, and a figure counted by tag
 * would miss the event. A warning, as a tag may be so named.
 */
function tagIsOne(source: YamlSource, path: YamlPath, tag: unknown, problems: Diagnostic[]): void {
  if (typeof tag !== 'string') return;
  const separator = TAG_SEPARATORS.exec(tag)?.[0];
  if (separator === undefined) return;
  const apart = tag.split(TAG_SEPARATORS).map((part) => part.trim()).filter((part) => part !== '');
  problems.push({
    ...source.locate(path),
    severity: 'warning',
    code: 'tag-with-separator',
    message: `标签 “${shortened(tag)}” 中有“${separator}”，会被当作一个标签`,
    hint: `要写成 ${apart.length} 个标签，用半角逗号加空格分开：[${shortened(apart.join(', '))}]`,
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

