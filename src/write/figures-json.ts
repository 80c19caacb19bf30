// Write stage: the audit sidecar (bulletin.figures.json beside bulletin.docx; names in
// output-names.ts). It is read off the same document model the writers print, after any script
// conversion, so each record's `printed` is the page's wording. The office that checks a document
// before release checks every number against the log lines it came from.

import { printedFigures, type DocumentModel } from '../model/document.js';
import { isEvent, type Figure, type FigureSource } from '../model/figure.js';
import { sourceEntry, type SourceEntry } from '../aggregate/query.js';

/** A record of the sidecar's `figures`, as a reader parses it. */
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

/** The entries a figure was computed from, sorted by file and line; files named from the project's folder, as positions name them. */
export function figureSources(figure: Figure): SourceEntry[] {
  return figure.sources.map((source) => sourceEntry(source, figure.metric)).sort(compareEntries);
}

/**
 * The sidecar's text: every figure the document prints — as printed, its value, what it counts —
 * with the entries it was computed from, paths relative to the project's folder (as positions name
 * files, whatever folder the command runs in). The same figure printed the
 * same way is one record (with its `occurrences`); records are sorted by what they count, then by
 * the printed text, sources by file and line, so the file is the same for the same input (no
 * timestamps).
 */
export function figuresJson(model: DocumentModel, meta: { period: string; kind: string }): Buffer {
  // A year's figures name every contributing entry (a million at city scale): one path written
  // per file, not per entry, and one line per entry, which keeps the file readable and diffable
  // at a third of the size of fully indented JSON. The entry lines are written as text straight
  // from the events (entryJson), and a record is told from another by that text: building an
  // object per entry and stringifying it twice cost ~20 µs an entry, most of a 10k watch rebuild.
  // Records are found by what is printed and by their sources' text in two steps: one key made
  // of both would be a copy of the sources' text (megabytes for a year's total at 100k events),
  // kept for every record.
  const sourcesText = sourcesWriter();
  type AuditText = { printed: string; figure: Figure; occurrences: number; sources: string };
  const records: AuditText[] = [];
  const byPrinting = new Map<string, Map<string, AuditText>>();
  for (const { printed, figure } of printedFigures(model)) {
    const sources = sourcesText(figure);
    const printing = JSON.stringify([printed, figure.value, figure.counts, figure.metric]);
    let bySources = byPrinting.get(printing);
    if (!bySources) byPrinting.set(printing, (bySources = new Map()));
    const seen = bySources.get(sources);
    if (seen) {
      seen.occurrences++;
    } else {
      const record = { printed, figure, occurrences: 1, sources };
      bySources.set(sources, record);
      records.push(record);
    }
  }
  // The file is encoded piece by piece into one buffer: a string of it all (and of each record)
  // would be one more copy of every entry line, in UTF-16.
  const pieces = [`{\n  "period": ${JSON.stringify(meta.period)},\n  "document": ${JSON.stringify(meta.kind)},\n  "figures": [`];
  records
    .sort((a, b) => compareText(a.figure.counts, b.figure.counts) || compareText(a.printed, b.printed) || a.figure.value - b.figure.value)
    .forEach(({ printed, figure, occurrences, sources }, index) => {
      const fields: [string, string | number][] = [['printed', printed], ['value', figure.value], ['counts', figure.counts]];
      if (figure.metric !== undefined) fields.push(['metric', figure.metric]);
      fields.push(['occurrences', occurrences]);
      const lines = fields.map(([key, value]) => `      ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
      pieces.push(`${index === 0 ? '' : ','}\n    {\n${lines.join('\n')}\n`);
      pieces.push(...(sources === '' ? ['      "sources": []'] : ['      "sources": [\n', sources, '\n      ]']), '\n    }');
    });
  pieces.push(records.length === 0 ? ']\n}\n' : '\n  ]\n}\n');
  const bytes = Buffer.allocUnsafe(pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0));
  pieces.reduce((offset, piece) => offset + bytes.write(piece, offset), 0);
  return bytes;
}

/**
 * A figure's entries as the sidecar's lines, sorted as figureSources sorts them. A figure printed
 * more than once (and 同比's current year, the same events as the sum beside it) is written once.
 */
function sourcesWriter(): (figure: Figure) => string {
  const fileJson = new Map<string, string>();
  const written = new Map<readonly FigureSource[], Map<string | undefined, string>>();
  const lineOf = (source: FigureSource, metric: string | undefined) => {
    const { file, sheet, line, column } = source.source;
    let nameJson = fileJson.get(file);
    if (nameJson === undefined) {
      nameJson = JSON.stringify(file);
      fileJson.set(file, nameJson);
    }
    return { file, sheet, line, column, text: `        ${entryJson(source, metric, nameJson)}` };
  };
  return ({ sources, metric }) => {
    let byMetric = written.get(sources);
    if (!byMetric) written.set(sources, (byMetric = new Map()));
    let text = byMetric.get(metric);
    if (text === undefined) {
      text = sources
        .map((source) => lineOf(source, metric))
        .sort(compareEntries)
        .map((entry) => entry.text)
        .join(',\n');
      byMetric.set(metric, text);
    }
    return text;
  };
}

/**
 * `JSON.stringify(sourceEntry(source, metric))` with the file already written as `fileJson`, the
 * same keys in the same order, without the object (test/write/figures-json.test.ts holds the two equal).
 */
export function entryJson(source: FigureSource, metric: string | undefined, fileJson: string): string {
  const value = isEvent(source) ? (metric === undefined ? undefined : source.metrics[metric]) : source.value;
  return `{"file":${fileJson}${entryFields(source)}${field('value', value)}}`;
}

/**
 * Loaded events and figures are never changed after loading, and watch and preview rebuilds keep
 * those of unchanged logs (src/cache/), so an entry's fields between its file and its value (its
 * title escaped for JSON the costliest) are written once per entry, not once per figure and build.
 */
const fieldsOfEntry = new WeakMap<FigureSource, string>();

function entryFields(source: FigureSource): string {
  let fields = fieldsOfEntry.get(source);
  if (fields === undefined) {
    const { sheet, line, column } = source.source;
    fields = `${field('sheet', sheet)}${field('line', line)}${field('column', column)}`;
    if (isEvent(source)) fields += `${field('date', source.date)}${field('title', source.title)}`;
    fieldsOfEntry.set(source, fields);
  }
  return fields;
}

/** `,"key":value` as JSON.stringify writes a property, nothing for an undefined one. */
function field(key: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return `,"${key}":${typeof value === 'number' ? jsonNumber(value) : JSON.stringify(value)}`;
}

/** As JSON.stringify writes a number: ToString for a finite one, null otherwise. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

function compareEntries(a: Pick<SourceEntry, 'file' | 'sheet' | 'line' | 'column'>, b: Pick<SourceEntry, 'file' | 'sheet' | 'line' | 'column'>): number {
  return compareText(a.file, b.file) || compareText(a.sheet ?? '', b.sheet ?? '') || a.line - b.line || a.column - b.column;
}

/** Code-point order, not locale order: the same bytes on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
