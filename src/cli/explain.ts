// CLI: `summarize explain <period> <metric>`: the entries a figure is made of, one per line as
// `file:line  date  title  value` (a workbook's row as `file:Sheet!A17`), then the total, so a checker can open each line and tick it off.
// The metric may be named by id, by label, as 活动条数 (the number of events), or by the `counts`
// text of a figure in the audit sidecar (bulletin.figures.json) (宣讲（lectures） guidance/ideology tag=宣讲), scope included.

import path from 'node:path';
import { Chalk } from 'chalk';
import type { EventFilter } from '../aggregate/aggregate.js';
import { compareWithPreviousYear, explainMetric, type Explanation } from '../aggregate/query.js';
import type { ProjectConfig } from '../model/config.js';
import { formatLine, type Diagnostic } from '../model/diagnostic.js';
import { UserError } from '../model/errors.js';
import { fileShower } from '../load/display-path.js';
import type { LoadedTexts } from '../load/project.js';
import { formatAsRead } from '../numbers/index.js';
import { checkProject, type ProjectOptions } from './pipeline.js';
import { formatTable } from './text-table.js';
import { findRollupUnit } from '../aggregate/rollup.js';
import { suggestion } from '../validate/suggest.js';

export interface ExplainOptions extends ProjectOptions, EventFilter {
  json?: boolean;
  color: boolean;
}

export interface ExplainResult {
  output: string;
  diagnostics: Diagnostic[];
  /** The texts of the files read, for the problems' code frames (cli/report.ts). */
  texts: LoadedTexts;
  failed: boolean;
}

const COUNT_NAMES = ['活动条数', '活动', 'count', 'events'];

/** What the user named: a metric (or the count of events) and the scope written with it. */
export interface NamedFigure {
  metricId?: string;
  filter: EventFilter;
  /** `unit=…` of a roll-up's figure, as its `counts` text names the unit (本级 for the project's own). */
  unit?: string;
}

export function explain(periodText: string, name: string, options: ExplainOptions): ExplainResult {
  const checked = checkProject(periodText, options);
  if (checked.failed || !checked.project || !checked.aggregates) {
    return { output: '', diagnostics: checked.diagnostics, texts: checked.texts, failed: true };
  }
  const config = checked.project.config;
  const named = resolveFigureName(config, name);
  const filter: EventFilter = { ...named.filter };
  if (options.section !== undefined) filter.section = options.section;
  if (options.theme !== undefined) filter.theme = options.theme;
  if (options.tag !== undefined) filter.tag = options.tag;
  scopeExists(config, filter);
  if (named.unit !== undefined) {
    const found = findRollupUnit(checked.aggregates.rollupUnits, named.unit);
    if ('problem' in found) throw new UserError(found.problem, undefined, found.hint);
    filter.rollupUnit = found.unit.own ? null : found.unit.name;
  }
  // Entries name files as positions do, from the project's folder; printed from where the command runs.
  const show = fileShower(path.resolve(options.project ?? '.'));
  const found = explainMetric(checked.aggregates, named.metricId, filter);
  const explanation = { ...found, entries: found.entries.map((e) => ({ ...e, file: show(e.file) })) };
  const metric = config.metrics.find((m) => m.id === named.metricId);
  const comparison = named.metricId === undefined ? undefined : compareWithPreviousYear(checked.aggregates, named.metricId, filter);
  const what = metric ? `${metric.label}（${metric.id}）` : '活动条数';
  const unit = metric?.unit ?? '条';
  const scope = [filter.section && filter.theme ? `${filter.section}/${filter.theme}` : filter.section ?? (filter.theme && `*/${filter.theme}`), filter.tag && `tag=${filter.tag}`].filter(Boolean).join(' ');
  const period = checked.aggregates.period;
  if (options.json) {
    const json = {
      period: period.label,
      figure: what,
      ...(scope ? { scope } : {}),
      unit,
      ...explanation,
      ...(comparison ? { yoy: comparison.text } : {}),
    };
    return { output: JSON.stringify(json, null, 2), diagnostics: checked.diagnostics, texts: checked.texts, failed: false };
  }
  const text = explanationText(explanation, { title: `${what} ${period.label}${scope ? ` ${scope}` : ''}`, unit, previousLabel: checked.aggregates.previous?.period.label, yoy: comparison?.text, color: options.color, rollup: checked.aggregates.rollupUnits !== undefined });
  return { output: text, diagnostics: checked.diagnostics, texts: checked.texts, failed: false };
}

