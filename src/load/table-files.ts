// Load stage: activity logs kept in spreadsheets, activities/<year>/*.xlsx and *.csv, read into the
// same positioned events as a YAML log (activity-table.ts). A CSV file is decoded as the YAML logs
// are (UTF-8 with or without BOM, GBK/GB18030, UTF-16), since Excel on Chinese Windows saves CSV
// as GBK and its “Unicode text” as UTF-16.

import { activityTableSource, type MetricHeaders } from './activity-table.js';
import { readCsvRows, unclosedQuoteProblem } from './csv-rows.js';
import { projectPath } from './display-path.js';
import { MAX_FILE_BYTES, readInputFile, unreadableFile } from './project.js';
import { decodeSource } from './source-text.js';
import { readWorkbook } from './xlsx-reader.js';
import type { YamlSource } from './yaml-source.js';

export const TABLE_FILE = /\.(xlsx|xls|csv)$/i;
/**
 * An .xlsx file is compressed: 100 000 events take about 6 MB (the bench's), so the bound on a
 * workbook's size is larger than that on a text log; what it may unpack to is bounded in xlsx-reader.ts.
 */
export const MAX_WORKBOOK_BYTES = 32 * 1024 * 1024;

export function loadActivityTable(filePath: string, metrics: MetricHeaders, base: string): YamlSource {
  const input = readInputFile(filePath, projectPath(base, filePath), tableFileLimit(filePath));
  if (input.tooLarge) return unreadableFile(input.file, [input.tooLarge]);
  return tableLogSource(input.file, input.bytes, metrics);
}

const CSV_FILE = /\.csv$/i;

/** The most bytes read of a table log: a workbook is compressed, a CSV file is text like a YAML log. */
export function tableFileLimit(filePath: string): number {
  return CSV_FILE.test(filePath) ? MAX_FILE_BYTES : MAX_WORKBOOK_BYTES;
}

/** A table log's events from its bytes (`file` as messages name it, which tells CSV from a workbook). */
export function tableLogSource(file: string, bytes: Uint8Array, metrics: MetricHeaders): YamlSource {
  if (CSV_FILE.test(file)) {
    const decoded = decodeSource(file, bytes);
    if (decoded.readable === false) return unreadableFile(file, decoded.diagnostics);
    const csv = readCsvRows(file, decoded.text);
    if (!csv.rows) {
      return unreadableFile(file, [...decoded.diagnostics, unclosedQuoteProblem(csv.unclosedQuote)]);
    }
    const rows = csv.rows.map((row) => ({ line: row.position.line, cells: row.cells.map((cell) => ({ column: cell.position.column, value: { kind: 'text' as const, text: cell.text } })) }));
    const source = activityTableSource(file, [{ rows }], metrics);
    source.diagnostics.unshift(...decoded.diagnostics);
    return source;
  }
  const workbook = readWorkbook(bytes);
  if (workbook.problem) return unreadableFile(file, [{ file, line: 1, column: 1, severity: 'error', ...workbook.problem }]);
  return activityTableSource(
    file,
    workbook.sheets.map((sheet) => ({ sheet: sheet.name, hidden: sheet.hidden, rows: sheet.rows, merged: sheet.merged })),
    metrics,
  );
}

/** The metrics a column may name, from summarize.yaml as written (it is validated later). */
export function metricHeaders(config: YamlSource): MetricHeaders {
  const metrics = (config.value as { metrics?: unknown } | null | undefined)?.metrics;
  if (!Array.isArray(metrics)) return undefined;
  return metrics.flatMap((m: unknown) => {
    const { id, label } = (m ?? {}) as { id?: unknown; label?: unknown };
    return typeof id === 'string' ? [{ id, label: typeof label === 'string' ? label : id }] : [];
  });
}
