// Model: a problem found in a user's input. Every stage reports these instead of throwing, so that
// one run lists all problems (house style: validation returns the value and a list of problems).

export type Severity = 'error' | 'warning';

export interface SourcePosition {
  /**
   * The file's path from the folder of the project being built, with `/` (`activities/2024/a.yaml`;
   * a roll-up's unit outside that folder `../district/activities/2024/a.yaml`). A reporter prints
   * it relative to where the command runs (ShowFile), so that a problem is the same wherever that
   * is: the cache keeps it, and prints it again from another folder.
   */
  file: string;
  /** 1-based; in a spreadsheet (a worksheet or a CSV file) the row as the spreadsheet numbers it. */
  line: number;
  /** 1-based; in a spreadsheet the column's number (A = 1), not a character offset. */
  column: number;
  /** The worksheet of a workbook (.xlsx); the position is then the cell `Sheet!C17`. */
  sheet?: string;
}

export interface Diagnostic extends SourcePosition {
  severity: Severity;
  /** Stable identifier, usable in docs and CI filters, e.g. `unknown-section`. */
  code: string;
  message: string;
  /** How to fix it, in plain words. */
  hint?: string;
  /** For a cell of a spreadsheet: the row's values (and the header's), shown instead of the file's text. */
  row?: TableRowContext;
  /** Files the message and hint name, written there as {0}, {1}…: the reporter prints them as it prints `file`. */
  mentions?: Mention[];
}

/** A file a message names, or the line of an entry in it (printed as formatLine prints it). */
export interface Mention {
  file: string;
  line?: number;
  sheet?: string;
  /** A folder to type in a command run where this one runs (`.`, `../district`), rather than a path to read. */
  argument?: true;
}

/** Something a build tells the user that is no problem in the input; it names files as problems do. */
export interface Notice {
  text: string;
  mentions?: Mention[];
}

/**
 * How a reporter prints a position's file: relative to where the command runs (load/display-path.ts);
 * `argument`: as a command typed there names it.
 */
export type ShowFile = (file: string, argument?: boolean) => string;

const asIs: ShowFile = (file) => file;

/** A spreadsheet row as a problem's code frame shows it: cell texts by column, A first. */
export interface TableRowContext {
  header?: { line: number; values: readonly string[] };
  row: { line: number; values: readonly string[] };
}

/** `file:line:column`, or `file:Sheet!C17` for a cell of a workbook, as messages print a position. */
export function formatPosition(p: SourcePosition, show: ShowFile = asIs): string {
  return p.sheet === undefined ? `${show(p.file)}:${p.line}:${p.column}` : `${show(p.file)}:${cellName(p.sheet, p.line, p.column)}`;
}

/** Where an entry starts, as a checker opens it: `file:line`, or the cell `file:Sheet!A17` of its row. */
export function formatLine(p: Mention & { line: number }, show: ShowFile = asIs): string {
  return p.sheet === undefined ? `${show(p.file)}:${p.line}` : `${show(p.file)}:${cellName(p.sheet, p.line, 1)}`;
}

/** The line of the entry at `p`, as a message names it. */
export function mentionOfLine(p: SourcePosition): Mention {
  return { file: p.file, line: p.line, ...(p.sheet !== undefined ? { sheet: p.sheet } : {}) };
}

/** A problem's message or hint as printed: its mentions ({0}, {1}…) written in. */
export function mentionsWritten(text: string, mentions: readonly Mention[] | undefined, show: ShowFile = asIs): string {
  if (!mentions || mentions.length === 0) return text;
  return text.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const mention = mentions[Number(index)];
    if (mention === undefined) return placeholder;
    return mention.line === undefined ? show(mention.file, mention.argument) : formatLine({ ...mention, line: mention.line }, show);
  });
}

/** `活动记录!C17`, quoted as Excel quotes a sheet name with spaces or punctuation: `'4 月'!C17`. */
function cellName(sheet: string, row: number, column: number): string {
  const name = /^[\p{L}\p{N}_]+$/u.test(sheet) ? sheet : `'${sheet.replaceAll("'", "''")}'`;
  return `${name}!${columnLetters(column)}${row}`;
}

/** 1 → A, 27 → AA: a spreadsheet column's letters. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}

/**
 * Text quoted in a message, cut to `length` code units and marked with …: a value pasted whole
 * (a paragraph, a 400,000-character id) would bury the message. A character outside the BMP is
 * not cut in half.
 */
export function shortened(text: string, length = 40): string {
  if (text.length <= length) return text;
  const last = text.charCodeAt(length - 1);
  return `${text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length)}…`;
}
