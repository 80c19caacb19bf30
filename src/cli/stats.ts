// CLI: `summarize stats <period>`: every metric's total for the period, by section, by month and
// (in a roll-up) by unit, with the same period a year earlier beside it where those logs exist. A
// table for people (colour on a terminal only, never with NO_COLOR), or JSON for CI and
// spreadsheets (--json).

import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic } from '../model/diagnostic.js';
import type { LoadedTexts } from '../load/project.js';
import { statistics, type MetricStatistics, type Statistics } from '../aggregate/statistics.js';
import { formatAsRead } from '../numbers/index.js';
import { checkProject, type ProjectOptions } from './pipeline.js';
import { formatTable, type Align } from './text-table.js';

export interface StatsOptions extends ProjectOptions {
  json?: boolean;
  color: boolean;
}

export interface StatsResult {
  /** Empty when the project has errors (the diagnostics say why). */
  output: string;
  diagnostics: Diagnostic[];
  /** The texts of the files read, for the problems' code frames (cli/report.ts). */
  texts: LoadedTexts;
  failed: boolean;
}

export function stats(periodText: string, options: StatsOptions): StatsResult {
  const checked = checkProject(periodText, options);
  if (checked.failed || !checked.project || !checked.aggregates) {
    return { output: '', diagnostics: checked.diagnostics, texts: checked.texts, failed: true };
  }
  const result = statistics(checked.project.config, checked.aggregates);
  const output = options.json ? `${JSON.stringify(result, null, 2)}` : statsTable(result, checked.project.config.sections, options.color);
  return { output, diagnostics: checked.diagnostics, texts: checked.texts, failed: false };
}

export function statsTable(stats: Statistics, sections: readonly { id: string; title: string }[], color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const previous = stats.previousPeriod;
  const lines: string[] = [];
  lines.push(
    chalk.bold(`${stats.period.label}（${stats.period.start} 至 ${stats.period.end}）`) +
      (previous ? `，上年同期 ${previous.label}（${previous.start} 至 ${previous.end}）` : '，没有上一年的记录，不作同比'),
    '',
  );

  // Totals: one row per metric, the previous year and the target beside it.
  const hasTargets = stats.metrics.some((m) => m.target !== null);
  const header = ['指标', 'id', '单位', '本期', ...(previous ? ['上年同期', '同比'] : []), ...(hasTargets ? ['年度目标', '完成率'] : [])];
  const eventsRow = ['活动条数', '', '条', String(stats.events.total), ...(previous ? [show(stats.events.previous?.total), stats.events.yoy ?? ''] : []), ...(hasTargets ? ['', ''] : [])];
  const metricRows = stats.metrics.map((m) => [
    m.label,
    m.id,
    m.unit,
    m.value === null ? '—' : `${formatAsRead(m.value)}${m.origin === 'figure' ? '*' : ''}`,
    ...(previous ? [m.previous?.value == null ? '—' : `${formatAsRead(m.previous.value)}${m.previous.origin === 'figure' ? '*' : ''}`, m.yoy ?? ''] : []),
    ...(hasTargets ? [m.target === null ? '' : formatAsRead(m.target), m.rate ?? ''] : []),
  ]);
  const align: Align[] = ['left', 'left', 'left', 'right', 'right', 'left', 'right', 'left'];
  const totalsAlign: Align[] = previous ? align : [...align.slice(0, 4), 'right', 'left'];
  lines.push(chalk.bold('合计'));
  lines.push(...formatTable([header, eventsRow, ...metricRows], { align: totalsAlign, style: headerStyle(chalk, (text, _row, column) => (column === 1 ? chalk.dim(text) : text)) }));
  if (stats.metrics.some((m) => m.origin === 'figure')) lines.push(chalk.dim('* 来自 metrics/<年份>.yaml 或 .csv 的统计数，不按部分、月份细分'));

  // By section and by month: metrics logged on events, the previous year in a dim row below.
  const logged = stats.metrics.filter((m) => m.total !== 0 || (m.previous?.total ?? 0) !== 0);
  const months = Object.keys(stats.events.byMonth);
  const breakdown = (title: string, keys: string[], headers: string[], pick: (b: MetricStatistics | Statistics['events'], key: string, index: number, earlier: boolean) => number | undefined) => {
    const rows: string[][] = [['指标', ...headers]];
    const earlierRows = new Set<number>();
    const add = (label: string, current: MetricStatistics | Statistics['events'], hasPrevious: boolean) => {
      rows.push([label, ...keys.map((k, i) => show(pick(current, k, i, false)))]);
      if (previous && hasPrevious) {
        earlierRows.add(rows.length);
        rows.push([`  ${previous.label}`, ...keys.map((k, i) => show(pick(current, k, i, true)))]);
      }
    };
    add('活动条数', stats.events, stats.events.previous !== null);
    for (const m of logged) add(m.label, m, m.previous !== null);
    lines.push('', chalk.bold(title));
    lines.push(
      ...formatTable(rows, {
        align: ['left', ...keys.map(() => 'right' as const)],
        style: headerStyle(chalk, (text, row) => (earlierRows.has(row) ? chalk.dim(text) : text.trim() === '0' ? chalk.dim(text) : text)),
      }),
    );
  };
  breakdown(
    '按部分',
    sections.map((s) => s.id),
    sections.map((s) => s.id),
    (b, key, _i, earlier) => (earlier ? b.previous?.bySection[key] : b.bySection[key]),
  );
  breakdown(
    '按月',
    months,
    months.map((m) => `${Number(m.slice(5))}月`),
    (b, key, i, earlier) => (earlier ? Object.values(b.previous?.byMonth ?? {})[i] : b.byMonth[key]),
  );
  const units = stats.rollupUnits;
  if (units) {
    // A roll-up: one column per unit (as `units:` lists them), then the project's own events.
    breakdown(
      '按单位',
      units.map((u) => u.name),
      units.map((u) => (u.own ? '本级' : u.place)),
      (b, key, _i, earlier) => (earlier ? b.previous?.byRollupUnit?.[key] : b.byRollupUnit?.[key]),
    );
  }
  const sectionTitles = sections.map((s) => `${s.id} ${s.title}`).join('；');
  lines.push('', chalk.dim(`部分：${sectionTitles}`));
  if (units) lines.push(chalk.dim(`单位：${units.map((u) => (u.own ? `本级 ${u.name}自己的活动` : `${u.place} ${u.name}（${u.folder}）`)).join('；')}`));
  return lines.join('\n');
}

function show(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatAsRead(value);
}

function headerStyle(chalk: ChalkInstance, body: (text: string, row: number, column: number) => string) {
  return (text: string, row: number, column: number) => (row === 0 ? chalk.bold(text) : body(text, row, column));
}
