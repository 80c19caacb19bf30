// CLI: how diagnostics reach the user. One line per problem in the form compilers use
// (`file:line:col  error  message  [code]`), the fix on the next line, then a code frame with a
// caret; or JSON for CI. Colour only on a terminal and never when NO_COLOR is set.

import { existsSync, readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import type { Diagnostic } from '../model/diagnostic.js';

export type ReporterName = 'text' | 'json';

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { color: boolean; frames: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const sourceCache = new Map<string, string[] | undefined>();
  for (const d of diagnostics) {
    const severity = d.severity === 'error' ? chalk.red('error') : chalk.yellow('warning');
    lines.push(`${chalk.bold(`${d.file}:${d.line}:${d.column}`)}  ${severity}  ${d.message}  ${chalk.dim(`[${d.code}]`)}`);
    if (d.hint) lines.push(`  ${chalk.cyan('→')} ${d.hint}`);
    if (options.frames) lines.push(...codeFrame(d, sourceCache).map((l) => chalk.dim(l)));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  lines.push(`${errors} 个错误，${warnings} 个警告`);
  return lines.join('\n');
}

export function diagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map(({ file, line, column, severity, code, message, hint }) => ({ file, line, column, severity, code, message, ...(hint ? { hint } : {}) })),
    null,
    2,
  );
}

function codeFrame(d: Diagnostic, cache: Map<string, string[] | undefined>): string[] {
  if (!cache.has(d.file)) {
    cache.set(d.file, existsSync(d.file) && !d.file.endsWith('/') ? readFileSync(d.file, 'utf8').split(/\r?\n/) : undefined);
  }
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

function isWide(char: string): boolean {
  return /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u.test(char);
}
