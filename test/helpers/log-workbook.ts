// Test helper: events typed into a logging workbook as a user would (dates as real Excel dates,
// tags joined with 、, 重点 as 是), or written out as a CSV file as Excel saves one (“CSV UTF-8”:
// a byte-order mark, CRLF, dates as 2024/5/4). Columns are found by the workbook's own header.

import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Activity } from '../../src/model/activity.js';
import { LOG_COLUMNS, LOG_SHEET } from '../../src/model/log-columns.js';

/** An event as a user types it in: the model's fields, with tags, 重点 and metrics optional. */
export type LoggedEvent = Pick<Activity, 'date' | 'section' | 'theme' | 'title' | 'text' | 'unit'> & Partial<Pick<Activity, 'tags' | 'highlight' | 'metrics'>>;

export interface MetricLabel {
  id: string;
  label: string;
}

/** Cells of one event, by header text. */
function cellsByHeader(event: LoggedEvent, metrics: readonly MetricLabel[]): Map<string, string | number | Date> {
  const cells = new Map<string, string | number | Date>();
  for (const { field, header } of LOG_COLUMNS) {
    const value = event[field];
    if (value === undefined || value === false) continue;
    if (field === 'date') cells.set(header, new Date(`${event.date}T00:00:00Z`));
    else if (field === 'tags') cells.set(header, (value as string[]).join('、'));
    else if (field === 'highlight') cells.set(header, '是');
    else cells.set(header, value as string);
  }
  for (const [id, value] of Object.entries(event.metrics ?? {})) cells.set(metrics.find((m) => m.id === id)!.label, value);
  return cells;
}

/** Fills the log sheet of a workbook made by `summarize templates workbook` from row 2 on. */
export async function fillLogWorkbook(file: string, events: readonly LoggedEvent[], metrics: readonly MetricLabel[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet(LOG_SHEET)!;
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(String(cell.value), column));
  events.forEach((event, index) => {
    const row = sheet.getRow(index + 2);
    for (const [header, value] of cellsByHeader(event, metrics)) row.getCell(columns.get(header)!).value = value;
  });
  await workbook.xlsx.writeFile(file);
}

/** The events as a CSV file with the Chinese headers and one column per metric used. */
export function writeLogCsv(file: string, events: readonly LoggedEvent[], metrics: readonly MetricLabel[]): void {
  const used = metrics.filter((m) => events.some((e) => e.metrics?.[m.id] !== undefined));
  const headers = [...LOG_COLUMNS.map((c) => c.header), ...used.map((m) => m.label)];
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [headers.map(quote).join(',')];
  for (const event of events) {
    const cells = cellsByHeader(event, metrics);
    const [year, month, day] = event.date.split('-').map(Number);
    cells.set('日期', `${year}/${month}/${day}`);
    lines.push(headers.map((h) => quote(String(cells.get(h) ?? ''))).join(','));
  }
  writeFileSync(file, `\ufeff${lines.join('\r\n')}\r\n`);
}
