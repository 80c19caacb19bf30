// CLI: how diagnostics reach the user. One line per problem in the form compilers use
// (`file:line:col  error  message  [code]`), the fix on the next line, then a code frame with a
// caret; or JSON for CI. Colour only on a terminal and never when NO_COLOR is set.

import { Chalk } from 'chalk';
import { columnLetters, formatPosition, type Diagnostic, type TableRowContext } from '../model/diagnostic.js';
import { codeFrame, type SourceLineCache } from '../load/code-frame.js';
import { formatTable } from './text-table.js';

/** text for people, json for scripts, github for GitHub Actions (annotations on the changed lines). */
export type ReporterName = 'text' | 'json' | 'github';

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { color: boolean; frames: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const sourceCache: SourceLineCache = new Map();
  for (const d of diagnostics) {
    const severity = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
    lines.push(`${chalk.bold(formatPosition(d))}  ${severity}  ${d.message}  ${chalk.dim(`[${d.code}]`)}`);
    if (d.hint) lines.push(`  ${chalk.cyan('→')} ${d.hint}`);
    if (options.frames) lines.push(...diagnosticFrame(d, sourceCache).map((l) => chalk.dim(l)));
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

/** Diagnostics as plain objects for JSON, in a fixed key order. */
export function diagnosticEntries(diagnostics: readonly Diagnostic[]): DiagnosticEntry[] {
  return diagnostics.map(({ file, line, column, sheet, severity, code, message, hint }) => ({
    file,
    ...(sheet !== undefined ? { sheet } : {}),
    line,
    column,
    severity,
    code,
    message,
    ...(hint ? { hint } : {}),
  }));
}

/** validate --reporter json: the list itself (build wraps it with the files written). */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(diagnosticEntries(diagnostics), null, 2);
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

/** What the problem points at: a spreadsheet row with its header, or lines of a text file. */
export function diagnosticFrame(d: Diagnostic, cache: SourceLineCache = new Map()): string[] {
  return d.row ? rowFrame(d.row, d.column) : codeFrame(d, cache);
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
