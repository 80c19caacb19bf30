// CLI (built to dist/ by `npm test`): where a build writes. One folder per period whatever its
// spelling; one name per kind, script and format in it (write/output-names.ts), each document's
// build recorded so that another kind or script built into the folder does not undo it; older
// files of a document that this build did not write again removed when ours, reported when not;
// temporary files left by a build that was killed midway are cleared by the next one.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp.js';
import { findOffice } from '../../src/write/pdf.js';

const office = findOffice();
if (!office) console.warn('skipping the traditional PDF’s name: soffice not on PATH; install libreoffice-writer-nogui (see .ci/run)');

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

function summarize(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', [cli, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let project: string;
beforeAll(() => {
  project = path.join(temporaryFolder('outputs'), 'project');
  expect(summarize(['init', project, '--year', '2024']).status).toBe(0);
});

describe('output folders', () => {
  it('one folder per period, whatever its spelling', () => {
    for (const spelling of ['2024-q1', '2024Q1', '2024-Q1']) expect(summarize(['build', spelling, '-C', project, '--format', 'md']).status).toBe(0);
    for (const spelling of ['2024-h1', '2024H1']) expect(summarize(['build', spelling, '-C', project, '--format', 'md']).status).toBe(0);
    expect(summarize(['build', '2024-3', '-C', project, '--format', 'md']).status).toBe(0);
    expect(readdirSync(path.join(project, 'out')).sort()).toEqual(['2024-03', '2024-Q1', '2024H1']);
  });
});

describe('temporary files of a killed build', () => {
  it('are cleared by the next build; those of a running process are left alone', () => {
    const out = path.join(project, 'out/2024');
    mkdirSync(out, { recursive: true });
    // A process that has ended: its id is free (and not reused within this test).
    const ended = spawnSync('node', ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(ended.stdout.trim());
    const stale = [`.bulletin.docx.${deadPid}.tmp`, `.figures.json.${deadPid}.tmp`];
    const running = `.bulletin.md.${process.pid}.tmp`;
    for (const name of [...stale, running]) writeFileSync(path.join(out, name), 'half-written');
    // An earlier output moved aside by the killed build, with nothing in its place: put back.
    writeFileSync(path.join(out, `.notes.md.${deadPid}.bak`), 'earlier');
    expect(summarize(['build', '2024', '-C', project, '--format', 'md', '--force']).status).toBe(0);
    for (const name of stale) expect(existsSync(path.join(out, name)), name).toBe(false);
    expect(existsSync(path.join(out, running))).toBe(true);
    expect(existsSync(path.join(out, 'notes.md'))).toBe(true);
    expect(existsSync(path.join(out, `.notes.md.${deadPid}.bak`))).toBe(false);
  });
});

describe('one name for each kind, script and format', { timeout: 60_000 }, () => {
  let out: string;
  const build = (...extra: string[]) => summarize(['build', '2024', '-C', project, '-o', out, ...extra]);
  const listing = () => readdirSync(out).filter((name) => !name.startsWith('.')).sort();
  beforeAll(() => {
    out = path.join(temporaryFolder('names'), '2024');
  });

  it('the simplified and the traditional bulletin, and the annual summary, sit side by side', () => {
    expect(build('--format', 'md,docx').status).toBe(0);
    expect(build('--format', 'md,docx', '--script', 'hant').status).toBe(0);
    expect(build('--format', 'md', '--script', 'hant-hk').status).toBe(0);
    expect(build('--format', 'md', '--kind', 'annual').status).toBe(0);
    expect(listing()).toEqual([
      'annual.figures.json',
      'annual.md',
      'bulletin.docx',
      'bulletin.figures.json',
      'bulletin.hant-hk.figures.json',
      'bulletin.hant-hk.md',
      'bulletin.hant-tw.docx',
      'bulletin.hant-tw.figures.json',
      'bulletin.hant-tw.md',
      'bulletin.md',
    ]);
    expect(readFileSync(path.join(out, 'bulletin.md'), 'utf8')).toMatch(/^# .*团/m);
    expect(readFileSync(path.join(out, 'bulletin.hant-tw.md'), 'utf8')).toMatch(/^# .*團/m);
  });

  it.skipIf(!office)('the PDF LibreOffice makes of a traditional DOCX takes the DOCX’s name', () => {
    const result = build('--format', 'pdf', '--script', 'hant-hk');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`已生成 ${path.join(out, 'bulletin.hant-hk.pdf')}`);
    expect(readdirSync(out).filter((name) => name.endsWith('.pdf'))).toEqual(['bulletin.hant-hk.pdf']);
  });

  it('each document stays up to date after another kind or script was built into the folder', () => {
    for (const options of [['--format', 'md,docx'], ['--format', 'md,docx', '--script', 'hant'], ['--format', 'md', '--kind', 'annual']]) {
      const again = build(...options);
      expect(again.status).toBe(0);
      expect(again.stdout, options.join(' ')).not.toContain('已生成');
      expect(again.stdout, options.join(' ')).toContain('未改动');
    }
  });
});

describe('files of a document that a build did not write again', { timeout: 60_000 }, () => {
  let out: string;
  const build = (...extra: string[]) => summarize(['build', '2024', '-C', project, '-o', out, ...extra]);
  beforeAll(() => {
    out = path.join(temporaryFolder('stale'), '2024');
  });

  it('are removed when an earlier build wrote them and nobody changed them since', () => {
    expect(build('--format', 'md,docx').status).toBe(0);
    expect(build('--format', 'md,docx', '--script', 'hant').status).toBe(0);
    const mdOnly = build('--format', 'md');
    expect(mdOnly.status).toBe(0);
    expect(mdOnly.stdout).toContain(`已删除 ${path.join(out, 'bulletin.docx')}`);
    expect(existsSync(path.join(out, 'bulletin.docx'))).toBe(false);
    // Another script is another document: its DOCX is not stale.
    expect(existsSync(path.join(out, 'bulletin.hant-tw.docx'))).toBe(true);
  });

  it('are reported and left in place when they are not ours as written: edited by hand, or saved from Word', () => {
    expect(build('--format', 'md,docx').status).toBe(0);
    writeFileSync(path.join(out, 'bulletin.docx'), 'edited in Word');
    writeFileSync(path.join(out, 'bulletin.pdf'), 'saved as PDF from Word');
    writeFileSync(path.join(out, 'notes.md'), 'the editor’s own notes');
    const result = summarize(['build', '2024', '-C', project, '-o', out, '--format', 'md', '--reporter', 'json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { removed: string[]; notices: string[] };
    expect(report.removed).toEqual([]);
    for (const name of ['bulletin.docx', 'bulletin.pdf']) {
      expect(readFileSync(path.join(out, name), 'utf8')).toMatch(/Word/);
      expect(report.notices.some((notice) => notice.includes(`${name} 不是与同一文档的其他文件一起生成的`) && notice.includes('没有删除')), name).toBe(true);
    }
    expect(readFileSync(path.join(out, 'notes.md'), 'utf8')).toBe('the editor’s own notes');
    expect(report.notices.join('\n')).not.toContain('notes.md');
    rmSync(path.join(out, 'bulletin.pdf'));
  });

  it('named as earlier versions named them are removed too: figures.json of the bulletin', () => {
    rmSync(out, { recursive: true, force: true });
    expect(build('--format', 'md').status).toBe(0);
    // What a build of the earlier naming left: its sidecar as figures.json, its record as the last build only.
    const sidecar = readFileSync(path.join(out, 'bulletin.figures.json'));
    writeFileSync(path.join(out, 'figures.json'), sidecar);
    const record = JSON.parse(readFileSync(path.join(out, '.summarize-build.json'), 'utf8')) as { builds: { outputs: Record<string, string> }[] };
    const only = record.builds[0]!;
    only.outputs['figures.json'] = only.outputs['bulletin.figures.json']!;
    writeFileSync(path.join(out, '.summarize-build.json'), JSON.stringify(only));
    const result = build('--format', 'md', '--force');
    expect(result.stdout).toContain(`已删除 ${path.join(out, 'figures.json')}`);
    expect(existsSync(path.join(out, 'figures.json'))).toBe(false);
  });
});
