// Load stage: an activity log kept in a spreadsheet (the worksheets of an .xlsx file, or a .csv
// file), one event a row under a header row, becomes the same list of events as a YAML log, with
// every value's position at its cell. Validation then checks it with the same schema and rules.
//
// Values become what the YAML would hold: dates (real Excel dates, or text typed as 2024-05-04,
// 2024/5/4, 2024年5月4日) the ISO text; tags split on 、，,；; 重点 是/否 a boolean; metric cells
// numbers. Anything that cannot be read that way is passed on as typed, for the schema to report
// at its cell (a metric of “26场” is a number-with-unit problem, as in YAML). Empty rows are
// skipped; rows above the header (a title row) are ignored. Problems of the sheet itself (no
// header, an unknown or missing column, an Excel error value, merged cells, hidden sheets) are
// reported here.

import { type Diagnostic, type SourcePosition, type TableRowContext, shortened } from '../model/diagnostic.js';
import { CODES_SHEET, LOG_COLUMNS, TAG_SEPARATORS, type LogColumn } from '../model/log-columns.js';
import type { CellRange, CellValue, WorksheetRow as TableRow } from './xlsx-reader.js';
import type { YamlPath, YamlSource } from './yaml-source.js';
import { PLAIN_NUMBER } from './csv-rows.js';
import { writtenDateAsIso } from '../numbers/index.js';

/** One worksheet, or the whole of a CSV file (no sheet name; a row's line is the line it starts on). */
export interface Table {
  sheet?: string;
  hidden?: boolean;
  rows: TableRow[];
  merged?: CellRange[];
}

/** A metric as a column may name it: by id or by label. */
export interface MetricHeader {
  id: string;
  label: string;
}

/**
 * The metrics a log's columns may name, from summarize.yaml; undefined when summarize.yaml does
 * not say (it cannot be read, or its `metrics:` is no list). A column that names no field is then
 * not reported as unknown: it may well be a metric, and the problem is summarize.yaml's, reported
 * there, not one per column of every spreadsheet log.
 */
export type MetricHeaders = readonly MetricHeader[] | undefined;

type Column = { kind: 'field'; column: LogColumn } | { kind: 'metric'; id: string };

/** A title row or two may stand above the header; a header further down is not looked for. */
const HEADER_SEARCH_ROWS = 10;
/** Cells shown in a problem's code frame are cut to this many characters. */
const FRAME_CELL_LENGTH = 16;

interface ReadRow {
  table: Table;
  row: TableRow;
  header: TableRow;
  columns: Map<number, Column>;
}

export function activityTableSource(file: string, tables: readonly Table[], metrics: MetricHeaders): YamlSource {
  const diagnostics: Diagnostic[] = [];
  const at = (table: Table, line: number, column: number): SourcePosition => ({ file, line, column, ...(table.sheet !== undefined ? { sheet: table.sheet } : {}) });
  const problem = (position: SourcePosition, severity: Diagnostic['severity'], code: string, message: string, hint: string): void => {
    diagnostics.push({ ...position, severity, code, message, hint });
  };
  const events: Record<string, unknown>[] = [];
  const read: ReadRow[] = [];
  const withoutHeader: Table[] = [];
  let logTables = 0;
  for (const table of tables) {
    // The logging workbook's list of ids and titles, which its drop-downs read.
    if (table.sheet === CODES_SHEET) continue;
    if (table.hidden) {
      if (table.rows.length > 0) {
        problem(at(table, 1, 1), 'warning', 'hidden-sheet', `工作表“${table.sheet}”是隐藏的，没有读取`, '要计入其中的记录，请在 Excel 或 WPS 中取消隐藏（右键工作表标签 → 取消隐藏）');
      }
      continue;
    }
    const header = findHeader(table.rows, metrics);
    if (!header) {
      if (table.rows.length > 0) withoutHeader.push(table);
      continue;
    }
    logTables++;
    const columns = headerColumns(table, header, metrics, (column, code, message, hint) => problem(at(table, header.line, column), 'error', code, message, hint));
    if (!columns) continue;
    mergedCellsInRows(table, header.line, (range) =>
      problem(at(table, range.firstRow, range.firstColumn), 'error', 'merged-cells', `单元格 ${range.ref} 是合并的：合并后只有第一格有值，其余各行会缺少这一项`, '取消合并单元格，在每一行都填上'),
    );
    for (const row of table.rows) {
      if (row.line <= header.line) continue;
      const event = rowEvent(row, columns, (column, code, message, hint) => problem(at(table, row.line, column), 'error', code, message, hint));
      if (!event) continue;
      events.push(event);
      read.push({ table, row, header, columns });
    }
  }
  for (const table of withoutHeader) {
    const first = table.rows[0]!;
    if (logTables === 0) {
      problem(
        at(table, first.line, 1),
        'error',
        'no-header',
        `${table.sheet === undefined ? '' : `工作表“${table.sheet}”`}没有表头：找不到“日期”“标题”等列名`,
        `第一行写列名：${LOG_COLUMNS.map((c) => c.header).join('、')}，以及各指标的名称（可用 summarize templates workbook 生成带表头的工作簿）`,
      );
    } else {
      problem(at(table, first.line, 1), 'warning', 'sheet-not-read', `工作表“${table.sheet}”不是活动记录（没有“日期”“标题”等列名），没有读取`, '如果它是记录，请加上表头；否则可以不管这条提示');
    }
  }
  const rowKey = (sheet: string | undefined, line: number) => `${sheet ?? ''}\u0000${line}`;
  const byRow = new Map(read.map((r) => [rowKey(r.table.sheet, r.row.line), r]));
  // A key and its value are the same cell here: the column is the key.
  const locate = (path: YamlPath): SourcePosition => {
    const entry = typeof path[0] === 'number' ? read[path[0]] : undefined;
    if (!entry) {
      const first = read[0] ?? { table: tables[0] ?? {}, header: { line: 1 } };
      return at(first.table as Table, first.header.line, 1);
    }
    const column = columnOf(entry.columns, path.slice(1));
    return at(entry.table, entry.row.line, column ?? 1);
  };
  return {
    file,
    value: events,
    diagnostics,
    locate,
    tableRow: (position) => {
      const entry = byRow.get(rowKey(position.sheet, position.line));
      const table = entry?.table ?? tables.find((t) => t.sheet === position.sheet);
      const row = entry?.row ?? table?.rows.find((r) => r.line === position.line);
      if (!table || !row) return undefined;
      const header = entry?.header ?? (row === table.rows[0] ? undefined : table.rows[0]);
      return rowContext(row, header);
    },
    columnHeader: (path) => {
      const entry = typeof path[0] === 'number' ? read[path[0]] : undefined;
      const column = entry && columnOf(entry.columns, path.slice(1));
      const cell = column === undefined ? undefined : entry!.header.cells.find((c) => c.column === column);
      return cell && cellText(cell.value).trim();
    },
  };
}

