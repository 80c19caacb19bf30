// Load stage: the cells of an .xlsx workbook, read synchronously like every other input (the load
// stage is synchronous; exceljs, which writes the logging workbook, reads only asynchronously and
// builds a whole object model per cell). The zip is opened with fflate and the XML parts are
// parsed with saxes, a streaming XML parser that expands no entities (no billion laughs).
//
// A workbook is untrusted input. Before anything is inflated, the zip's directory is read and the
// parts this reader needs are refused when their declared sizes pass the bounds below (a zip
// bomb declares gigabytes); fflate inflates into a buffer of the declared size, so a part that
// lies about its size is cut short, not grown. A worksheet with more rows than MAX_ROWS is refused
// as soon as the bound is passed, and so is a shared-strings table with more than MAX_STRINGS.
// An encrypted workbook (Excel's “password to open”) is an OLE compound file, not a zip; so is a
// workbook in the old .xls format: both are recognised by their signature and named.

import { strFromU8, unzipSync, type UnzipFileInfo } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** A cell as the workbook holds it: formulas by their cached value. */
export type CellValue =
  | { kind: 'text'; text: string }
  | { kind: 'number'; number: number }
  | { kind: 'boolean'; value: boolean }
  /** A number the cell's format shows as a date; `iso` is its day (YYYY-MM-DD). */
  | { kind: 'date'; iso: string }
  /** An Excel error value such as #REF!. */
  | { kind: 'error'; error: string }
  /** A formula the program that saved the file never calculated. */
  | { kind: 'formula'; formula: string };

export interface WorksheetCell {
  /** 1-based, A = 1. */
  column: number;
  value: CellValue;
}

export interface WorksheetRow {
  /** 1-based, as the spreadsheet numbers it. */
  line: number;
  cells: WorksheetCell[];
}

export interface CellRange {
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
  /** As written in the file: C5:C9. */
  ref: string;
}

export interface Worksheet {
  name: string;
  hidden: boolean;
  rows: WorksheetRow[];
  merged: CellRange[];
}

export interface WorkbookProblem {
  code: string;
  message: string;
  hint: string;
}

export type WorkbookContent = { sheets: Worksheet[]; problem?: undefined } | { sheets?: undefined; problem: WorkbookProblem };

/**
 * A year's log of a district is a few thousand rows; the bounds leave room for a city's 100 000
 * (measured in docs/performance.md) and stop a crafted or runaway file long before memory runs out.
 */
export const MAX_ROWS = 200_000;
export const MAX_STRINGS = 1_000_000;
/** Declared uncompressed size of one part read (a worksheet, the shared strings). */
export const MAX_PART_BYTES = 128 * 1024 * 1024;
/** Declared uncompressed size of all parts read together. */
export const MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const SAVE_AS_XLSX = '在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再放入活动记录文件夹';

class WorkbookRefused extends Error {
  constructor(readonly problem: WorkbookProblem) {
    super(problem.message);
  }
}

export function readWorkbook(bytes: Uint8Array): WorkbookContent {
  try {
    return { sheets: readParts(bytes) };
  } catch (error) {
    if (error instanceof WorkbookRefused) return { problem: error.problem };
    throw error;
  }
}

function refuse(code: string, message: string, hint: string): never {
  throw new WorkbookRefused({ code, message, hint });
}

