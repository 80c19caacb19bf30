// Load stage: the rows of a CSV file with the position of every cell, for the two kinds of CSV
// input (metrics/<year>.csv and activity logs). Parsing is csv-parse's (RFC 4180: quoted cells may
// hold delimiters, quotes and line breaks); this module only adds positions as a spreadsheet
// shows them: the line a row starts on, and the column's number (A = 1), so that
// `台账.csv:17:3` is the cell C17 when the file is opened in Excel or WPS.
//
// The delimiter is a comma, or a tab or semicolon when the first line has no comma (Excel's
// “Unicode text” export and European locales). A quote inside an unquoted cell is kept as typed,
// as spreadsheets do.

import { CsvError, parse } from 'csv-parse/sync';
import type { Diagnostic, SourcePosition } from '../model/diagnostic.js';

export interface CsvCell {
  text: string;
  position: SourcePosition;
}

export interface CsvRow {
  cells: CsvCell[];
  position: SourcePosition;
}

/** A plain decimal number as a spreadsheet exports it; anything else is left as text for validation. */
export const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export type CsvRows = { rows: CsvRow[]; unclosedQuote?: undefined } | { rows?: undefined; unclosedQuote: SourcePosition };

export function readCsvRows(file: string, text: string): CsvRows {
  const firstLine = /^[^\r\n]*/.exec(text)![0];
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    // The option `info` changes what each record is; csv-parse's types do not follow that.
    records = parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
      raw: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') return { unclosedQuote: openingQuote(file, text, error) };
    throw error;
  }
  return {
    rows: records.map(({ record, raw, info }) => {
      // csv-parse counts lines up to the record's end; a quoted cell may span several.
      const line = info.lines - lineBreaks(raw.replace(/(\r\n|\n|\r)$/, ''));
      return {
        position: { file, line, column: 1 },
        cells: record.map((cellText, index) => ({ text: cellText, position: { file, line, column: index + 1 } })),
      };
    }),
  };
}

export function unclosedQuoteProblem(position: SourcePosition): Diagnostic {
  return { ...position, severity: 'error', code: 'csv-unclosed-quote', message: 'CSV 格式错误：引号没有闭合', hint: '检查这一格的英文双引号是否成对；格内的双引号要写成两个 ""' };
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\n|\r/g)?.length ?? 0;
}

/**
 * The cell whose quote is never closed. csv-parse reports where the text ended, inside the
 * quotes; the quote to fix is at the start of the row it could not finish (bytes_records: the
 * bytes read before that row) and in its field `index`.
 */
function openingQuote(file: string, text: string, error: CsvError): SourcePosition {
  const { bytes_records: rowStart, index } = error as CsvError & { bytes_records: number; index: number };
  const before = Buffer.from(text).subarray(0, rowStart).toString();
  return { file, line: lineBreaks(before) + 1, column: index + 1 };
}
