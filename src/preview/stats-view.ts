// Preview: the stats view — the numbers of `summarize stats` (aggregate/statistics.ts) as pictures
// drawn here as inline SVG: for the events and for each metric, bars by month with last year's
// beside them where known, and totals by section and by reporting unit (and by unit project in a
// roll-up). Every label is escaped; nothing is fetched.

import type { Breakdowns, Statistics } from '../aggregate/statistics.js';
import { escapeHtml } from '../write/html.js';

const MONTH_CHART = { width: 560, height: 180, top: 16, bottom: 28, left: 44, right: 8 };
const BAR_ROW = 22;
const BAR_LABEL_WIDTH = 150;
/** Characters of an 11 px label that fit BAR_LABEL_WIDTH. */
const LABEL_CHARS = 12;
const BAR_CHART_WIDTH = 560;

export function statsHtml(stats: Statistics, sectionTitles: Record<string, string>): string {
  const previous = stats.previousPeriod;
  const heading = `${stats.period.label}（${stats.period.start} 至 ${stats.period.end}）${previous ? `，浅色为上年同期 ${previous.label}` : '，没有上一年的记录'}`;
  const blocks = [
    chartBlock('活动条数', '条', stats.events.total, stats.events, stats.events.previous, sectionTitles, {}),
    ...stats.metrics.map((m) =>
      chartBlock(`${m.label}（${m.id}）`, m.unit, m.value, m, m.previous, sectionTitles, m.byUnit, m.origin === 'figure' ? '统计数，取自 metrics 文件' : undefined),
    ),
  ];
  return `<section class="sz-stats"><p class="sz-stats-period">${escapeHtml(heading)}</p>\n${blocks.join('\n')}</section>\n`;
}

function chartBlock(
  title: string,
  unit: string,
  value: number | null,
  current: Breakdowns,
  previous: Breakdowns | null,
  sectionTitles: Record<string, string>,
  byUnit: Record<string, number>,
  note?: string,
): string {
  const total = value === null ? '—' : `${value.toLocaleString('en-US')} ${unit}`;
  const bySection = Object.fromEntries(Object.entries(current.bySection).map(([id, n]) => [sectionTitles[id] ?? id, n]));
  const heading = `<h3>${escapeHtml(title)} <span class="sz-stats-total">${escapeHtml(total)}</span>${note ? ` <span class="sz-stats-note">${escapeHtml(note)}</span>` : ''}</h3>`;
  // A figure typed into a metrics file has no months, sections or units to draw.
  if (Object.values(current.byMonth).every((n) => n === 0) && !previous?.byMonth) return `<div class="sz-stats-metric">${heading}</div>`;
  const parts = [
    heading,
    monthBars(current.byMonth, previous?.byMonth, unit),
    `<div class="sz-stats-row">${horizontalBars('按部分', bySection, unit)}${Object.keys(byUnit).length > 0 ? horizontalBars('按填报单位', byUnit, unit) : ''}${current.byRollupUnit ? horizontalBars('按汇总单位', current.byRollupUnit, unit) : ''}</div>`,
  ];
  return `<div class="sz-stats-metric">${parts.join('\n')}</div>`;
}

/** One group per month: this period's bar, last year's (lighter) beside it when known. */
export function monthBars(months: Record<string, number>, previous: Record<string, number> | undefined, unit: string): string {
  const { width, height, top, bottom, left, right } = MONTH_CHART;
  const keys = Object.keys(months);
  const previousValues = previous ? Object.values(previous) : [];
  const max = Math.max(1, ...Object.values(months), ...previousValues);
  const plotHeight = height - top - bottom;
  const slot = (width - left - right) / Math.max(1, keys.length);
  const barWidth = previous ? slot * 0.36 : slot * 0.6;
  const y = (n: number) => top + plotHeight - (n / max) * plotHeight;
  const shapes: string[] = [
    `<line class="sz-axis" x1="${left}" y1="${top + plotHeight}" x2="${width - right}" y2="${top + plotHeight}"/>`,
    `<text class="sz-tick" x="${left - 4}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text class="sz-tick" x="${left - 4}" y="${top + plotHeight}" text-anchor="end">0</text>`,
  ];
  keys.forEach((month, index) => {
    const x = left + index * slot + (slot - barWidth * (previous ? 2 : 1)) / 2;
    const label = `${Number(month.slice(5, 7))}月`;
    // Last year's month has the same number; the period's keys are this year's.
    const earlier = previous ? Object.values(previous)[index] : undefined;
    if (earlier !== undefined) shapes.push(bar('sz-bar-previous', x, y(earlier), barWidth, top + plotHeight - y(earlier), `上年${label}：${earlier} ${unit}`));
    const n = months[month]!;
    shapes.push(bar('sz-bar', x + (earlier !== undefined ? barWidth : 0), y(n), barWidth, top + plotHeight - y(n), `${label}：${n} ${unit}`));
    shapes.push(`<text class="sz-tick" x="${round(left + index * slot + slot / 2)}" y="${height - 10}" text-anchor="middle">${escapeHtml(label)}</text>`);
  });
  return `<svg class="sz-chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${shapes.join('')}</svg>`;
}

/** Totals as horizontal bars, one row per key, in the given order. */
export function horizontalBars(title: string, values: Record<string, number>, unit: string): string {
  const entries = Object.entries(values);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const plot = BAR_CHART_WIDTH - BAR_LABEL_WIDTH - 60;
  const height = entries.length * BAR_ROW + 24;
  const rows = entries.map(([key, n], index) => {
    const y = 20 + index * BAR_ROW;
    return (
      `<text class="sz-label" x="${BAR_LABEL_WIDTH - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(shortLabel(key))}<title>${escapeHtml(key)}</title></text>` +
      bar('sz-bar', BAR_LABEL_WIDTH, y + 3, (n / max) * plot, BAR_ROW - 8, `${key}：${n} ${unit}`) +
      `<text class="sz-value" x="${round(BAR_LABEL_WIDTH + (n / max) * plot + 4)}" y="${y + 14}">${n.toLocaleString('en-US')}</text>`
    );
  });
  return `<svg class="sz-chart" role="img" viewBox="0 0 ${BAR_CHART_WIDTH} ${height}" width="${BAR_CHART_WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg"><text class="sz-chart-title" x="0" y="14">${escapeHtml(title)}</text>${rows.join('')}</svg>`;
}

/** Labels longer than the label column are cut, the whole label kept as the tooltip. */
function shortLabel(label: string): string {
  const chars = [...label];
  return chars.length > LABEL_CHARS ? `${chars.slice(0, LABEL_CHARS - 1).join('')}…` : label;
}

function bar(className: string, x: number, y: number, width: number, height: number, tooltip: string): string {
  return `<rect class="${className}" x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(Math.max(0, height))}"><title>${escapeHtml(tooltip)}</title></rect>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
