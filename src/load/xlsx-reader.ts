// Load stage: the cells of an .xlsx workbook, read synchronously like every other input (the load
// stage is synchronous; exceljs, which writes the logging workbook, reads only asynchronously and
// builds a whole object model per cell). The zip's directory is read here and its parts inflated
// by Node's zlib; the XML parts are read by a small scanner for the machine-written XML of a
// workbook (unzipParts and parseXml say why: a 100 000-row workbook is read in a fraction of
// the time the general-purpose libraries took).
//
// A workbook is untrusted input. Before anything is inflated, the zip's directory is read and the
// parts this reader needs are refused when their declared sizes pass the bounds below (a zip
// bomb declares gigabytes); zlib may produce no more than the declared size, so a part that
// lies about its size is refused, not grown. A worksheet with more rows than MAX_ROWS is refused
// as soon as the bound is passed, and so is a shared-strings table with more than MAX_STRINGS.
// An encrypted workbook (Excel's “password to open”) is an OLE compound file, not a zip; so is a
// workbook in the old .xls format: both are recognised by their signature and named.

import { inflateRawSync } from 'node:zlib';

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

/**
 * The parts of the zip this reader uses, inflated only after their declared sizes are checked.
 * The directory is read here (a few fixed-size records, APPNOTE 4.3.12–16) and each part is
 * inflated by Node's zlib, with the declared size as the most it may produce: fflate's inflate,
 * in JavaScript, took 1.4 s of a 100 000-row workbook's read, zlib a tenth of that.
 */
function unzipParts(bytes: Uint8Array): { has(name: string): boolean; read(name: string): string } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipDirectory(buffer).filter((e) => (e.name.startsWith('xl/') && e.name.endsWith('.xml')) || e.name === 'xl/_rels/workbook.xml.rels');
  const byName = new Map(entries.map((e) => [e.name, e]));
  if (!byName.has('xl/workbook.xml')) refuse('not-a-workbook', '这个文件不是 Excel 工作簿（是其他程序的压缩文件），无法读取', SAVE_AS_XLSX);
  let total = 0;
  for (const { name, size } of entries) {
    total += size;
    if (size > MAX_PART_BYTES || total > MAX_UNCOMPRESSED_BYTES) {
      refuse(
        'workbook-too-large',
        `工作簿解压后过大（${name} 声明 ${megabytes(size)} MB，上限为每部分 ${megabytes(MAX_PART_BYTES)} MB、合计 ${megabytes(MAX_UNCOMPRESSED_BYTES)} MB），没有读取`,
        '一年的活动记录解压后通常只有几 MB；请检查是否误粘贴了大量数据，或把记录按年、按单位拆成多个工作簿',
      );
    }
  }
  return {
    has: (name) => byName.has(name),
    read: (name) => {
      const entry = byName.get(name);
      if (entry === undefined) return refuse('not-a-workbook', `这个文件不是完整的 Excel 工作簿（缺少 ${name}），无法读取`, SAVE_AS_XLSX);
      return inflateEntry(buffer, entry).toString('utf8');
    },
  };
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** Declared uncompressed size. */
  size: number;
  localHeader: number;
}

const BROKEN_ZIP = '这个文件不是完整的 Excel 工作簿（压缩包已损坏），无法读取';

