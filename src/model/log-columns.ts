// Model: the columns of an activity log kept in a spreadsheet (.xlsx or .csv), one event a row.
// Each column is headed by the event field's YAML name or its Chinese header; a metric's column by
// its id or its label. The loader (load/activity-table.ts) reads these headers and the logging
// workbook (write/workbook.ts) writes them, so the two cannot drift apart.

export interface LogColumn {
  field: 'date' | 'section' | 'theme' | 'title' | 'text' | 'unit' | 'tags' | 'highlight';
  header: string;
  /** The fields every event must have, as in schema/activities.schema.json. */
  required: boolean;
}

export const LOG_COLUMNS: readonly LogColumn[] = [
  { field: 'date', header: '日期', required: true },
  { field: 'section', header: '部分', required: true },
  { field: 'theme', header: '条目', required: true },
  { field: 'title', header: '标题', required: true },
  { field: 'text', header: '内容', required: false },
  { field: 'unit', header: '填报单位', required: false },
  { field: 'tags', header: '标签', required: false },
  { field: 'highlight', header: '重点', required: false },
];

/** What separates tags typed into one cell: 、 ， , ； ; */
export const TAG_SEPARATORS = /[、，,；;]/;

/** The logging workbook's sheets: the log, and the ids with their titles (not read as events). */
export const LOG_SHEET = '活动记录';
export const CODES_SHEET = '代码表';