function readParts(bytes: Uint8Array): Worksheet[] {
  if (startsWith(bytes, OLE_SIGNATURE)) {
    if (includesUtf16(bytes, 'EncryptedPackage')) {
      refuse('workbook-encrypted', '工作簿设置了打开密码（已加密），无法读取', '在 Excel 或 WPS 中打开，取消“用密码进行加密”（文件 → 信息 → 保护工作簿）后保存；活动记录不需要加密');
    }
    refuse('workbook-xls', '这是旧的 .xls 格式（Excel 97-2003 工作簿），只能读取 .xlsx', SAVE_AS_XLSX);
  }
  if (!startsWith(bytes, ZIP_SIGNATURE)) refuse('not-a-workbook', '这个文件不是 Excel 工作簿（.xlsx），无法读取', SAVE_AS_XLSX);
  const parts = unzipParts(bytes);
  const relationships = relationshipTargets(parts.read('xl/_rels/workbook.xml.rels'));
  const book = workbookSheets(parts.read('xl/workbook.xml'));
  const styles = parts.has('xl/styles.xml') ? dateStyles(parts.read('xl/styles.xml')) : new Set<number>();
  const strings = parts.has('xl/sharedStrings.xml') ? sharedStrings(parts.read('xl/sharedStrings.xml')) : [];
  const dates = { styles, date1904: book.date1904 };
  return book.sheets.flatMap((sheet) => {
    const target = relationships.get(sheet.relationship);
    // A chart sheet or a dialog sheet holds no cells.
    if (target === undefined || !/^xl\/worksheets\//.test(target) || !parts.has(target)) return [];
    return [{ name: sheet.name, hidden: sheet.hidden, ...worksheetCells(parts.read(target), strings, dates) }];
  });
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function includesUtf16(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, 'utf16le'));
}

/** The parts of the zip this reader uses, inflated only after their declared sizes are checked. */
function unzipParts(bytes: Uint8Array): { has(name: string): boolean; read(name: string): string } {
  const wanted = (name: string): boolean => name.startsWith('xl/') && name.endsWith('.xml') || name === 'xl/_rels/workbook.xml.rels';
  const declared = new Map<string, number>();
  const unzip = (filter: (file: UnzipFileInfo) => boolean): Record<string, Uint8Array> => {
    try {
      return unzipSync(bytes, { filter });
    } catch (error) {
      // fflate throws plain errors with a numeric code for a damaged or unsupported zip.
      if (typeof (error as { code?: unknown }).code !== 'number') throw error;
      return refuse('not-a-workbook', '这个文件不是完整的 Excel 工作簿（压缩包已损坏），无法读取', SAVE_AS_XLSX);
    }
  };
  // First pass: the directory only; nothing is inflated.
  unzip((file) => {
    if (wanted(file.name)) declared.set(file.name, file.originalSize);
    return false;
  });
  if (!declared.has('xl/workbook.xml')) refuse('not-a-workbook', '这个文件不是 Excel 工作簿（是其他程序的压缩文件），无法读取', SAVE_AS_XLSX);
  let total = 0;
  for (const [name, size] of declared) {
    total += size;
    if (size > MAX_PART_BYTES || total > MAX_UNCOMPRESSED_BYTES) {
      refuse(
        'workbook-too-large',
        `工作簿解压后过大（${name} 声明 ${megabytes(size)} MB，上限为每部分 ${megabytes(MAX_PART_BYTES)} MB、合计 ${megabytes(MAX_UNCOMPRESSED_BYTES)} MB），没有读取`,
        '一年的活动记录解压后通常只有几 MB；请检查是否误粘贴了大量数据，或把记录按年、按单位拆成多个工作簿',
      );
    }
  }
  const inflated = unzip((file) => declared.has(file.name));
  return {
    has: (name) => inflated[name] !== undefined,
    read: (name) => {
      const part = inflated[name];
      if (part === undefined) refuse('not-a-workbook', `这个文件不是完整的 Excel 工作簿（缺少 ${name}），无法读取`, SAVE_AS_XLSX);
      return strFromU8(part);
    },
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** Runs a streaming parse of one XML part; element names lose their namespace prefix. */
function parseXml(
  xml: string,
  handlers: { open?(name: string, attributes: Record<string, string>): void; close?(name: string): void; text?(text: string): void },
): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const local = (name: string): string => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag: SaxesTagPlain) => handlers.open?.(local(tag.name), tag.attributes));
  if (handlers.close) parser.on('closetag', (tag: SaxesTagPlain) => handlers.close!(local(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.on('error', (error) => {
    throw error instanceof WorkbookRefused ? error : new WorkbookRefused({ code: 'not-a-workbook', message: `工作簿的内容已损坏（XML 格式错误：${error.message.split('\n')[0]}），无法读取`, hint: SAVE_AS_XLSX });
  });
  parser.write(xml).close();
}

function relationshipTargets(xml: string): Map<string, string> {
  const targets = new Map<string, string>();
  parseXml(xml, {
    open: (name, a) => {
      if (name !== 'Relationship' || !a.Id || !a.Target) return;
      targets.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
    },
  });
  return targets;
}

function workbookSheets(xml: string): { sheets: { name: string; hidden: boolean; relationship: string }[]; date1904: boolean } {
  const sheets: { name: string; hidden: boolean; relationship: string }[] = [];
  let date1904 = false;
  parseXml(xml, {
    open: (name, a) => {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name !== 'sheet') return;
      const relationship = Object.entries(a).find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1] ?? '';
      sheets.push({ name: a.name ?? '', hidden: a.state === 'hidden' || a.state === 'veryHidden', relationship });
    },
  });
  return { sheets, date1904 };
}

