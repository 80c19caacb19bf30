// Model: a problem found in a user's input. Every stage reports these instead of throwing, so that
// one run lists all problems (house style: validation returns the value and a list of problems).

export type Severity = 'error' | 'warning';

export interface SourcePosition {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

export interface Diagnostic extends SourcePosition {
  severity: Severity;
  /** Stable identifier, usable in docs and CI filters, e.g. `unknown-section`. */
  code: string;
  message: string;
  /** How to fix it, in plain words. */
  hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}
