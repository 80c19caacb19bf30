// The corpus of bad inputs (issue 4): every folder under test/fixtures/invalid/ is a tiny project
// with one problem and an expected.json naming the diagnostics it must produce. One table-driven
// test runs what `summarize validate` runs (src/cli/validate.ts) on each folder in-process
// and checks file, line, code, severity (and column where given), the exit code the CLI gives,
// that nothing is written, and the text reporter's code frames. Two cases also run through the
// real built CLI (`npm test` builds dist/ first), as a user would: the same JSON on stdout, the
// same exit code, and no stack trace.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/cli/validate.js';
import { diagnosticsJson, formatDiagnostics, problemPrinter } from '../../src/cli/report.js';
import { columnLetters, type Diagnostic } from '../../src/model/diagnostic.js';
import type { LoadedTexts } from '../../src/load/project.js';
import { EXIT_INVALID_INPUT, UserError } from '../../src/model/errors.js';
import { snapshot } from '../helpers/snapshot.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const corpus = path.join(repo, 'test/fixtures/invalid');

interface Expected {
  description: string;
  exitCode: number;
  /** file and line are left out for a problem with no file (code `environment`). */
  /** `sheet` for a cell of a workbook. */
  diagnostics: { file?: string; sheet?: string; line?: number; column?: number; severity: 'error' | 'warning'; code: string }[];
  /** Text the CLI's stderr must contain (for usage errors, which print a message instead of diagnostics). */
  stderr?: string;
}

interface Reported {
  file?: string;
  sheet?: string;
  line?: number;
  column?: number;
  severity: string;
  code: string;
  message: string;
}

const cases = readdirSync(corpus)
  .filter((name) => statSync(path.join(corpus, name)).isDirectory())
  .sort()
  .map((name) => ({ name, dir: path.join(corpus, name), expected: JSON.parse(readFileSync(path.join(corpus, name, 'expected.json'), 'utf8')) as Expected }));

/** A stack frame as node prints it: four spaces, "at ". */
const STACK_FRAME = /^ {4}at /m;

/**
 * `summarize validate 2024 -C <dir>`, in-process: its exit code, its diagnostics (positions name
 * files from the project's folder), and the message a usage error prints.
 */
async function validateInProcess(dir: string): Promise<{ code: number; diagnostics: Diagnostic[]; texts?: LoadedTexts; message?: string }> {
  try {
    const checked = await validate('2024', { project: dir });
    return { code: checked.failed ? EXIT_INVALID_INPUT : 0, diagnostics: checked.diagnostics, texts: checked.texts };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { code: error.exitCode, diagnostics: [], message: [error.message, error.hint].filter(Boolean).join('\n') };
  }
}

async function validateWithCli(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'validate', '2024', '-C', '.', '--reporter', 'json'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout: string; stderr: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** --reporter json as run in the project's folder prints it: positions name files from there, as from the working folder. */
function inProjectFolder(diagnostics: readonly Diagnostic[]): string {
  return diagnosticsJson(diagnostics, process.cwd());
}

function shown(reported: readonly Reported[], expected: Expected): Expected['diagnostics'] {
  return reported.map(({ file, sheet, line, column, severity, code }, i) => ({
    file,
    ...(sheet !== undefined ? { sheet } : {}),
    line,
    ...(expected.diagnostics[i]?.column !== undefined ? { column } : {}),
    severity: severity as 'error' | 'warning',
    code,
  }));
}

describe('the corpus of bad inputs', () => {
  it('has at least 40 cases, each described', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const { expected } of cases) expect(expected.description).not.toBe('');
  });

  describe.each(cases)('$name', ({ dir, expected }) => {
    it(`reports what expected.json says, in order, as JSON and as text (${expected.description})`, { timeout: 30_000 }, async () => {
      const before = snapshot(dir);
      const { code, diagnostics, texts, message } = await validateInProcess(dir);
      expect(code).toBe(expected.exitCode);
      if (expected.stderr) expect(message).toContain(expected.stderr);
      // A usage error reaches --reporter json as one entry without a position (code `environment`).
      const reported = message === undefined ? (JSON.parse(inProjectFolder(diagnostics)) as Reported[]) : [{ severity: 'error', code: 'environment', message }];
      expect(shown(reported, expected)).toEqual(expected.diagnostics);
      for (const d of reported) {
        expect(d.message).toMatch(/\p{Script=Han}/u); // messages are in Chinese
        expect(d.code).toMatch(/^[a-z][a-z0-9-]*$/); // stable, documentable identifiers
      }
      expect(snapshot(dir)).toEqual(before); // validate writes nothing

      // The text reporter reads each file again for its code frame (a folder once crashed it).
      const text = formatDiagnostics(diagnostics, problemPrinter(dir), { color: false, frames: true });
      // The frames shown from the texts the load stage decoded are those of reading each file again.
      expect(formatDiagnostics(diagnostics, problemPrinter(dir, texts), { color: false, frames: true })).toBe(text);
      for (const d of expected.diagnostics.filter((e) => e.line !== undefined)) {
        expect(text).toContain(d.sheet === undefined ? `${d.line}:${d.column ?? ''}` : `${d.sheet}!${d.column === undefined ? '' : columnLetters(d.column)}${d.line}`);
      }
      expect(text).toMatch(/\d+ 个错误，\d+ 个警告$/);
    });
  });

  // One case with diagnostics, one usage error: the real CLI says what the in-process run says.
  describe.concurrent.each(cases.filter((c) => ['config-empty', 'no-project'].includes(c.name)))('the real CLI on $name', ({ dir, expected }) => {
    it('prints the same JSON, exits with the same code, and prints no stack trace', { timeout: 30_000 }, async () => {
      const { code, stdout, stderr } = await validateWithCli(dir);
      expect(stderr).not.toMatch(STACK_FRAME);
      expect(code).toBe(expected.exitCode);
      if (expected.stderr) expect(stderr).toContain(expected.stderr);
      const reported = JSON.parse(stdout) as Reported[];
      expect(shown(reported, expected)).toEqual(expected.diagnostics);
      const inProcess = await validateInProcess(dir);
      if (inProcess.message === undefined) expect(stdout.trim()).toBe(inProjectFolder(inProcess.diagnostics));
    });
  });
});