/** Built-in number formats that show a date (ECMA-376 §18.8.30, with the CJK ones 27–36 and 50–58). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** The indexes of the cell styles (cellXfs) whose number format shows a date. */
function dateStyles(xml: string): Set<number> {
  const customDateFormats = new Set<number>();
  const styles = new Set<number>();
  let inCellStyles = false;
  let index = 0;
  parseXml(xml, {
    open: (name, a) => {
      if (name === 'numFmt' && isDateFormatCode(a.formatCode ?? '')) customDateFormats.add(Number(a.numFmtId));
      if (name === 'cellXfs') inCellStyles = true;
      if (name === 'xf' && inCellStyles) {
        const format = Number(a.numFmtId ?? 0);
        if (BUILT_IN_DATE_FORMATS.has(format) || customDateFormats.has(format)) styles.add(index);
        index++;
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellStyles = false;
    },
  });
  return styles;
}

/** A format code shows a date when it has day, month or year fields outside quotes, escapes and [colour] brackets. */
function isDateFormatCode(code: string): boolean {
  const fields = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dy]|m(?!\s*s)|年|月|日/i.test(fields.replace(/[hs]/gi, ''));
}

function sharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  parseXml(xml, {
    open: (name) => {
      if (name === 'si') current = '';
      else if (name === 't') inText = true;
      else if (name === 'rPh') phonetic++;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        if (strings.length >= MAX_STRINGS) {
          refuse('workbook-too-many-strings', `工作簿的文字表（共享字符串）超过 ${MAX_STRINGS} 条，没有读取`, '一年的活动记录用不了这么多不同的文字；请检查是否误粘贴了大量数据，或把记录拆成多个工作簿');
        }
        strings.push(current);
      }
    },
    // Phonetic guides (rPh, for Japanese) are not part of the text.
    text: (text) => {
      if (inText && phonetic === 0) current += text;
    },
  });
  return strings;
}

