// Validate stage: the rules of a roll-up. A unit's files are checked with the unit's own
// summarize.yaml first (validate/project.ts), so a district sees the same problems whether it
// builds alone or is rolled up. Then its events are counted under the including project's
// sections, themes and metrics; the mapping rule is the simplest a city committee expects: the
// same ids. An id the unit uses that the including project does not define is an error at the
// unit's file and line, naming the unit, with a "是不是…" when a defined id is close.

import type { ProjectConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ValidUnit } from '../model/rollup.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';
import { suggestion } from './suggest.js';

/** The project a unit is rolled up into: whose ids the unit's events must use. */
export interface IncludingProject {
  config: ProjectConfig;
  /** Its summarize.yaml as positions name it. */
  file: string;
}

/** How messages name a unit: 单位“共青团二七区委”（units/erqi）. */
export function unitLabel(config: ProjectConfig | undefined, folder: string | undefined): string {
  return config ? `单位“${config.organisation.name}”（${folder ?? '.'}）` : `单位 ${folder ?? '.'}`;
}

/**
 * One event's section, theme and metric ids, each already known to the unit's own config, must be
 * known to the including project's config too.
 */
export function eventMapsToIncluding(
  source: YamlSource,
  entry: { section?: unknown; theme?: unknown; metrics?: unknown },
  index: number,
  own: ProjectConfig,
  including: IncludingProject,
  unit: string,
  problems: Diagnostic[],
): void {
  const target = including.config;
  const problem = (path: YamlPath, code: string, message: string, hint: string, key = false) =>
    problems.push({ ...source.locate(path, { key }), severity: 'error', code, message, hint, mentions: [{ file: including.file }] });
  const { section: sectionId, theme, metrics } = entry;
  const ownSection = own.sections.find((s) => s.id === sectionId);
  if (ownSection) {
    const section = target.sections.find((s) => s.id === sectionId);
    const sectionIds = target.sections.map((s) => s.id);
    if (!section) {
      problem(
        [index, 'section'],
        'rollup-unknown-section',
        `${unit}的 section “${ownSection.id}” 在汇总项目的 {0} 中没有定义`,
        suggestion(ownSection.id, sectionIds) ?? `汇总项目的 sections 有：${sectionIds.join('、')}；各单位要用与汇总项目相同的 id`,
      );
    } else if (ownSection.themes.some((t) => t.id === theme) && !section.themes.some((t) => t.id === theme)) {
      const themeIds = section.themes.map((t) => t.id);
      problem(
        [index, 'theme'],
        'rollup-unknown-theme',
        `${unit}的 theme “${String(theme)}” 不是汇总项目（{0}）部分 ${section.id} 下的条目`,
        suggestion(String(theme), themeIds) ?? `汇总项目 ${section.id} 下的条目有：${themeIds.join('、')}；各单位要用与汇总项目相同的 id`,
      );
    }
  }
  if (metrics !== null && typeof metrics === 'object' && !Array.isArray(metrics)) {
    for (const metricId of Object.keys(metrics)) metricMapsToIncluding(metricId, [index, 'metrics', metricId], own, including, unit, problem);
  }
}

/** A standalone figure of the unit (metrics/<year>.*) under an id the including project defines. */
export function figureMapsToIncluding(source: YamlSource, id: string, own: ProjectConfig, including: IncludingProject, unit: string, diagnostics: Diagnostic[]): boolean {
  let known = true;
  metricMapsToIncluding(id, [id], own, including, unit, (path, code, message, hint, key) => {
    known = false;
    diagnostics.push({ ...source.locate(path, { key }), severity: 'error', code, message, hint, mentions: [{ file: including.file }] });
  });
  return known;
}

function metricMapsToIncluding(
  metricId: string,
  at: YamlPath,
  own: ProjectConfig,
  including: IncludingProject,
  unit: string,
  problem: (path: YamlPath, code: string, message: string, hint: string, key: boolean) => void,
): void {
  if (!own.metrics.some((m) => m.id === metricId)) return; // The unit's own check has reported it.
  const metricIds = including.config.metrics.map((m) => m.id);
  if (metricIds.includes(metricId)) return;
  problem(
    at,
    'rollup-unknown-metric',
    `${unit}的指标 “${metricId}” 在汇总项目的 {0} 的 metrics 中没有定义`,
    suggestion(metricId, metricIds) ?? `在汇总项目的 metrics 中加上 ${metricId}，或改用它已有的指标 id；各单位要用与汇总项目相同的 id`,
    true,
  );
}

/**
 * A metric both configs define but count in different words (元 and 万元, 个 and 家) would add
 * unlike figures: a warning at the unit's definition.
 */
export function metricUnitsAgree(source: YamlSource, own: ProjectConfig, including: IncludingProject, unit: string, diagnostics: Diagnostic[]): void {
  own.metrics.forEach((metric, index) => {
    const target = including.config.metrics.find((m) => m.id === metric.id);
    if (!target || target.unit === metric.unit) return;
    diagnostics.push({
      ...source.locate(['metrics', index, 'unit']),
      severity: 'warning',
      code: 'rollup-metric-unit',
      message: `${unit}的指标 ${metric.id} 以“${metric.unit}”计，汇总项目（{0}）以“${target.unit}”计`,
      hint: `两处用同一个量词，数字才能相加；汇总时按“${target.unit}”印出`,
      mentions: [{ file: including.file }],
    });
  });
}

/** Units are told apart by organisation.name (in totals, tables and `unit=`), so each has its own. */
export function unitNamesAreUnique(own: ProjectConfig, units: readonly ValidUnit[], sources: ReadonlyMap<ValidUnit, YamlSource>, diagnostics: Diagnostic[]): void {
  const first = new Map<string, string>([[own.organisation.name, '汇总项目本身']]);
  for (const unit of units) {
    const earlier = first.get(unit.name);
    if (earlier === undefined) {
      first.set(unit.name, unit.folder);
      continue;
    }
    const source = sources.get(unit)!;
    diagnostics.push({
      ...source.locate(['organisation', 'name']),
      severity: 'error',
      code: 'duplicate-unit-name',
      message: `单位 ${unit.folder} 的名称“${unit.name}”与${earlier === '汇总项目本身' ? earlier : ` ${earlier} `}相同`,
      hint: '汇总时按 organisation.name 区分各单位，每个单位要用自己的全称',
    });
  }
}
