// Aggregate stage: every question a document, `stats` and `explain` ask of the figures — a
// metric's sum, the number of events, 同比 (yoy), 完成率 (rate), a roll-up's figure per unit, and
// the entries behind a figure — answered here through one rule, so that one metric in one scope
// is the same number wherever it is printed. Pure; the wording of numbers is src/numbers'.
//
// The rule (metricValue), for a metric in a period and a scope (section, theme, tag, roll-up unit):
// 1. Logged on events: when any event from 1 January to the period's end carries the metric, its
//    sum over the scope's events in the period — 0 when none of them carries it.
// 2. Otherwise a standalone figure (metrics/<year>.yaml|csv) of the project the scope belongs to,
//    whatever section, theme or tag narrows it (a figure has no breakdown): the project's own, or
//    with `unit=` the unit's own. A roll-up as a whole has none: figures are not added up across
//    units, since one may be a count and another a rate (`{{figure "id" total=true}}` adds them).
// 3. Otherwise unknown: `sum` prints 0 (a 0 in running text warns), `yoy` prints nothing, `rate`
//    is an error, `perUnit` leaves the unit out, `stats` shows —, `explain` lists no entry.
// The same period a year earlier follows the same rule with that year's events and figures; an
// unknown previous value means no comparison, never a comparison with 0.

import type { Activity, StandaloneFigure } from '../model/activity.js';
import type { SourcePosition } from '../model/diagnostic.js';
import { isEvent, type FigureSource } from '../model/figure.js';
import { completionRate, yearOverYear } from '../numbers/index.js';
import { countEvents, selectEvents, sumMetric, type Aggregates, type EventFilter, type TracedValue } from './aggregate.js';
import type { RollupUnitFigures } from './rollup.js';

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

/** The rule above; undefined when the metric is unknown in that period and scope. */
export function metricValue(
  aggregates: Aggregates,
  metricId: string,
  filter: EventFilter = {},
  events: readonly Activity[] = aggregates.activities,
): MetricValue | undefined {
  if (metricsLogged(aggregates.yearToDate).has(metricId)) {
    return { ...sumMetric(selectEvents(events, filter), metricId), origin: 'events' };
  }
  const figure = figuresOf(aggregates, filter)?.[metricId];
  return figure ? { value: figure.value, sources: [figure], origin: 'figure' } : undefined;
}

/**
 * The metrics any of the events carries. Asked once per helper call ({{sum}}, {{yoy}}, …): scanning
 * the year's events each time was a third of a 100k roll-up's render.
 */
const loggedMetrics = new WeakMap<readonly Activity[], ReadonlySet<string>>();

function metricsLogged(events: readonly Activity[]): ReadonlySet<string> {
  let logged = loggedMetrics.get(events);
  if (!logged) {
    const ids = new Set<string>();
    for (const event of events) for (const id in event.metrics) ids.add(id);
    logged = ids;
    loggedMetrics.set(events, logged);
  }
  return logged;
}

/** The standalone figures of the project a scope belongs to; none for a roll-up as a whole. */
function figuresOf(aggregates: Aggregates, filter: EventFilter): Record<string, StandaloneFigure> | undefined {
  if (filter.rollupUnit === null || !aggregates.rollupUnits) return aggregates.figures;
  if (filter.rollupUnit === undefined) return undefined;
  return aggregates.rollupUnits.find((u) => u.name === filter.rollupUnit)?.figures;
}

/** `{{sum}}`: the metric's value, 0 (from no entry) when it is unknown. */
export function metricSum(aggregates: Aggregates, metricId: string, filter: EventFilter = {}): MetricValue {
  return metricValue(aggregates, metricId, filter) ?? { value: 0, sources: [], origin: 'events' };
}

/** `{{count}}`: the events in scope. */
export function eventCount(aggregates: Aggregates, filter: EventFilter = {}): TracedValue {
  return countEvents(selectEvents(aggregates.activities, filter));
}

/** `{{yoy}}`: undefined when either year's value is unknown or last year's is 0 (no base to compare with). */
export function compareWithPreviousYear(aggregates: Aggregates, metricId: string, filter: EventFilter = {}): Comparison | undefined {
  const current = metricValue(aggregates, metricId, filter);
  const previous = aggregates.previous && metricValue(aggregates.previous, metricId, filter);
  if (!current || !previous) return undefined;
  const text = yearOverYear(previous.value, current.value);
  if (text === undefined) return undefined;
  return { current, previous, change: (current.value - previous.value) / previous.value, text };
}