function worksheetCells(
  xml: string,
  strings: readonly string[],
  dates: { styles: ReadonlySet<number>; date1904: boolean },
): { rows: WorksheetRow[]; merged: CellRange[] } {
  const rows: WorksheetRow[] = [];
  const merged: CellRange[] = [];
  let row: WorksheetRow | undefined;
  let cell: { column: number; type: string; style: number; value: string; formula: string; inlineText: string } | undefined;
  let reading: 'v' | 'f' | 't' | undefined;
  let nextRow = 1;
  let nextColumn = 1;
  const tooManyRows = (count: number): never =>
    refuse('workbook-too-many-rows', `工作表有 ${count > MAX_ROWS + 1 ? count : `超过 ${MAX_ROWS}`} 行，超过 ${MAX_ROWS} 行的上限，没有读取`, `把记录按年、按单位拆成多个工作簿，每个不超过 ${MAX_ROWS} 行`);
  parseXml(xml, {
    open: (name, a) => {
      if (name === 'dimension') {
        // The used range Excel records: a sheet of a million rows is refused before it is read.
        const last = a.ref ? parseRange(a.ref) : undefined;
        if (last && last.lastRow > MAX_ROWS + 1 && last.lastRow - last.firstRow > MAX_ROWS) tooManyRows(last.lastRow);
      } else if (name === 'row') {
        const number = a.r ? Number(a.r) : nextRow;
        if (rows.length >= MAX_ROWS) tooManyRows(rows.length + 1);
        row = { line: number, cells: [] };
        nextRow = number + 1;
        nextColumn = 1;
      } else if (name === 'c') {
        const column = a.r ? columnNumber(a.r) : nextColumn;
        cell = { column, type: a.t ?? 'n', style: Number(a.s ?? 0), value: '', formula: '', inlineText: '' };
        nextColumn = column + 1;
      } else if (cell && (name === 'v' || name === 'f' || name === 't')) {
        reading = name;
      } else if (name === 'mergeCell' && a.ref) {
        const range = parseRange(a.ref);
        if (range) merged.push(range);
      }
    },
    close: (name) => {
      if (name === 'v' || name === 'f' || name === 't') reading = undefined;
      else if (name === 'c' && cell && row) {
        const value = cellValue(cell, strings, dates);
        if (value) row.cells.push({ column: cell.column, value });
        cell = undefined;
      } else if (name === 'row' && row) {
        if (row.cells.length > 0) rows.push(row);
        row = undefined;
      }
    },
    text: (text) => {
      if (!cell || reading === undefined) return;
      if (reading === 'v') cell.value += text;
      else if (reading === 'f') cell.formula += text;
      else cell.inlineText += text;
    },
  });
  return { rows, merged };
}

function cellValue(
  cell: { type: string; style: number; value: string; formula: string; inlineText: string },
  strings: readonly string[],
  dates: { styles: ReadonlySet<number>; date1904: boolean },
): CellValue | undefined {
  const { type, value } = cell;
  if (type === 'inlineStr') return cell.inlineText === '' ? undefined : { kind: 'text', text: cell.inlineText };
  if (value === '') return cell.formula === '' ? undefined : { kind: 'formula', formula: cell.formula };
  switch (type) {
    case 's': {
      const text = strings[Number(value)];
      return text === undefined || text === '' ? undefined : { kind: 'text', text };
    }
    case 'str':
      return { kind: 'text', text: value };
    case 'b':
      return { kind: 'boolean', value: value === '1' };
    case 'e':
      return { kind: 'error', error: value };
    case 'd':
      return { kind: 'date', iso: value.slice(0, 10) };
    default: {
      const number = Number(value);
      if (dates.styles.has(cell.style) && Number.isFinite(number)) return { kind: 'date', iso: serialToIsoDate(number, dates.date1904) };
      return { kind: 'number', number };
    }
  }
}

/**
 * A date serial number as Excel counts days: from 1900-01-00, with the fictitious 1900-02-29 (day
 * 60) that Lotus 1-2-3 introduced; or from 1904-01-01 in workbooks saved with the 1904 system.
 */
function serialToIsoDate(serial: number, date1904: boolean): string {
  const day = Math.floor(serial);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + day * 86_400_000).toISOString().slice(0, 10);
}

function columnNumber(ref: string): number {
  let column = 0;
  for (const char of ref) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return column;
}

function parseRange(ref: string): CellRange | undefined {
  const match = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref);
  if (!match) return undefined;
  const [, firstColumn, firstRow, lastColumn = firstColumn, lastRow = firstRow] = match;
  return { ref, firstRow: Number(firstRow), lastRow: Number(lastRow), firstColumn: columnNumber(firstColumn!), lastColumn: columnNumber(lastColumn!) };
}