export function explanationText(
  explanation: Explanation,
  options: { title: string; unit: string; previousLabel?: string; yoy?: string; color: boolean; rollup?: boolean },
): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines = [chalk.bold(options.title)];
  const rows = explanation.entries.map((e) => [formatLine(e), e.date ?? '—', e.title ?? (explanation.origin === 'figure' ? '（统计数）' : ''), e.value === undefined ? '' : formatAsRead(e.value)]);
  lines.push(...formatTable(rows, { align: ['left', 'left', 'left', 'right'], style: (text, _row, column) => (column === 0 ? chalk.cyan(text) : text) }));
  const origin = explanation.origin === 'figure' ? '（统计数）' : explanation.origin === 'count' ? '' : `（${explanation.entries.length} 条记录）`;
  lines.push(chalk.bold(`合计 ${formatAsRead(explanation.total)} ${options.unit}${origin}`));
  if (explanation.unknown) lines.push(`这一时期没有这个数字：这一年的活动记录都没有记这个指标，这一范围也没有 metrics 文件中的统计数（文档中 sum 印作 0）${options.rollup ? '；汇总项目中各单位的统计数不相加，模板中用 {{figure "…" unit="…"}} 取一个单位的，total=true 取总数' : ''}`);
  if (explanation.previous && options.previousLabel) {
    const previous = `上年同期 ${options.previousLabel}：${formatAsRead(explanation.previous.total)} ${options.unit}（${explanation.previous.entries} 条）`;
    lines.push(options.yoy ? `${previous}，${options.yoy}` : previous);
  }
  return lines.join('\n');
}

/** A section or theme no event can have would explain as a silent 0: it is refused, with the ids there are. */
function scopeExists(config: ProjectConfig, { section, theme }: EventFilter): void {
  const sections = config.sections.filter((s) => section === undefined || s.id === section);
  if (sections.length === 0) {
    const ids = config.sections.map((s) => s.id);
    throw new UserError(`没有 id 为 “${section}” 的部分`, undefined, suggestion(section!, ids) ?? `可用的部分：${ids.join('、')}`);
  }
  const themes = sections.flatMap((s) => s.themes.map((t) => t.id));
  if (theme !== undefined && !themes.includes(theme)) {
    throw new UserError(`${section === undefined ? '' : `部分 ${section} 中`}没有 id 为 “${theme}” 的条目`, undefined, suggestion(theme, themes) ?? `可用的条目：${themes.join('、')}`);
  }
}

/** The metric (or the count of events) a user named, and any scope written after it. */
export function resolveFigureName(config: ProjectConfig, name: string): NamedFigure {
  const text = name.trim();
  const byId = config.metrics.find((m) => m.id === text);
  if (byId) return { metricId: byId.id, filter: {} };
  const byLabel = config.metrics.filter((m) => m.label === text);
  if (byLabel.length === 1) return { metricId: byLabel[0]!.id, filter: {} };
  if (COUNT_NAMES.includes(text)) return { filter: {} };

  // The `counts` text of a figure: 宣讲（lectures） guidance/ideology tag=宣讲, or 活动条数 tag=主题活动.
  const described = /^(?:.*?（([A-Za-z][A-Za-z0-9_-]*)）|(活动条数))((?:\s+\S+)*)\s*$/u.exec(text);
  if (described && (described[2] || config.metrics.some((m) => m.id === described[1]))) {
    const filter: EventFilter = {};
    let unit: string | undefined;
    for (const token of (described[3] ?? '').trim().split(/\s+/).filter(Boolean)) {
      if (token.startsWith('tag=')) filter.tag = token.slice(4);
      else if (token.startsWith('unit=')) unit = token.slice(5);
      else if (token.includes('/')) [filter.section, filter.theme] = token.split('/', 2) as [string, string];
      else filter.section = token;
    }
    return { ...(described[1] ? { metricId: described[1] } : {}), filter, ...(unit !== undefined ? { unit } : {}) };
  }

  const partial = config.metrics.filter((m) => m.label.includes(text) || m.id.includes(text));
  const candidates = (partial.length > 0 ? partial : config.metrics).map((m) => `${m.id}（${m.label}）`);
  throw new UserError(
    byLabel.length > 1 ? `有 ${byLabel.length} 个指标的名称是 “${text}”` : `没有名为 “${text}” 的指标`,
    undefined,
    `${partial.length > 0 ? '是不是' : '可用的指标'}：${candidates.join('、')}；活动条数用 “活动条数”`,
  );
}
