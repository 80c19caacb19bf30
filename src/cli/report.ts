// CLI: how diagnostics reach the user. One line per problem in the form compilers use
// (`file:line:col  error  message  [code]`), the fix on the next line, then a code frame with a
// caret; or JSON for CI. Colour only on a terminal and never when NO_COLOR is set.

import { Chalk } from 'chalk';
import type { Diagnostic } from '../model/diagnostic.js';
import { codeFrame, type SourceLineCache } from '../load/code-frame.js';

export type ReporterName = 'text' | 'json';

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: { color: boolean; frames: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const sourceCache: SourceLineCache = new Map();
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