function zipDirectory(zip: Buffer): ZipEntry[] {
  // The end-of-directory record is in the last 65 557 bytes (22 bytes and a comment of up to 64 KB).
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) refuse('not-a-workbook', BROKEN_ZIP, SAVE_AS_XLSX);
  const count = zip.readUInt16LE(end + 10);
  const entries: ZipEntry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) refuse('not-a-workbook', BROKEN_ZIP, SAVE_AS_XLSX);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function inflateEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const header = entry.localHeader;
  if (header + 30 > zip.length || zip.readUInt32LE(header) !== 0x04034b50) refuse('not-a-workbook', BROKEN_ZIP, SAVE_AS_XLSX);
  const dataStart = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
  if (entry.method === 0) return data.subarray(0, entry.size);
  if (entry.method !== 8) refuse('not-a-workbook', `工作簿用了不支持的压缩方式（${entry.method}），无法读取`, SAVE_AS_XLSX);
  try {
    // A part that inflates to more than it declared is cut off there: a lying zip bomb grows no further.
    return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    if (error instanceof RangeError) return refuse('workbook-too-large', `工作簿的 ${entry.name} 解压后比声明的大小更大，没有读取`, '这个文件可能被改动过；请在 Excel 或 WPS 中打开后重新保存');
    return refuse('not-a-workbook', BROKEN_ZIP, SAVE_AS_XLSX);
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/**
 * One pass over an XML part, calling the handlers for each element and each run of text. The
 * parts of a workbook are machine-written XML in a small vocabulary, and a 100 000-row sheet is
 * 40 MB of it, 4 million tags: saxes, a general streaming parser, took 3.4 s for that sheet alone
 * on this machine (more than the whole budget), a regular expression per tag 1.8 s; finding the
 * markup with indexOf takes a fraction of that. It is strict where it matters: every element must
 * be closed in order, and a `<` must start markup, so a damaged part is reported rather than half
 * read. Comments, processing instructions and the document type are skipped; entities other than
 * XML's five and character references are left as written, so an entity declared in the file
 * expands to nothing (no billion laughs).
 */
function parseXml(
  xml: string,
  handlers: { open?(name: string, attributes: Record<string, string>): void; close?(name: string): void; text?(text: string): void },
): void {
  const open: string[] = [];
  const damaged = (what: string): never => refuse('not-a-workbook', `工作簿的内容已损坏（XML 格式错误：${what}），无法读取`, SAVE_AS_XLSX);
  const endOf = (marker: string, from: number): number => {
    const at = xml.indexOf(marker, from);
    return at < 0 ? damaged(`${marker} 缺失`) : at + marker.length;
  };
  let position = 0;
  while (position < xml.length) {
    const start = xml.indexOf('<', position);
    const textEnd = start < 0 ? xml.length : start;
    if (textEnd > position && open.length > 0 && handlers.text) handlers.text(decodeEntities(xml.slice(position, textEnd)));
    if (start < 0) break;
    const next = xml.charCodeAt(start + 1);
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<![CDATA[', start)) {
        position = endOf(']]>', start + 9);
        if (open.length > 0) handlers.text?.(xml.slice(start + 9, position - 3));
      } else {
        position = endOf(xml.startsWith('<!--', start) ? '-->' : '>', start + 2);
      }
      continue;
    }
    if (next === 0x3f /* ? */) {
      position = endOf('?>', start + 2);
      continue;
    }
    const closing = next === 0x2f; /* / */
    let i = closing ? start + 2 : start + 1;
    const nameStart = i;
    for (let c = xml.charCodeAt(i); i < xml.length && c !== 0x3e && c !== 0x2f && c > 0x20; c = xml.charCodeAt(++i));
    if (i === nameStart) damaged('“<”后面没有标记名');
    const qualified = xml.slice(nameStart, i);
    // Element names lose their namespace prefix: x:row is row.
    const name = qualified.slice(qualified.indexOf(':') + 1);
    const attributes: Record<string, string> = {};
    let selfClosing = false;
    for (;;) {
      while (xml.charCodeAt(i) <= 0x20 && i < xml.length) i++;
      const c = xml.charCodeAt(i);
      if (c === 0x3e) {
        i++;
        break;
      }
      if (c === 0x2f && xml.charCodeAt(i + 1) === 0x3e) {
        selfClosing = true;
        i += 2;
        break;
      }
      const equals = xml.indexOf('=', i);
      if (closing || equals < 0) damaged(`<${qualified}> 的写法不对`);
      let valueStart = equals + 1;
      while (xml.charCodeAt(valueStart) <= 0x20 && valueStart < xml.length) valueStart++;
      const quote = xml[valueStart++];
      if (quote !== '"' && quote !== "'") damaged(`<${qualified}> 的属性值没有引号`);
      const valueEnd = endOf(quote!, valueStart) - 1;
      attributes[xml.slice(i, equals).trim()] = decodeEntities(xml.slice(valueStart, valueEnd));
      i = valueEnd + 1;
    }
    position = i;
    if (closing) {
      if (open.pop() !== name) damaged(`</${qualified}> 与开始标记不配对`);
      handlers.close?.(name);
      continue;
    }
    handlers.open?.(name, attributes);
    if (selfClosing) handlers.close?.(name);
    else open.push(name);
  }
  if (open.length > 0) damaged(`<${open.at(-1)}> 没有结束`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
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
  const key = date1904 ? -day - 1 : day;
  const known = isoDates.get(key);
  if (known !== undefined) return known;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const iso = new Date(epoch + day * 86_400_000).toISOString().slice(0, 10);
  isoDates.set(key, iso);
  return iso;
}

/** A log's dates repeat (a year has 366 days): each is worked out once. */
const isoDates = new Map<number, string>();

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
