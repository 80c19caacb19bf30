// CLI (built to dist/ by `npm test`): a run that fails says why, naming the file (issue 14). Over
// the whole corpus of bad inputs, and over files of every kind that hold nothing (empty, blank,
// only a comment, `null`). Then the numbers JavaScript cannot hold exactly: an error at the value,
// never a figure printed other than it was written.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const corpus = path.join(repo, 'test/fixtures/invalid');

function summarize(args: readonly string[], cwd = repo): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A diagnostic line naming a file and position (`file:line:col`, or a workbook's `file:Sheet!C5`),
 * or (no file involved) a message naming a path.
 */
const NAMES_A_FILE = /^\S+:(?:\d+:\d+|[^\s!]+![A-Z]+\d+) {2}(?:error|warning) |^summarize: .*[/\\.]/m;

describe('every failed run names a file', () => {
  const cases = readdirSync(corpus).filter((name) => statSync(path.join(corpus, name)).isDirectory());

  it.concurrent.each(cases)('build in test/fixtures/invalid/%s', async (name) => {
    const out = temporaryFolder('failed-run');
    const { status, stderr } = summarize(['build', '2024', '-C', path.join(corpus, name), '--format', 'md', '-o', out]);
    if (status !== 0) expect(stderr, stderr).toMatch(NAMES_A_FILE);
  });
});

describe('a file of any kind that holds nothing', () => {
  let base: string;
  beforeAll(() => {
    base = temporaryFolder('empty-kinds');
    expect(summarize(['init', path.join(base, 'project'), '--year', '2024']).status).toBe(0);
    mkdirSync(path.join(base, 'project/plans'));
    writeFileSync(path.join(base, 'project/plans/2025.yaml'), 'sections:\n  - title: 加强思想引领\n    items:\n      - text: 继续开展宣讲。\n');
  });

  const contents = { empty: '', blank: '  \n\t\n', comment: '# 以后再填\n', null: 'null\n' };
  const kinds: Record<string, { file: string; remove?: string; documentKind?: string; rollup?: boolean }> = {
    config: { file: 'summarize.yaml' },
    log: { file: 'activities/2024/later.yaml' },
    metrics: { file: 'metrics/2024.yaml' },
    'metrics CSV': { file: 'metrics/2024.csv', remove: 'metrics/2024.yaml' },
    // validate does not read the plan; build reads it for the plan kind.
    plan: { file: 'plans/2025.yaml', documentKind: 'plan' },
    "a roll-up unit's config": { file: 'district/summarize.yaml', rollup: true },
  };
  const table = Object.entries(kinds).flatMap(([kind, setup]) => Object.entries(contents).map(([how, text]) => ({ kind, how, text, ...setup })));

  it.each(table)('$kind, $how: named at its first line, whatever the exit code', ({ file, text, remove, documentKind, rollup }) => {
    const project = path.join(temporaryFolder('empty-kind'), 'project');
    cpSync(path.join(base, 'project'), project, { recursive: true });
    if (remove) rmSync(path.join(project, remove));
    if (rollup) {
      cpSync(path.join(base, 'project'), path.join(project, 'district'), { recursive: true });
      writeFileSync(path.join(project, 'summarize.yaml'), `units: [district]\n${readFileSync(path.join(project, 'summarize.yaml'))}`);
    }
    writeFileSync(path.join(project, file), text);
    const build = ['build', '2024', '--format', 'md', ...(documentKind ? ['--kind', documentKind] : [])];
    for (const command of documentKind ? [build] : [['validate', '2024'], build]) {
      const { status, stderr } = summarize([...command, '-C', '.'], project);
      expect(stderr, `${command.join(' ')}:\n${stderr}`).toContain(`${file}:1:1  `);
      if (status !== 0) expect(stderr).toMatch(NAMES_A_FILE);
    }
  });

  it('an empty summarize.yaml is an error saying so, for validate and build alike', () => {
    const project = path.join(temporaryFolder('empty-config'), 'project');
    cpSync(path.join(base, 'project'), project, { recursive: true });
    writeFileSync(path.join(project, 'summarize.yaml'), '');
    for (const command of ['validate', 'build']) {
      const { status, stderr } = summarize([command, '2024', '-C', project]);
      expect(status).toBe(1);
      expect(stderr).toMatch(/summarize\.yaml:1:1 {2}error {2}.*是空的 {2}\[empty-file\]/);
    }
  });
});

describe('numbers JavaScript cannot hold exactly', () => {
  function validateLog(metrics: string, csv?: string): { file?: string; line?: number; column?: number; code: string; severity: string; message: string }[] {
    const project = path.join(temporaryFolder('numbers'), 'project');
    expect(summarize(['init', project, '--year', '2024']).status).toBe(0);
    writeFileSync(
      path.join(project, 'activities/2024/sample.yaml'),
      `- date: 2024-03-05\n  section: guidance\n  theme: ideology\n  title: 宣讲\n  metrics: {${metrics}}\n- date: 2024-03-06\n  section: guidance\n  theme: ideology\n  title: 又一场宣讲\n  metrics: {lectures: 1, reached: 9000}\n`,
    );
    if (csv !== undefined) {
      rmSync(path.join(project, 'metrics/2024.yaml'));
      writeFileSync(path.join(project, 'metrics/2024.csv'), csv);
    }
    const { stdout } = summarize(['validate', '2024', '-C', project, '--reporter', 'json']);
    return JSON.parse(stdout) as ReturnType<typeof validateLog>;
  }

  it('a value past 2^53 − 1 is an error at the value, naming the digits as written', () => {
    for (const written of ['9007199254740992', '9007199254740993', '12345678901234567890']) {
      const [problem, ...rest] = validateLog(`lectures: 1, reached: ${written}`);
      expect(rest).toEqual([]);
      expect(problem).toMatchObject({ file: expect.stringMatching(/sample\.yaml$/), line: 5, column: 35, severity: 'error', code: 'number-too-large' });
      expect(problem!.message).toContain(written);
    }
    // The largest exact integer is read as it is (the total with the second event is not: next test).
    expect(validateLog('lectures: 1, reached: 9007199254740991').map((d) => d.code)).toEqual(['total-too-large']);
  });

  it('a total that leaves the exact range is an error at the event that took it there', () => {
    const problems = validateLog('lectures: 1, reached: 9007199254740000');
    expect(problems).toEqual([expect.objectContaining({ line: 6, severity: 'error', code: 'total-too-large' })]);
  });

  it('the same in a metrics CSV', () => {
    const problems = validateLog('lectures: 1, reached: 320', 'metric,value\nmembers,9007199254740993\n');
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/2024\.csv$/), line: 2, severity: 'error', code: 'number-too-large' })]);
  });

  it('a number written other than in plain digits is read as YAML says, with a warning saying so', () => {
    for (const [written, read] of [['0x1A', 26], ['0o17', 15], ['1e3', 1000], ['010', 10], ['26.0', 26], ['+26', 26]] as const) {
      const problems = validateLog(`lectures: ${written}, reached: 320`);
      expect(problems).toEqual([expect.objectContaining({ line: 5, column: 23, severity: 'warning', code: 'number-notation' })]);
      expect(problems[0]!.message).toContain(`写成了 ${written}，已按 ${read} 读取`);
    }
  });
});
