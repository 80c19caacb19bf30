// Load stage: metrics/<year>.csv, standalone figures exported from a spreadsheet. The file becomes
// the same shape as metrics/<year>.yaml (metric id → value, with positions), so the validate stage
// checks both with one schema and one set of rules: unknown metric ids, non-numbers, negatives.
//
// Format (RFC 4180, read by csv-rows.ts): a header row naming at least a `metric` column (also
// `id`, 指标) and a `value` column (also 数值, 值); other columns (label, note …) are ignored. Blank
// rows and rows whose first cell starts with `#` are skipped. Excel on Chinese Windows saves CSV as
// GBK; decodeSource reads that with a warning.

import type { Diagnostic, SourcePosition } from '../model/diagnostic.js';
import type { YamlSource } from './yaml-source.js';
import { PLAIN_NUMBER, readCsvRows, unclosedQuoteProblem, type CsvRow } from './csv-rows.js';

const METRIC_HEADERS = ['metric', 'id', '指标'];
const VALUE_HEADERS = ['value', '数值', '值'];

export function parseMetricsCsv(file: string, text: string): YamlSource {
  const diagnostics: Diagnostic[] = [];
  const problem = (position: SourcePosition, code: string, message: string, hint?: string): void => {
    diagnostics.push({ ...position, severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };
  const { rows, unclosedQuote } = readCsvRows(file, text);
  if (!rows) {
    diagnostics.push(unclosedQuoteProblem(unclosedQuote));
    return source(file, undefined, new Map(), diagnostics);
  }
  const content = rows.filter((row) => !isBlank(row) && !row.cells[0]!.text.trimStart().startsWith('#'));
  const header = content[0];
  if (!header) return source(file, null, new Map(), diagnostics);

  const names = header.cells.map((c) => c.text.trim().toLowerCase());
  const metricColumn = names.findIndex((n) => METRIC_HEADERS.includes(n));
  const valueColumn = names.findIndex((n) => VALUE_HEADERS.includes(n));
  if (metricColumn < 0 || valueColumn < 0) {
    const missing = [metricColumn < 0 ? 'metric' : undefined, valueColumn < 0 ? 'value' : undefined].filter(Boolean).join('、');
    problem(header.position, 'csv-missing-column', `CSV 第一行（表头）缺少 ${missing} 列`, '第一行写表头，至少包括 metric,value 两列，例如：metric,value');
    return source(file, undefined, new Map(), diagnostics);
  }

  const value: Record<string, number | string | null> = {};
  const positions = new Map<string, { key: SourcePosition; value: SourcePosition }>();
  for (const row of content.slice(1)) {
    const metricCell = row.cells[metricColumn];
    const valueCell = row.cells[valueColumn];
    const id = metricCell?.text.trim() ?? '';
    if (id === '') {
      problem(metricCell?.position ?? row.position, 'csv-missing-metric', '这一行没有填指标 id', '在 metric 列填写 summarize.yaml 中定义的指标 id，或删除这一行');
      continue;
    }
    const first = positions.get(id);
    if (first) {
      problem(metricCell!.position, 'duplicate-metric', `指标 ${id} 重复填写（第 ${first.key.line} 行已填过）`, '每个指标只填一行，请删除或合并其中一行');
      continue;
    }
    const written = valueCell?.text.trim() ?? '';
    value[id] = written === '' ? null : PLAIN_NUMBER.test(written) ? Number(written) : written;
    positions.set(id, { key: metricCell!.position, value: valueCell?.position ?? metricCell!.position });
  }
  return source(file, value, positions, diagnostics);
}

function source(
  file: string,
  value: unknown,
  positions: Map<string, { key: SourcePosition; value: SourcePosition }>,
  diagnostics: Diagnostic[],
): YamlSource {
  return {
    file,
    value,
    diagnostics,
    locate: (path, options) => {
      const found = path.length > 0 ? positions.get(String(path[0])) : undefined;
      if (!found) return { file, line: 1, column: 1 };
      return options?.key ? found.key : found.value;
    },
  };
}

function isBlank(row: CsvRow): boolean {
  return row.cells.every((c) => c.text.trim() === '');
}