/** The first of the top rows that names at least two of an event's fields (metric names alone may head any table). */
function findHeader(rows: readonly TableRow[], metrics: MetricHeaders): TableRow | undefined {
  return rows.slice(0, HEADER_SEARCH_ROWS).find((row) => row.cells.filter((cell) => columnNamed(cellText(cell.value), metrics)?.kind === 'field').length >= 2);
}

function columnNamed(text: string, metrics: MetricHeaders = []): Column | undefined {
  // A header may carry its counting word: 宣讲（场次）, 宣讲(场次).
  const name = text.trim().replace(/\s*[（(][^）)]*[）)]$/, '');
  const lower = name.toLowerCase();
  const column = LOG_COLUMNS.find((c) => c.field === lower || c.header === name);
  if (column) return { kind: 'field', column };
  const metric = metrics.find((m) => m.id === name || m.label === name) ?? metrics.find((m) => m.label === text.trim());
  return metric ? { kind: 'metric', id: metric.id } : undefined;
}

type HeaderProblem = (column: number, code: string, message: string, hint: string) => void;

/** The column each header names; undefined when a required column is missing (no row can be read). */
function headerColumns(table: Table, header: TableRow, metrics: MetricHeaders, problem: HeaderProblem): Map<number, Column> | undefined {
  const columns = new Map<number, Column>();
  const seen = new Map<string, number>();
  for (const cell of header.cells) {
    const text = cellText(cell.value).trim();
    if (text === '') continue;
    const column = columnNamed(text, metrics);
    if (!column) {
      if (metrics === undefined) continue;
      const names = [...LOG_COLUMNS.map((c) => c.header), ...metrics.map((m) => m.label)];
      problem(cell.column, 'unknown-column', `不认识的列名“${shortened(text)}”`, `列名可以是：${names.join('、')}（或对应的英文字段名、指标 id）；不需要的列请删除`);
      continue;
    }
    const key = column.kind === 'field' ? column.column.field : `metrics.${column.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem(cell.column, 'duplicate-column', `“${text}”这一列重复了（与第 ${first} 列相同）`, '删除或合并其中一列');
      continue;
    }
    seen.set(key, cell.column);
    columns.set(cell.column, column);
  }
  const missing = LOG_COLUMNS.filter((c) => c.required && !seen.has(c.field));
  if (missing.length > 0) {
    const after = Math.max(0, ...header.cells.map((c) => c.column)) + 1;
    problem(after, 'missing-column', `${table.sheet === undefined ? '' : `工作表“${table.sheet}”`}缺少必填的列：${missing.map((c) => c.header).join('、')}`, `在表头加上这些列（列名：${missing.map((c) => `${c.header}或 ${c.field}`).join('，')}），每行都要填写`);
    return undefined;
  }
  return columns;
}

function mergedCellsInRows(table: Table, headerLine: number, problem: (range: CellRange) => void): void {
  for (const range of table.merged ?? []) if (range.lastRow > headerLine) problem(range);
}

/** A row as the YAML event it stands for; undefined when the row is empty. */
function rowEvent(row: TableRow, columns: ReadonlyMap<number, Column>, problem: HeaderProblem): Record<string, unknown> | undefined {
  const event: Record<string, unknown> = {};
  const metrics: Record<string, unknown> = {};
  let filled = false;
  for (const cell of row.cells) {
    const column = columns.get(cell.column);
    if (!column) continue;
    const { value } = cell;
    if (value.kind === 'error') {
      problem(cell.column, 'cell-error', `单元格的值是 Excel 错误 ${value.error}${ERROR_MEANINGS[value.error] ?? ''}`, '改正这一格的公式，或直接填写内容');
      filled = true;
      continue;
    }
    if (value.kind === 'formula') {
      problem(cell.column, 'formula-without-value', `公式 =${shortened(value.formula)} 没有计算结果`, '在 Excel 或 WPS 中打开这个文件并保存一次（保存时会算出公式的值），或直接填写数值');
      filled = true;
      continue;
    }
    if (value.kind === 'text' && value.text.trim() === '') continue;
    filled = true;
    if (column.kind === 'metric') metrics[column.id] = metricValue(value);
    else event[column.column.field] = fieldValue(column.column.field, value);
  }
  if (!filled) return undefined;
  if (Object.keys(metrics).length > 0) event.metrics = metrics;
  return event;
}

/** A number, also one stored as text (a CSV cell, WPS's “文本型数字”); anything else as typed. */
function metricValue(value: CellValue): unknown {
  if (value.kind === 'number') return value.number;
  const text = cellText(value).trim();
  return PLAIN_NUMBER.test(text) ? Number(text) : cellText(value);
}

const ERROR_MEANINGS: Record<string, string> = {
  '#REF!': '（公式引用的单元格已被删除）',
  '#DIV/0!': '（除以零）',
  '#VALUE!': '（公式中的值类型不对）',
  '#NAME?': '（公式中有不认识的名称）',
  '#N/A': '（查找不到值）',
  '#NUM!': '（数字无效）',
  '#NULL!': '（区域不相交）',
};

function fieldValue(field: LogColumn['field'], value: CellValue): unknown {
  switch (field) {
    case 'date':
      return value.kind === 'date' ? value.iso : value.kind === 'text' ? isoDate(value.text) : value.kind === 'number' ? value.number : cellText(value);
    case 'tags':
      return cellText(value)
        .split(TAG_SEPARATORS)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== '');
    case 'highlight':
      return value.kind === 'boolean' ? value.value : (YES_NO[cellText(value).trim().toLowerCase()] ?? cellText(value));
    case 'section':
    case 'theme':
    case 'unit':
      return cellText(value).trim();
    default:
      return cellText(value);
  }
}

const YES_NO: Record<string, boolean> = { 是: true, 否: false, true: true, false: false, '√': true, '✓': true, '1': true, '0': false, y: true, n: false, yes: true, no: false };

/** 2024-05-04, 2024/5/4, 2024.5.4, 2024年5月4日 → 2024-05-04; anything else as typed, for the schema to report. */
function isoDate(text: string): string {
  return writtenDateAsIso(text) ?? text;
}

function cellText(value: CellValue): string {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'number':
      return String(value.number);
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'date':
      return value.iso;
    case 'error':
      return value.error;
    case 'formula':
      return `=${value.formula}`;
  }
}

/** The column of the field at `path` inside an event: [field], [metrics], [metrics, id], [tags, n]. */
function columnOf(columns: ReadonlyMap<number, Column>, path: YamlPath): number | undefined {
  const [field, id] = path;
  if (field === undefined) return undefined;
  for (const [number, column] of columns) {
    if (field === 'metrics' && column.kind === 'metric' && (id === undefined || column.id === id)) return number;
    if (column.kind === 'field' && column.column.field === field) return number;
  }
  // A field with no column of its own (a required one the schema reports missing) is shown at the row.
  return undefined;
}

function rowContext(row: TableRow, header: TableRow | undefined): TableRowContext {
  const values = (r: TableRow): string[] => {
    const last = Math.max(0, ...row.cells.map((c) => c.column), ...(header?.cells.map((c) => c.column) ?? []));
    const cells: string[] = Array.from({ length: last }, () => '');
    for (const cell of r.cells) cells[cell.column - 1] = shortened(cellText(cell.value).replace(/\s+/g, ' '), FRAME_CELL_LENGTH);
    return cells;
  };
  return { ...(header ? { header: { line: header.line, values: values(header) } } : {}), row: { line: row.line, values: values(row) } };
}

