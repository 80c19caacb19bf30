// CLI: how diagnostics reach the user. One line per problem in the form compilers use
// (`file:line:col  error  message  [code]`), the fix on the next line, then a code frame with a
// caret; or JSON for CI. Colour only on a terminal and never when NO_COLOR is set.

import { Chalk } from 'chalk';
import { columnLetters, formatPosition, mentionsWritten, type Diagnostic, type Notice, type TableRowContext } from '../model/diagnostic.js';
import { codeFrame, sourceLines } from '../load/code-frame.js';
import { fileShower } from '../load/display-path.js';
import type { LoadedTexts } from '../load/project.js';
import { formatTable } from './text-table.js';

/** text for people, json for scripts, github for GitHub Actions (annotations on the changed lines). */
export type ReporterName = 'text' | 'json' | 'github';

/**
 * How the problems of a build are printed. Positions and mentions name files from the project's
 * folder: they are printed relative to where the command runs, only here, so that a problem kept
 * in the cache prints the same as one just found, from whichever folder.
 */
export interface ProblemPrinter {
  position(d: Diagnostic): string;
  message(d: Diagnostic): string;
  hint(d: Diagnostic): string | undefined;
  /** What the problem points at: a spreadsheet row with its header, or lines of a text file. */
  frame(d: Diagnostic): string[];
}

/** `root`: the folder of the project built; `loaded`: the texts the build decoded, by file (frames do not read them again). */
export function problemPrinter(root: string, loaded?: LoadedTexts): ProblemPrinter {
  const show = fileShower(root);
  const lines = sourceLines(root, loaded);
  return {
    position: (d) => formatPosition(d, show),
    message: (d) => mentionsWritten(d.message, d.mentions, show),
    hint: (d) => d.hint && mentionsWritten(d.hint, d.mentions, show),
    frame: (d) => (d.row ? rowFrame(d.row, d.column) : codeFrame(d, lines)),
  };
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], printer: ProblemPrinter, options: { color: boolean; frames: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  for (const d of diagnostics) {
    const severity = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
    lines.push(`${chalk.bold(printer.position(d))}  ${severity}  ${printer.message(d)}  ${chalk.dim(`[${d.code}]`)}`);
    const hint = printer.hint(d);
    if (hint) lines.push(`  ${chalk.cyan('→')} ${hint}`);
    if (options.frames) lines.push(...printer.frame(d).map((l) => chalk.dim(l)));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  lines.push(`${errors} 个错误，${warnings} 个警告`);
  return lines.join('\n');
}

export interface DiagnosticEntry {
  file?: string;
  /** A workbook's sheet; line is then the row and column the column's number. */
  sheet?: string;
  line?: number;
  column?: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  hint?: string;
}

/** Diagnostics as plain objects for JSON, in a fixed key order; `root`: the folder of the project built. */
export function diagnosticEntries(diagnostics: readonly Diagnostic[], root: string): DiagnosticEntry[] {
  const show = fileShower(root);
  return diagnostics.map((d) => {
    const hint = d.hint && mentionsWritten(d.hint, d.mentions, show);
    return {
      file: show(d.file),
      ...(d.sheet !== undefined ? { sheet: d.sheet } : {}),
      line: d.line,
      column: d.column,
      severity: d.severity,
      code: d.code,
      message: mentionsWritten(d.message, d.mentions, show),
      ...(hint ? { hint } : {}),
    };
  });
}

/** A build's notices as printed: the files they name, from where the command runs. */
export function noticeTexts(notices: readonly Notice[], root: string): string[] {
  const show = fileShower(root);
  return notices.map((notice) => mentionsWritten(notice.text, notice.mentions, show));
}

/** validate --reporter json: the list itself (build wraps it with the files written). */
export function diagnosticsJson(diagnostics: readonly Diagnostic[], root: string): string {
  return JSON.stringify(diagnosticEntries(diagnostics, root), null, 2);
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), which the
 * runner turns into annotations on those lines of a pull request. Escaped as the runner's own
 * toolkit (@actions/core) does: % and line breaks in the message, and also : and , in a property.
 */
export function githubAnnotations(entries: readonly DiagnosticEntry[]): string {
  return entries
    .map((entry) => {
      const properties: [string, string | number | undefined][] = [
        ['file', entry.file],
        ['line', entry.line],
        ['col', entry.column],
        ['title', `summarize ${entry.code}`],
      ];
      const written = properties.filter(([, value]) => value !== undefined).map(([name, value]) => `${name}=${escapeProperty(String(value))}`);
      const where = entry.sheet === undefined ? '' : `工作表 ${entry.sheet}：`;
      const message = `${where}${entry.message}${entry.hint ? `\n→ ${entry.hint}` : ''}`;
      return `::${entry.severity} ${written.join(',')}::${escapeData(message)}`;
    })
    .join('\n');
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * A spreadsheet row under its header and the column letters, with a caret under the problem's
 * cell: what the user sees in Excel, in the order they see it.
 *           A           B         C
 *      1    日期        部分      条目
 *   > 17    2024-05-04  guidence  ideology
 *                       ^
 */
function rowFrame(context: TableRowContext, column: number): string[] {
  const rows = [...(context.header ? [context.header] : []), context.row];
  const count = Math.max(column, ...rows.map((r) => r.values.length));
  const letters = Array.from({ length: count }, (_, i) => columnLetters(i + 1));
  const caret = Array.from({ length: count }, (_, i) => (i === column - 1 ? '^' : ''));
  return formatTable(
    [['', ...letters], ...rows.map((r) => [`${r === context.row ? '>' : ' '} ${r.line}`, ...r.values]), ['', ...caret]],
    { align: ['right'] },
  ).map((line) => `  ${line}`);
}
