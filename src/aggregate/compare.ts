// Aggregate stage: a metric's value in a scope, and that value compared — with the same period a
// year earlier (同比) and with the year's target (完成率). Pure; the phrasing is src/numbers'.
//
// Which value a metric takes: when any event from 1 January to the period's end carries the metric
// (it is logged on events that year), the sum over the period's events in scope — 0 if none of
// them carries it; otherwise the standalone figure from metrics/<year>.yaml|csv; otherwise the
// metric is unknown for that year. An unknown previous value means no comparison, never a
// comparison with 0. In a roll-up, a figure is the including project's own, or with `unit=` the
// unit's own: figures are not added up across units (one may be a count, another a rate).

import type { StandaloneFigure } from '../model/activity.js';
import { parsePeriod, type Period } from '../model/period.js';
import { completionRate, yearOverYear } from '../numbers/index.js';
import { selectEvents, sumMetric, type Aggregates, type EventFilter, type TracedValue } from './aggregate.js';
import type { Activity } from '../model/activity.js';

export type MetricOrigin = 'events' | 'figure';

export interface MetricValue extends TracedValue {
  origin: MetricOrigin;
}

export interface Comparison {
  current: MetricValue;
  previous: MetricValue;
  /** (current − previous) / previous. */
  change: number;
  /** 同比增长12.5% / 同比下降3.0% / 持平. */
  text: string;
}

export interface Completion {
  actual: MetricValue;
  target: number;
  /** actual / target. */
  ratio: number;
  /** 完成率104.2%. */
  text: string;
}

/** The same period one year earlier: 2024-Q3 → 2023-Q3, 2024H1 → 2023H1, 2024-02 → 2023-02. */
export function previousPeriod(period: Period): Period {
  return parsePeriod(`${period.year - 1}${period.label.slice(4)}`);
}

export function metricValue(
  aggregates: Aggregates,
  metricId: string,
  filter: EventFilter = {},
  events: readonly Activity[] = aggregates.activities,
): MetricValue | undefined {
  if (aggregates.yearToDate.some((a) => metricId in a.metrics)) {
    return { ...sumMetric(selectEvents(events, filter), metricId), origin: 'events' };
  }
  const figure: StandaloneFigure | undefined = figuresOf(aggregates, filter)[metricId];
  if (figure) return { value: figure.value, sources: [figure], origin: 'figure' };
  return undefined;
}

/** The standalone figures in a filter's reach: a roll-up unit's own when `unit=` names one. */
function figuresOf(aggregates: Aggregates, filter: EventFilter): Record<string, StandaloneFigure> {
  if (filter.rollupUnit === undefined || filter.rollupUnit === null) return aggregates.figures;
  return aggregates.rollupUnits?.find((u) => u.name === filter.rollupUnit)?.figures ?? {};
}

/** Undefined when either year's value is unknown or last year's is 0 (no base to compare with). */
export function compareWithPreviousYear(aggregates: Aggregates, metricId: string, filter: EventFilter = {}): Comparison | undefined {
  const current = metricValue(aggregates, metricId, filter);
  const previous = aggregates.previous && metricValue(aggregates.previous, metricId, filter);
  if (!current || !previous) return undefined;
  const text = yearOverYear(previous.value, current.value);
  if (text === undefined) return undefined;
  return { current, previous, change: (current.value - previous.value) / previous.value, text };
}

/**
 * A year's target against what is done from 1 January to the period's end, over the whole
 * organisation (targets are set for the year, not per theme). Undefined when the metric has no
 * value or the target is not positive.
 */
export function completion(aggregates: Aggregates, metricId: string, target: number): Completion | undefined {
  const actual = metricValue(aggregates, metricId, {}, aggregates.yearToDate);
  if (!actual) return undefined;
  const text = completionRate(actual.value, target);
  if (text === undefined) return undefined;
  return { actual, target, ratio: actual.value / target, text };
}
