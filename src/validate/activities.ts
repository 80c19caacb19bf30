// Validate stage: rules for logged events beyond their shape — ids the config defines, real dates
// inside the year being built, and Chinese punctuation that will be printed as it was typed.

import type { Activity } from '../model/activity.js';
import type { ProjectConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Period } from '../model/period.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';
import { suggestion } from './suggest.js';
import { isValidIsoDate } from '../numbers/index.js';
import { punctuationProblems } from './punctuation.js';

export interface ActivityAsWritten {
  date: string;
  section: string;
  theme: string;
  title: string;
  text?: string;
  unit?: string;
  tags?: string[];
  highlight?: boolean;
  metrics?: Record<string, number>;
}

export function checkActivities(
  source: YamlSource,
  written: ActivityAsWritten[],
  config: ProjectConfig,
  period: Period,
  diagnostics: Diagnostic[],
): Activity[] {
  const metricIds = config.metrics.map((m) => m.id);
  const sectionIds = config.sections.map((s) => s.id);
  const problem = (path: YamlPath, code: string, message: string, hint?: string, key = false): void => {
    diagnostics.push({ ...source.locate(path, { key }), severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };
  const activities: Activity[] = [];
  written.forEach((entry, index) => {
    const before = diagnostics.length;
    if (!isValidIsoDate(entry.date)) {
      problem([index, 'date'], 'invalid-date', `日期 ${entry.date} 不存在`, '检查月份和日子，例如 2 月没有 30 日');
    } else if (!entry.date.startsWith(`${period.year}-`)) {
      problem([index, 'date'], 'date-outside-year', `日期 ${entry.date} 不在 ${period.year} 年内`, `把记录移到 activities/${entry.date.slice(0, 4)}/ 下，或改正年份`);
    }
    const section = config.sections.find((s) => s.id === entry.section);
    if (!section) {
      problem([index, 'section'], 'unknown-section', `部分 “${entry.section}” 没有在 summarize.yaml 的 sections 中定义`, suggestion(entry.section, sectionIds) ?? `可用的有：${sectionIds.join('、')}`);
    } else if (!section.themes.some((t) => t.id === entry.theme)) {
      const themeIds = section.themes.map((t) => t.id);
      problem([index, 'theme'], 'unknown-theme', `部分 ${section.id} 下没有条目 “${entry.theme}”`, suggestion(entry.theme, themeIds) ?? `可用的有：${themeIds.join('、')}`);
    }
    for (const metricId of Object.keys(entry.metrics ?? {})) {
      if (!metricIds.includes(metricId)) {
        problem([index, 'metrics', metricId], 'unknown-metric', `指标 “${metricId}” 没有在 summarize.yaml 的 metrics 中定义`, suggestion(metricId, metricIds) ?? '先在 summarize.yaml 的 metrics 中加上这个指标', true);
      }
    }
    for (const field of ['title', 'text'] as const) {
      const text = entry[field];
      if (text === undefined) continue;
      if (text.trim() === '') {
        problem([index, field], 'empty-text', `${field} 不能为空白`, '填写内容，或删除这个字段');
        continue;
      }
      const start = source.locate([index, field]);
      for (const found of punctuationProblems(text)) {
        // Positions inside a plain one-line scalar are exact; inside folded or quoted text they
        // point at the field's first line, which is enough to find the character.
        const column = text.includes('\n') ? start.column : start.column + found.offset;
        diagnostics.push({ ...start, column, severity: 'warning', code: found.code, message: found.message, hint: found.hint });
      }
    }
    if (diagnostics.length > before && diagnostics.slice(before).some((d) => d.severity === 'error')) return;
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
