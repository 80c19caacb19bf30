// Aggregate stage: every metric's total for a period — overall, by section, theme, month,
// reporting unit and (in a roll-up) unit project — with the same period a year earlier and the
// year's target beside it. This is what `summarize stats` prints and what `stats --json` gives CI
// and spreadsheets. Pure.

import { targetFor, type ProjectConfig } from '../model/config.js';
import type { Period } from '../model/period.js';
import { yearOverYear } from '../numbers/index.js';
import type { Aggregates, Totals } from './aggregate.js';
import { compareWithPreviousYear, completion, metricValue, type MetricOrigin } from './query.js';

export interface PeriodInfo {
  label: string;
  start: string;
  end: string;
}

export interface Breakdowns {
  /** Every section of summarize.yaml, in its order (0 where nothing was logged). */
  bySection: Record<string, number>;
  /** Every month of the period, YYYY-MM (0 where nothing was logged). */
  byMonth: Record<string, number>;
  /**
   * A roll-up only: every unit by organisation name, in the order `units:` lists them, then the
   * including project's own events under its own name (0 where nothing was logged).
   */
  byRollupUnit?: Record<string, number>;
}

export interface PreviousMetric extends Breakdowns {
  origin: MetricOrigin | null;
  /** What the helpers compare with; null when the previous year has no value for the metric. */
  value: number | null;
  total: number;
  figure: number | null;
}

export interface MetricStatistics extends Breakdowns {
  id: string;
  label: string;
  unit: string;
  /** Where `value` comes from: the period's events, or metrics/<year>.yaml|csv; null: neither. */
  origin: MetricOrigin | null;
  /** The metric's value for the whole project, as `sum`, `yoy` and `explain` take it (query.ts's rule). */
  value: number | null;
  /** Sum over the period's events. */
  total: number;
  /** The standalone figure, when metrics/<year>.* has one. */
  figure: number | null;
  /** Keyed section/theme; only themes with a non-zero total. */
  byTheme: Record<string, number>;
  /** Keyed by reporting unit; only units with a non-zero total. */
  byUnit: Record<string, number>;
  /** null when there is no previous year's data at all. */
  previous: PreviousMetric | null;
  yoy: string | null;
  /** (value − previous) / previous, to six decimals. */
  change: number | null;
  target: number | null;
  /** Year to date against the target. */
  rate: string | null;
}

export interface Statistics {
  period: PeriodInfo;
  previousPeriod: PeriodInfo | null;
  events: Breakdowns & {
    total: number;
    previous: (Breakdowns & { total: number }) | null;
    yoy: string | null;
  };
  metrics: MetricStatistics[];
  /** A roll-up only: the keys of byRollupUnit, in order, with how tables name them. */
  rollupUnits?: { name: string; short: string; place: string; folder: string; own: boolean }[];
}

export function statistics(config: ProjectConfig, aggregates: Aggregates): Statistics {
  const previous = aggregates.previous;
  const sections = config.sections.map((s) => s.id);
  const events = {
    total: aggregates.total.count,
    ...breakdowns(aggregates, sections, (t) => t.count),
    previous: previous ? { total: previous.total.count, ...breakdowns(previous, sections, (t) => t.count) } : null,
    yoy: previous ? (yearOverYear(previous.total.count, aggregates.total.count) ?? null) : null,
  };
  const metrics = config.metrics.map((metric): MetricStatistics => {
    const id = metric.id;
    const ofMetric = (t: Totals) => t.metrics[id] ?? 0;
    const value = metricValue(aggregates, id);
    const comparison = compareWithPreviousYear(aggregates, id);
    const target = targetFor(config.targets, aggregates.period.year, id)?.value;
    const done = target === undefined ? undefined : completion(aggregates, id, target);
    const previousValue = previous && metricValue(previous, id);
    return {
      id,
      label: metric.label,
      unit: metric.unit,
      origin: value?.origin ?? null,
      value: value?.value ?? null,
      total: ofMetric(aggregates.total),
      figure: aggregates.figures[id]?.value ?? null,
      ...breakdowns(aggregates, sections, ofMetric),
      byTheme: nonZero(aggregates.byTheme, ofMetric),
      byUnit: nonZero(aggregates.byUnit, ofMetric),
      previous: previous
        ? {
            origin: previousValue?.origin ?? null,
            value: previousValue?.value ?? null,
            total: ofMetric(previous.total),
            figure: previous.figures[id]?.value ?? null,
            ...breakdowns(previous, sections, ofMetric),
          }
        : null,
      yoy: comparison?.text ?? null,
      change: comparison ? Math.round(comparison.change * 1e6) / 1e6 : null,
      target: target ?? null,
      rate: done?.text ?? null,
    };
  });
  return {
    period: periodInfo(aggregates.period),
    previousPeriod: previous ? periodInfo(previous.period) : null,
    events,
    metrics,
    ...(aggregates.rollupUnits ? { rollupUnits: aggregates.rollupUnits.map(({ name, short, place, folder, own }) => ({ name, short, place, folder, own })) } : {}),
  };
}

/** YYYY-MM of every month the period covers. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  for (let month = Number(period.start.slice(5, 7)); month <= Number(period.end.slice(5, 7)); month++) {
    months.push(`${period.year}-${String(month).padStart(2, '0')}`);
  }
  return months;
}

function breakdowns(aggregates: Aggregates, sections: string[], of: (t: Totals) => number): Breakdowns {
  const zero: Totals = { count: 0, metrics: {} };
  return {
    bySection: Object.fromEntries(sections.map((s) => [s, of(aggregates.bySection[s] ?? zero)])),
    byMonth: Object.fromEntries(monthsOf(aggregates.period).map((m) => [m, of(aggregates.byMonth[m] ?? zero)])),
    ...(aggregates.byRollupUnit ? { byRollupUnit: Object.fromEntries(Object.entries(aggregates.byRollupUnit).map(([name, totals]) => [name, of(totals)])) } : {}),
  };
}

function nonZero(groups: Record<string, Totals>, of: (t: Totals) => number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(groups)
      .map(([key, totals]) => [key, of(totals)] as const)
      .filter(([, value]) => value !== 0),
  );
}

function periodInfo(period: Period): PeriodInfo {
  return { label: period.label, start: period.start, end: period.end };
}
