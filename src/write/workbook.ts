// Write stage: the logging workbook, an .xlsx made from summarize.yaml for the staff who keep their
// log in Excel, WPS 表格 or LibreOffice. Its first sheet is the log: a header row in Chinese
// (model/log-columns.ts, the names the loader reads), one column per metric with its counting word
// in the header's note, drop-down lists (data validation) for 部分, 条目, 填报单位 and 重点, date
// cells formatted as dates, the header frozen. The second sheet lists the ids and their titles,
// which the drop-downs take their lists from. A row filled in builds at once.
// Written with exceljs, which supports data validation, notes and frozen panes.

import type ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import type { ProjectConfig } from '../model/config.js';
import { columnLetters } from '../model/diagnostic.js';
import { CODES_SHEET, LOG_COLUMNS, LOG_SHEET, type LogColumn } from '../model/log-columns.js';

/** Rows prepared with formats and drop-downs; a district logs a few hundred events a year. */
export const PREPARED_ROWS = 2000;
/** Neither the document properties nor the zip entries carry the clock time: the same config gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));

const COLUMN_WIDTHS: Record<LogColumn['field'], number> = { date: 16, section: 12, theme: 14, title: 36, text: 48, unit: 18, tags: 20, highlight: 8 };
const COLUMN_NOTES: Partial<Record<LogColumn['field'], string>> = {
  date: '活动日期，如 2024-05-04 或 2024年5月4日',
  section: `所属部分的代码，从下拉列表中选择（代码和名称见“${CODES_SHEET}”）`,
  theme: `所属条目的代码，须是该部分下的条目（见“${CODES_SHEET}”）`,
  title: '活动名称，必填',
  unit: '填报单位，可从下拉列表中选择，也可直接填写',
  tags: '可填多个，用顿号（、）或逗号分隔',
  highlight: '重点活动填“是”，其他留空',
};

/**
 * `units`: the reporting units offered in the 填报单位 drop-down (the organisation's own short
 * name and those already used in the logs); other names may still be typed.
 */
export async function renderLogWorkbook(config: ProjectConfig, units: readonly string[]): Promise<Uint8Array> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'summarize';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  // exceljs 4 validates a whole range in one entry; its type declarations only know per-cell validation.
  const log = workbook.addWorksheet(LOG_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] }) as ExcelJS.Worksheet & {
    dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
  };
  const codes = workbook.addWorksheet(CODES_SHEET);
  const lists = codeLists(codes, config, units);

  const metricColumns = config.metrics.map((metric) => ({ header: metric.label, width: Math.max(10, metric.label.length * 2 + 2), note: `${metric.label}：填数字，计量单位“${metric.unit}”（指标 ${metric.id}）` }));
  const columns = [...LOG_COLUMNS.map((c) => ({ header: c.header, width: COLUMN_WIDTHS[c.field], note: COLUMN_NOTES[c.field] })), ...metricColumns];
  log.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = log.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    if (column.note) cell.note = column.note;
  });

  const lastRow = PREPARED_ROWS + 1;
  const at = (field: LogColumn['field']) => columnLetters(LOG_COLUMNS.findIndex((c) => c.field === field) + 1);
  const dropDown = (field: LogColumn['field'], formula: string, strict: boolean) =>
    log.dataValidations.add(`${at(field)}2:${at(field)}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      errorStyle: strict ? 'stop' : 'information',
      errorTitle: '不在列表中',
      error: strict ? `请从下拉列表中选择（见“${CODES_SHEET}”）` : '这个名称不在列表中；如确是新的填报单位，可以继续',
    });
  dropDown('section', lists.sections, true);
  dropDown('theme', lists.themes, true);
  if (lists.units) dropDown('unit', lists.units, false);
  dropDown('highlight', '"是,否"', true);
  const metricsFrom = LOG_COLUMNS.length + 1;
  if (config.metrics.length > 0) {
    log.dataValidations.add(`${columnLetters(metricsFrom)}2:${columnLetters(metricsFrom + config.metrics.length - 1)}${lastRow}`, {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      formulae: [0],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '不是数字',
      error: '请填写 0 或正整数，不加单位',
    });
  }
  log.getColumn(at('date')).numFmt = 'yyyy"年"m"月"d"日"';
  const written = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  // exceljs stamps each zip entry with the time of writing; stamped again with a fixed one.
  return zipSync(unzipSync(written), { mtime: FIXED_DATE, level: 6 });
}

/** The second sheet: sections, themes (with their section), units and metrics; returns the drop-downs' ranges. */
function codeLists(sheet: ExcelJS.Worksheet, config: ProjectConfig, units: readonly string[]): { sections: string; themes: string; units?: string } {
  sheet.columns = [
    { header: '部分代码', width: 14 },
    { header: '部分名称', width: 24 },
    { header: '', width: 4 },
    { header: '条目代码', width: 14 },
    { header: '条目名称', width: 28 },
    { header: '所属部分', width: 14 },
    { header: '', width: 4 },
    { header: '填报单位', width: 24 },
    { header: '', width: 4 },
    { header: '指标代码', width: 20 },
    { header: '指标名称', width: 24 },
    { header: '计量单位', width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const put = (column: number, values: readonly string[]) => values.forEach((value, i) => (sheet.getCell(i + 2, column).value = value));
  put(1, config.sections.map((s) => s.id));
  put(2, config.sections.map((s) => s.title));
  const themes = config.sections.flatMap((s) => s.themes.map((t) => ({ ...t, section: s.id })));
  put(4, themes.map((t) => t.id));
  put(5, themes.map((t) => t.title));
  put(6, themes.map((t) => t.section));
  put(8, units);
  put(10, config.metrics.map((m) => m.id));
  put(11, config.metrics.map((m) => m.label));
  put(12, config.metrics.map((m) => m.unit));
  const range = (column: string, count: number) => `'${CODES_SHEET}'!$${column}$2:$${column}$${count + 1}`;
  // The same theme id may be used under several sections; the drop-down lists each row of the sheet.
  return {
    sections: range('A', config.sections.length),
    themes: range('D', themes.length),
    ...(units.length > 0 ? { units: range('H', units.length) } : {}),
  };
}
