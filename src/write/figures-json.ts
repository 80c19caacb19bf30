// Write stage: the audit sidecar (bulletin.figures.json beside bulletin.docx; names in
// output-names.ts). It is read off the same document model the writers print, after any script
// conversion, so each record's `printed` is the page's wording. The office that checks a document
// before release checks every number against the log lines it came from.

import path from 'node:path';
import { printedFigures, type DocumentModel } from '../model/document.js';
import type { Figure } from '../model/figure.js';
import { sourceEntry, type SourceEntry } from '../aggregate/query.js';

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

/**
 * The audit records of a document: the same figure printed the same way is one record; records
 * are sorted by what they count, then by the printed text, sources by file and line, so the file
 * is the same for the same input (no timestamps). `fileName` rewrites paths (relative to the project).
 */
export function auditRecords(model: DocumentModel, fileName: (file: string) => string = (f) => f): AuditRecord[] {
  const records = new Map<string, AuditRecord>();
  for (const { printed, figure } of printedFigures(model)) {
    const sources = figureSources(figure, fileName);
    const record: AuditRecord = {
      printed,
      value: figure.value,
      counts: figure.counts,
      ...(figure.metric !== undefined ? { metric: figure.metric } : {}),
      occurrences: 1,
      sources,
    };
    const key = JSON.stringify([record.printed, record.value, record.counts, record.metric, sources]);
    const seen = records.get(key);
    if (seen) seen.occurrences++;
    else records.set(key, record);
  }
  return [...records.values()].sort((a, b) => compareText(a.counts, b.counts) || compareText(a.printed, b.printed) || a.value - b.value);
}

/** The entries a figure was computed from, sorted by file and line; `fileName` rewrites paths. */
export function figureSources(figure: Figure, fileName: (file: string) => string = (f) => f): SourceEntry[] {
  return figure.sources
    .map((source): SourceEntry => {
      const entry = sourceEntry(source, figure.metric);
      return { ...entry, file: fileName(entry.file) };
    })
    .sort(compareEntries);
}

/** Paths relative to the project folder, with `/`, as figures.json names files; each path worked out once. */
export function projectRelative(root: string): (file: string) => string {
  const relativePaths = new Map<string, string>();
  return (file) => {
    let relativePath = relativePaths.get(file);
    if (relativePath === undefined) {
      relativePath = path.relative(root, path.resolve(file)).split(path.sep).join('/');
      relativePaths.set(file, relativePath);
    }
    return relativePath;
  };
}

/**
 * The sidecar's text: every figure the document prints — as printed, its value, what it counts —
 * with the entries it was computed from, paths relative to `root`.
 */
export function figuresJson(model: DocumentModel, meta: { period: string; kind: string; root: string }): string {
  // A year's figures name every contributing entry (a million at city scale): one relative path
  // per file, not per entry, and one line per entry, which keeps the file readable and diffable
  // at a third of the size of fully indented JSON.
  const relative = projectRelative(meta.root);
  const records = auditRecords(model, relative).map(({ sources, ...figure }) => {
    const entries = sources.map((entry) => `        ${JSON.stringify(entry)}`).join(',\n');
    const fields = Object.entries(figure).map(([key, value]) => `      ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    return ['    {', ...fields, entries === '' ? '      "sources": []' : `      "sources": [\n${entries}\n      ]`, '    }'].join('\n');
  });
  const header = `  "period": ${JSON.stringify(meta.period)},\n  "document": ${JSON.stringify(meta.kind)},`;
  return `{\n${header}\n  "figures": [${records.length === 0 ? ']' : `\n${records.join(',\n')}\n  ]`}\n}\n`;
}

function compareEntries(a: SourceEntry, b: SourceEntry): number {
  return compareText(a.file, b.file) || compareText(a.sheet ?? '', b.sheet ?? '') || a.line - b.line || a.column - b.column;
}

/** Code-point order, not locale order: the same bytes on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
