// Aggregate stage: where figures come from. `explain` lists the entries behind one metric, in the
// same entry shape the audit sidecar (write/figures-json.ts) gives each printed figure's sources.

import type { Activity, StandaloneFigure } from '../model/activity.js';
import type { SourcePosition } from '../model/diagnostic.js';
import { selectEvents, type Aggregates, type EventFilter } from './aggregate.js';
import { metricValue, type MetricOrigin } from './compare.js';

/** One log entry (or metrics-file line) behind a figure. */
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
}

/** `metricId` undefined: the events themselves are counted. */
export function explainMetric(aggregates: Aggregates, metricId: string | undefined, filter: EventFilter = {}): Explanation {
  const explainIn = (agg: Aggregates): Explanation | undefined => {
    if (metricId === undefined) {
      const events = selectEvents(agg.activities, filter);
      return { origin: 'count', entries: events.map((e) => eventEntry(e, 1)), total: events.length };
    }
    const value = metricValue(agg, metricId, filter);
    if (!value) return undefined;
    if (value.origin === 'figure') {
      return { metricId, origin: 'figure', entries: [figureEntry(agg.figures[metricId]!)], total: value.value };
    }
    const events = selectEvents(agg.activities, filter).filter((e) => metricId in e.metrics);
    return { metricId, origin: 'events', entries: events.map((e) => eventEntry(e, e.metrics[metricId]!)), total: value.value };
  };
  const current = explainIn(aggregates) ?? { ...(metricId ? { metricId } : {}), origin: 'events' as const, entries: [], total: 0 };
  const previous = aggregates.previous && explainIn(aggregates.previous);
  return previous ? { ...current, previous: { total: previous.total, entries: previous.entries.length } } : current;
}

function entryAt({ file, sheet, line, column }: SourcePosition): SourceEntry {
  return { file, ...(sheet !== undefined ? { sheet } : {}), line, column };
}

export function eventEntry(event: Activity, value: number | undefined): SourceEntry {
  return { ...entryAt(event.source), date: event.date, title: event.title, ...(value !== undefined ? { value } : {}) };
}

export function figureEntry(figure: StandaloneFigure): SourceEntry {
  return { ...entryAt(figure.source), value: figure.value };
}
