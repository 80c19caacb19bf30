// Aggregate stage: where figures come from. `explain` lists the entries behind one metric; the
// audit sidecar (figures.json) maps each figure printed in a document to the entries it was
// computed from, so the office that checks a document before release can check every number
// against the log line it came from. Pure: positions are looked up in the aggregates.

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

/** A figure as the render stage recorded it (render's FigureUse has this shape). */
export interface PrintedFigure {
  description: string;
  value: number;
  printed: string;
  sources: readonly SourcePosition[];
  metric?: string;
}

export interface AuditRecord {
  /** As printed in the document: 26, 1.1万余, 同比增长12.5%. */
  printed: string;
  value: number;
  /** What the figure counts. */
  counts: string;
  metric?: string;
  /** How many times the document prints this figure with this wording. */
  occurrences: number;
  sources: SourceEntry[];
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

/**
 * The audit records for the figures a document printed: the same figure printed the same way is
 * one record; records are sorted by what they count, then by the printed text, so the file is the
 * same for the same input (no timestamps). `fileName` rewrites paths (relative to the project).
 */
export function auditFigures(
  printed: readonly PrintedFigure[],
  aggregates: Aggregates,
  fileName: (file: string) => string = (f) => f,
): AuditRecord[] {
  const lookup = sourceIndex(aggregates);
  const records = new Map<string, AuditRecord>();
  for (const use of printed) {
    const sources = use.sources
      .map((position) => {
        const found = lookup.get(positionKey(position));
        const entry: SourceEntry =
          found === undefined
            ? entryAt(position)
            : 'id' in found
              ? figureEntry(found)
              : eventEntry(found, use.metric === undefined ? undefined : found.metrics[use.metric]);
        return { ...entry, file: fileName(entry.file) };
      })
      .sort(compareEntries);
    const record: AuditRecord = {
      printed: use.printed,
      value: use.value,
      counts: use.description,
      ...(use.metric !== undefined ? { metric: use.metric } : {}),
      occurrences: 1,
      sources,
    };
    const key = JSON.stringify([record.printed, record.value, record.counts, record.metric, sources]);
    const seen = records.get(key);
    if (seen) seen.occurrences++;
    else records.set(key, record);
  }
  return [...records.values()].sort(
    (a, b) => compareText(a.counts, b.counts) || compareText(a.printed, b.printed) || a.value - b.value,
  );
}

function sourceIndex(aggregates: Aggregates): Map<string, Activity | StandaloneFigure> {
  const index = new Map<string, Activity | StandaloneFigure>();
  for (let agg: Aggregates | undefined = aggregates; agg; agg = agg.previous) {
    for (const event of [...agg.yearToDate, ...agg.activities]) index.set(positionKey(event.source), event);
    for (const figure of Object.values(agg.figures)) index.set(positionKey(figure.source), figure);
  }
  return index;
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

function positionKey(p: SourcePosition): string {
  return `${p.file}\u0000${p.sheet ?? ''}\u0000${p.line}\u0000${p.column}`;
}

function compareEntries(a: SourceEntry, b: SourceEntry): number {
  return compareText(a.file, b.file) || compareText(a.sheet ?? '', b.sheet ?? '') || a.line - b.line || a.column - b.column;
}

/** Code-point order, not locale order: the same bytes on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
