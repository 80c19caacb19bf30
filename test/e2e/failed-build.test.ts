// `summarize build` and bad input, through the real built CLI: nothing is written when any error
// is found (or, with --strict, any warning); an earlier good output is never replaced by a failed
// build and no temporary file is left; an unwritable output folder or a missing project is a
// usage error (exit 2) with a message, never a stack trace unless --debug asks for it.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/snapshot.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const minimal = path.join(repo, 'test/fixtures/valid/minimal');
const STACK_FRAME = /^ {4}at /m;

function copyOfMinimal(): string {
  const dir = temporaryFolder('build');
  cpSync(minimal, dir, { recursive: true });
  return dir;
}

function summarize(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const build = (project: string, out: string, ...more: string[]) => summarize('build', '2024', '-C', project, '--format', 'md', '--out', out, ...more);

function appendToLog(project: string, text: string): void {
  const log = path.join(project, 'activities/2024/log.yaml');
  writeFileSync(log, readFileSync(log, 'utf8') + text);
}

const BROKEN_EVENT = '\n- date: 2024-09-01\n  section: guidence\n  theme: ideology\n  title: 写错了部分\n  metrics: {lectures: 26场}\n';
const EVENT_WITH_WARNING = '\n- date: 2024-09-01\n  section: guidance\n  theme: ideology\n  title: 主题宣讲,进校园\n';

describe('build and bad input', { timeout: 60_000 }, () => {
  it('builds the minimal project', () => {
    const out = path.join(temporaryFolder('out'), 'out');
    const { status, stderr } = build(copyOfMinimal(), out);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(readFileSync(path.join(out, 'bulletin.md'), 'utf8')).toContain('开展主题宣讲1场次');
  });

  it('writes nothing, not even the output folder, when the input has an error', () => {
    const project = copyOfMinimal();
    appendToLog(project, BROKEN_EVENT);
    const out = path.join(temporaryFolder('out'), 'out');
    const before = snapshot(project);
    const { status, stderr } = build(project, out);
    expect(status).toBe(1);
    expect(stderr).toMatch(/unknown-section/);
    expect(stderr).toMatch(/number-with-unit/);
    expect(stderr).toContain('输入有误，没有生成任何文件');
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(() => statSync(out)).toThrow(); // no folder made
    expect(snapshot(project)).toEqual(before); // source files are never written to
  });

  it('leaves an earlier good output untouched when a later build fails, with no temporary file left', () => {
    const project = copyOfMinimal();
    const out = path.join(temporaryFolder('out'), 'out');
    expect(build(project, out).status).toBe(0);
    const good = snapshot(out);
    const goodText = readFileSync(path.join(out, 'bulletin.md'), 'utf8');
    appendToLog(project, BROKEN_EVENT);
    const { status, stderr } = build(project, out);
    expect(status).toBe(1);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(snapshot(out)).toEqual(good);
    expect(readFileSync(path.join(out, 'bulletin.md'), 'utf8')).toBe(goodText);
    expect(readdirSync(out).filter((name) => /\.\d+\.(tmp|bak)$/.test(name))).toEqual([]); // safe-write's staging names
  });

  it('builds despite warnings; with --strict a warning stops it and nothing is written', () => {
    const project = copyOfMinimal();
    appendToLog(project, EVENT_WITH_WARNING);
    const strictOut = path.join(temporaryFolder('out'), 'out');
    const strict = build(project, strictOut, '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/log\.yaml:\d+:14\s+warning\s+中文里用了半角标点 “,”\s+\[half-width-punctuation\]/);
    expect(() => statSync(strictOut)).toThrow();

    const out = path.join(temporaryFolder('out'), 'out');
    const relaxed = build(project, out);
    expect(relaxed.status).toBe(0);
    expect(relaxed.stderr).toMatch(/0 个错误，1 个警告/);
    expect(statSync(path.join(out, 'bulletin.md')).isFile()).toBe(true);
  });

  it('validate with --strict fails on a warning, and writes nothing either way', () => {
    const project = copyOfMinimal();
    appendToLog(project, EVENT_WITH_WARNING);
    const before = snapshot(project);
    expect(summarize('validate', '2024', '-C', project).status).toBe(0);
    expect(summarize('validate', '2024', '-C', project, '--strict').status).toBe(1);
    expect(snapshot(project)).toEqual(before);
  });

  it('an output folder that cannot be made is a usage error (exit 2) naming it', () => {
    const parent = temporaryFolder('out');
    writeFileSync(path.join(parent, 'a-file'), '');
    const { status, stderr } = build(copyOfMinimal(), path.join(parent, 'a-file', 'out'));
    expect(status).toBe(2);
    expect(stderr).toMatch(/summarize: 无法写入 .*a-file\/out\/bulletin\.md：/);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it.runIf(existsSync('/proc/self'))('an output folder on a pseudo file system ends with exit 2 (Node’s recursive mkdir loops there)', () => {
    const { status, stderr } = build(copyOfMinimal(), '/proc/summarize-out');
    expect(status).toBe(2);
    expect(stderr).toMatch(/无法写入 \/proc\/summarize-out\/bulletin\.md/);
  });

  it('an output that is a folder is a usage error, and the other outputs are not replaced', () => {
    const project = copyOfMinimal();
    const out = path.join(temporaryFolder('out'), 'out');
    expect(build(project, out).status).toBe(0);
    expect(readdirSync(out).length).toBeGreaterThan(1); // bulletin.md and the figures audit
    rmSync(path.join(out, 'bulletin.md'));
    mkdirSync(path.join(out, 'bulletin.md'));
    const before = snapshot(out);
    appendToLog(project, '\n- date: 2024-10-01\n  section: guidance\n  theme: ideology\n  title: 又一场宣讲\n  metrics: {lectures: 2}\n');
    const { status, stderr } = build(project, out);
    expect(status).toBe(2);
    expect(stderr).toMatch(/无法写入 .*bulletin\.md：已有同名的文件夹/);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(snapshot(out)).toEqual(before);
  });

  it('a missing project folder is a usage error without a stack; --debug shows the stack', () => {
    const missing = path.join(tmpdir(), 'summarize-no-such-project-folder');
    const plain = summarize('validate', '2024', '-C', missing);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/项目文件夹 .* 不存在/);
    expect(plain.stderr).not.toMatch(STACK_FRAME);
    const debug = summarize('validate', '2024', '-C', missing, '--debug');
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(STACK_FRAME);
  });

  it('a period it cannot read is a usage error', () => {
    const { status, stderr } = summarize('validate', '2024年', '-C', copyOfMinimal());
    expect(status).toBe(2);
    expect(stderr).toContain('看不懂时间段');
    expect(stderr).not.toMatch(STACK_FRAME);
  });
});
