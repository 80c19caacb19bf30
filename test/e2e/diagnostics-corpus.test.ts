// The corpus of bad inputs (issue 4): every folder under test/fixtures/invalid/ is a tiny project
// with one problem and an expected.json naming the diagnostics it must produce. One table-driven
// test runs the real built CLI (`npm test` builds dist/ first) in each folder, as a user would,
// and checks file, line, code, severity (and column where given), the exit code, that no stack
// trace is printed, and that `validate` wrote nothing. The same diagnostics are then printed by
// the text reporter with code frames (in-process: one CLI start per case keeps this file fast).

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics } from '../../src/cli/report.js';
import { snapshot } from '../helpers/snapshot.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const corpus = path.join(repo, 'test/fixtures/invalid');

interface Expected {
  description: string;
  exitCode: number;
  /** file and line are left out for a problem with no file (code `environment`). */
  diagnostics: { file?: string; line?: number; column?: number; severity: 'error' | 'warning'; code: string }[];
  /** Text stderr must contain (for usage errors, which print a message instead of diagnostics). */
  stderr?: string;
}

interface Reported {
  file?: string;
  line?: number;
  column: number;
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

async function validate(dir: string, reporter: 'json' | 'text'): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'validate', '2024', '-C', '.', '--reporter', reporter], {
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

describe('the corpus of bad inputs', () => {
  it('has at least 40 cases, each described', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const { expected } of cases) expect(expected.description).not.toBe('');
  });

  describe.concurrent.each(cases)('$name', { timeout: 30_000 }, ({ dir, expected }) => {
    it(`reports what expected.json says, in order, as JSON and as text (${expected.description})`, async () => {
      const before = snapshot(dir);
      const { code, stdout, stderr } = await validate(dir, 'json');
      expect(stderr).not.toMatch(STACK_FRAME);
      expect(code).toBe(expected.exitCode);
      if (expected.stderr) expect(stderr).toContain(expected.stderr);
      const reported = stdout.trim() === '' ? [] : (JSON.parse(stdout) as Reported[]);
      const shown = reported.map(({ file, line, column, severity, code: id }, i) => ({
        file,
        line,
        ...(expected.diagnostics[i]?.column !== undefined ? { column } : {}),
        severity,
        code: id,
      }));
      expect(shown).toEqual(expected.diagnostics);
      for (const d of reported) {
        expect(d.message).toMatch(/\p{Script=Han}/u); // messages are in Chinese
        expect(d.code).toMatch(/^[a-z][a-z0-9-]*$/); // stable, documentable identifiers
      }
      expect(snapshot(dir)).toEqual(before); // validate writes nothing

      // The text reporter reads each file again for its code frame (a folder once crashed it).
      // A problem with no file (exit code 2: no project, a folder where a file should be) has no frame.
      const positioned = reported.filter((d) => d.file !== undefined);
      const text = formatDiagnostics(
        positioned.map((d) => ({ ...d, line: d.line!, severity: d.severity as 'error' | 'warning', file: path.join(dir, d.file!) })),
        { color: false, frames: true },
      );
      for (const d of expected.diagnostics.filter((e) => e.line !== undefined)) expect(text).toContain(`${d.line}:${d.column ?? ''}`);
      expect(text).toMatch(/\d+ 个错误，\d+ 个警告$/);
    });
  });
});
