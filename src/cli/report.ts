// CLI: how diagnostics reach the user. One line per problem in the form compilers use
// (`file:line:col  error  message  [code]`), the fix on the next line, then a code frame with a
// caret; or JSON for CI. Colour only on a terminal and never when NO_COLOR is set.

import { readFileSync, statSync } from 'node:fs';
import { Chalk } from 'chalk';
import { columnLetters, formatPosition, type Diagnostic, type TableRowContext } from '../model/diagnostic.js';
import { MAX_FILE_BYTES } from '../load/project.js';
import { decodeSource } from '../load/source-text.js';
import { formatTable } from './text-table.js';

export type ReporterName = 'text' | 'json';

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { color: boolean; frames: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const sourceCache = new Map<string, string[] | undefined>();
  for (const d of diagnostics) {
    const severity = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
    lines.push(`${chalk.bold(formatPosition(d))}  ${severity}  ${d.message}  ${chalk.dim(`[${d.code}]`)}`);
    if (d.hint) lines.push(`  ${chalk.cyan('→')} ${d.hint}`);
    if (options.frames) lines.push(...(d.row ? rowFrame(d.row, d.column) : codeFrame(d, sourceCache)).map((l) => chalk.dim(l)));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  lines.push(`${errors} 个错误，${warnings} 个警告`);
  return lines.join('\n');
}

export function diagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map(({ file, line, column, sheet, severity, code, message, hint }) => ({
      file,
      ...(sheet !== undefined ? { sheet } : {}),
      line,
      column,
      severity,
      code,
      message,
      ...(hint ? { hint } : {}),
    })),
    null,
    2,
  );
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

function codeFrame(d: Diagnostic, cache: Map<string, string[] | undefined>): string[] {
  if (!cache.has(d.file)) cache.set(d.file, sourceLines(d.file));
  const source = cache.get(d.file);
  const line = source?.[d.line - 1];
  if (line === undefined) return [];
  const gutter = String(d.line).length;
  const frame: string[] = [];
  if (d.line > 1 && source![d.line - 2] !== undefined) frame.push(`  ${String(d.line - 1).padStart(gutter)} | ${source![d.line - 2]}`);
  frame.push(`> ${String(d.line)} | ${line}`);
  // Chinese characters take two columns on a terminal; pad with the same characters' widths.
  const before = [...line.slice(0, Math.max(0, d.column - 1))].map((c) => (isWide(c) ? '　' : c === '\t' ? '\t' : ' ')).join('');
  frame.push(`  ${' '.repeat(gutter)} | ${before}^`);
  return frame;
}

/**
 * The file's lines as the load stage read them (same decoding, so a GBK file or a BOM does not
 * shift the caret), or undefined when there is nothing to show: the problem is about a folder,
 * the file is gone or unreadable now, or too large to have been read at all.
 */
function sourceLines(file: string): string[] | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats?.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    // A file system error (it changed since it was read) only loses the frame; the problem
    // itself is still reported. Anything else is a bug and is not hidden.
    if (typeof (error as { code?: unknown }).code !== 'string') throw error;
    return undefined;
  }
  const decoded = decodeSource(file, bytes);
  return decoded.readable === false ? undefined : decoded.text.split(/\r?\n/);
}

function isWide(char: string): boolean {
  return /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u.test(char);
}