/**
 * `{{rate}}`: a year's target against what is done from 1 January to the period's end, over the
 * whole project (targets are set for the year, not per theme). Undefined when the metric has no
 * value or the target is not positive.
 */
export function completion(aggregates: Aggregates, metricId: string, target: number): Completion | undefined {
  const actual = metricValue(aggregates, metricId, {}, aggregates.yearToDate);
  if (!actual) return undefined;
  const text = completionRate(actual.value, target);
  if (text === undefined) return undefined;
  return { actual, target, ratio: actual.value / target, text };
}

export interface UnitValue {
  unit: RollupUnitFigures;
  /** The scope the value was taken in: the one asked for, narrowed to the unit. */
  filter: EventFilter;
  value: TracedValue;
}

/**
 * `{{perUnit}}`: each unit of a roll-up (and, with `own`, the including project's own level), in
 * the order `units:` lists them, with the metric's value in `scope` narrowed to the unit — or the
 * number of its events when no metric is given. Units whose value is unknown are left out.
 */
export function perUnitValues(aggregates: Aggregates, metricId: string | undefined, scope: EventFilter, own: boolean): UnitValue[] {
  return (aggregates.rollupUnits ?? [])
    .filter((unit) => !unit.own || own)
    .flatMap((unit) => {
      const filter = { ...scope, rollupUnit: unit.own ? null : unit.name };
      const value = metricId === undefined ? eventCount(aggregates, filter) : metricValue(aggregates, metricId, filter);
      return value ? [{ unit, filter, value }] : [];
    });
}

/** One log entry (or metrics-file line) behind a figure, as `explain` and figures.json list it. */
export interface SourceEntry {
  file: string;
  /** For a workbook (.xlsx): the worksheet; `line` is then the row. */
  sheet?: string;
  line: number;
  column: number;
  /** For an event: its date and title. */
  date?: string;
  title?: string;
  /** What this entry contributes: the metric's value on the event, 1 for a counted event, or the standalone figure. */
  value?: number;
}

export interface Explanation {
  metricId?: string;
  /** events: a sum over logged events; figure: metrics/<year>.*; count: number of events. */
  origin: MetricOrigin | 'count';
  entries: SourceEntry[];
  total: number;
  /** The same figure for the same period a year earlier, when known. */
  previous?: { total: number; entries: number };
  /** The metric has no value in this period and scope (rule 3): `sum` prints 0, `yoy` nothing. */
  unknown?: true;
}

/** `explain`: the entries of `{{sum}}` (or, `metricId` undefined, of `{{count}}`) in a scope. */
export function explainMetric(aggregates: Aggregates, metricId: string | undefined, filter: EventFilter = {}): Explanation {
  const explainIn = (agg: Aggregates): Explanation | undefined => {
    if (metricId === undefined) {
      const { value, sources } = eventCount(agg, filter);
      // Each counted event adds 1, which `explain` prints beside it.
      return { origin: 'count', entries: sources.map((source) => ({ ...sourceEntry(source, undefined), value: 1 })), total: value };
    }
    const found = metricValue(agg, metricId, filter);
    if (!found) return undefined;
    return { metricId, origin: found.origin, entries: found.sources.map((source) => sourceEntry(source, metricId)), total: found.value };
  };
  const current = explainIn(aggregates) ?? { ...(metricId ? { metricId } : {}), origin: 'events' as const, entries: [], total: 0, unknown: true as const };
  const previous = aggregates.previous && explainIn(aggregates.previous);
  return previous ? { ...current, previous: { total: previous.total, entries: previous.entries.length } } : current;
}

/** An entry as figures.json and `explain` list it: an event with its value of `metricId` (none when events are counted), or a standalone figure. */
export function sourceEntry(source: FigureSource, metricId: string | undefined): SourceEntry {
  return isEvent(source) ? eventEntry(source, metricId === undefined ? undefined : source.metrics[metricId]) : figureEntry(source);
}

function entryAt({ file, sheet, line, column }: SourcePosition): SourceEntry {
  return { file, ...(sheet !== undefined ? { sheet } : {}), line, column };
}

function eventEntry(event: Activity, value: number | undefined): SourceEntry {
  return { ...entryAt(event.source), date: event.date, title: event.title, ...(value !== undefined ? { value } : {}) };
}

function figureEntry(figure: StandaloneFigure): SourceEntry {
  return { ...entryAt(figure.source), value: figure.value };
}
