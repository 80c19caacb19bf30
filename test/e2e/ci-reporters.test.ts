// CLI (built to dist/ by `npm test`): what CI reads. `--reporter github` prints GitHub Actions
// workflow commands; `build --reporter json` prints one JSON document on stdout; `-C` works on
// every command that reads a project.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';
import { githubAnnotations } from '../../src/cli/report.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');

function summarize(args: readonly string[], cwd = repo): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('--reporter github', () => {
  it('prints each problem as a workflow command at its file, line and column', () => {
    const { status, stdout } = summarize(['validate', '2024', '-C', 'test/fixtures/invalid/unknown-section', '--reporter', 'github']);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^::error file=test\/fixtures\/invalid\/unknown-section\/activities\/2024\/log\.yaml,line=\d+,col=\d+,title=summarize unknown-section::.+%0A→ /m);
  });

  it('escapes as the runner expects: % and line breaks in the message, also : and , in properties', () => {
    const line = githubAnnotations([{ file: 'a,b:c.yaml', line: 3, column: 5, severity: 'warning', code: 'x', message: '100% 完成\r\n第二行', hint: '改成 a,b' }]);
    expect(line).toBe('::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=summarize x::100%25 完成%0D%0A第二行%0A→ 改成 a,b');
  });

  it('a problem with no file (a missing project) is one ::error without a position, exit 2', () => {
    const { status, stdout } = summarize(['build', '2024', '-C', '/nonexistent-project', '--reporter', 'github']);
    expect(status).toBe(2);
    expect(stdout.trim()).toMatch(/^::error title=summarize environment::.*\/nonexistent-project/);
  });
});

describe('build --reporter json', () => {
  it('stdout is one JSON document with the files written, then unchanged, and the problems', () => {
    const out = temporaryFolder('json-build');
    const first = summarize(['build', '2024', '-C', 'examples/shangjie', '--format', 'md', '-o', out, '--reporter', 'json']);
    expect(first.status).toBe(0);
    const written = JSON.parse(first.stdout) as { written: string[]; unchanged: string[]; diagnostics: unknown[] };
    expect(written.written).toContain(path.join(out, 'bulletin.md'));
    expect(written.diagnostics).toEqual([]);
    const again = JSON.parse(summarize(['build', '2024', '-C', 'examples/shangjie', '--format', 'md', '-o', out, '--reporter', 'json']).stdout) as typeof written;
    expect(again.written).toEqual([]);
    expect(again.unchanged).toContain(path.join(out, 'bulletin.md'));
  });

  it('a failed build is the same document, with no files and the problems', () => {
    const project = temporaryFolder('json-failed');
    writeFileSync(path.join(project, 'summarize.yaml'), '');
    const { status, stdout } = summarize(['build', '2024', '-C', project, '--reporter', 'json']);
    expect(status).toBe(1);
    const result = JSON.parse(stdout) as { written: string[]; diagnostics: { code: string }[] };
    expect(result.written).toEqual([]);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'empty-file' }));
  });
});

describe('-C, --project', () => {
  it('templates helpers takes it and lists the project’s metrics', () => {
    const { status, stdout } = summarize(['templates', 'helpers', '-C', 'examples/shangjie']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/本项目（examples\/shangjie\/summarize\.yaml）的指标/);
    expect(stdout).toMatch(/^ {2}lectures +宣讲（场次）$/m);
  });

  it('every command that reads a project names the missing folder the same way', () => {
    for (const command of [['build', '2024'], ['validate', '2024'], ['stats', '2024'], ['explain', '2024', 'lectures'], ['templates', 'list'], ['templates', 'eject', 'annual'], ['templates', 'helpers']]) {
      const { status, stderr } = summarize([...command, '-C', '/nonexistent-project']);
      expect(status, command.join(' ')).toBe(2);
      expect(stderr, command.join(' ')).toContain('/nonexistent-project');
    }
  });
});
