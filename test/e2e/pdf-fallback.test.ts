// CLI (built to dist/ by `npm test`): a PDF that cannot be converted through python3-uno
// (write/warm-office.ts) is converted the plain way, with the gaps between Chinese and figures
// the DOCX does not have, and the build warns, naming the PDF. UNO is made unavailable with
// SUMMARIZE_PYTHON naming a Python that is not there, and made to fail with a Python that runs
// the real conversion script but has it store the PDF where nothing can be written. Skips where
// LibreOffice or python3-uno is missing.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';
import { startWatch, waitFor, type WatchProcess } from '../helpers/watch-process.js';
import { findOffice } from '../../src/write/pdf.js';

const uno = spawnSync('/usr/bin/python3', ['-c', 'import uno']).status === 0;
const ready = findOffice() !== undefined && uno;
if (!ready) console.warn('skipping the PDF fallback tests: they need soffice and python3-uno (apt-get install libreoffice-writer-nogui python3-uno)');

const cli = path.resolve(import.meta.dirname, '../../bin/summarize.js');

interface JsonReport {
  written: string[];
  diagnostics: { file: string; severity: string; code: string; message: string; hint?: string }[];
}

let root: string;
let folder: string;
beforeAll(() => {
  folder = temporaryFolder('pdf-fallback');
  root = path.join(folder, 'shangjie');
  copyExample('shangjie', root);
});

function build(extra: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync('node', [cli, 'build', '2024', '-C', root, '--format', 'pdf', '--force', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
}

/**
 * A Python with the UNO bridge that fails the first `failures` conversions for real: LibreOffice
 * loads the DOCX and is refused when it stores the PDF. Counts the conversions it was asked for.
 */
function failingPython(failures: number): { python: string; conversions: () => number } {
  const python = path.join(temporaryFolder('python'), 'python3');
  const count = `${python}.conversions`;
  writeFileSync(
    python,
    [
      '#!/bin/sh',
      // The conversion script stores the PDF; the probe and the script that stops LibreOffice pass.
      'case "$2" in *storeToURL*) ;; *) exec /usr/bin/python3 "$@" ;; esac',
      `n=$(cat '${count}' 2>/dev/null || echo 0); echo $((n + 1)) > '${count}'`,
      // Under this very file, as under any file, no folder can be made, not even by root.
      `[ "$n" -lt ${failures} ] && exec /usr/bin/python3 "$1" "$2" "$3" "$4" '${pathToFileURL(python).href}/refused.pdf' "$6"`,
      'exec /usr/bin/python3 "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(python, 0o755);
  return { python, conversions: () => (existsSync(count) ? Number(readFileSync(count, 'utf8')) : 0) };
}

/**
 * A Python with the UNO bridge that crashes as it exits, after the script has run, as the bridge's
 * teardown now and then does on a busy machine (binaryurpWriter segfaults): atexit sends SIGSEGV.
 */
function crashingAtExitPython(): string {
  const folder = temporaryFolder('python-crash');
  writeFileSync(path.join(folder, 'sitecustomize.py'), 'import atexit, os, signal\natexit.register(lambda: os.kill(os.getpid(), signal.SIGSEGV))\n');
  const python = path.join(folder, 'python3');
  writeFileSync(
    python,
    ['#!/bin/sh', 'case "$2" in *storeToURL*) ;; *) exec /usr/bin/python3 "$@" ;; esac', `PYTHONPATH='${folder}' exec /usr/bin/python3 "$@"`, ''].join('\n'),
  );
  chmodSync(python, 0o755);
  return python;
}

const lost = (report: JsonReport) => report.diagnostics.filter((d) => d.code === 'pdf-autospace-lost');

describe.skipIf(!ready)('a PDF LibreOffice cannot make through python3-uno', { timeout: 600_000 }, () => {
  it('is made the plain way, with a warning naming it and saying why, in every reporter', () => {
    const env = { SUMMARIZE_PYTHON: path.join(folder, 'no-such-python') };
    const json = build(['--reporter', 'json'], env);
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    const pdf = path.join(root, 'out/2024/bulletin.pdf');
    expect(report.written).toContain(pdf);
    expect(existsSync(pdf)).toBe(true);
    expect(lost(report)).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/out\/2024\/bulletin\.pdf$/) as unknown,
        severity: 'warning',
        message: expect.stringMatching(/^bulletin\.pdf 中汉字与数字、西文之间可能多出空隙.*SUMMARIZE_PYTHON 所指的 .*no-such-python 不能导入 uno/) as unknown,
        hint: expect.stringContaining('python3-uno') as unknown,
      }),
    ]);

    const text = build([], env);
    expect(text.status).toBe(0);
    expect(text.stderr).toMatch(/out\/2024\/bulletin\.pdf:1:1 {2}warning {2}bulletin\.pdf 中汉字与数字、西文之间可能多出空隙.* \[pdf-autospace-lost\]/);
    const github = build(['--reporter', 'github'], env);
    expect(github.stdout).toMatch(/^::warning file=.*bulletin\.pdf,line=1,col=1,title=summarize pdf-autospace-lost::bulletin\.pdf 中汉字/m);
  });

  it('is tried again with a new LibreOffice, and only when that fails too is it made the plain way', () => {
    const once = failingPython(1);
    const retried = build(['--reporter', 'json'], { SUMMARIZE_PYTHON: once.python });
    expect(retried.status, retried.stderr).toBe(0);
    expect(lost(JSON.parse(retried.stdout) as JsonReport)).toEqual([]);
    expect(once.conversions()).toBe(2);

    const always = failingPython(2);
    const failed = build(['--reporter', 'json'], { SUMMARIZE_PYTHON: always.python });
    expect(failed.status, failed.stderr).toBe(0);
    expect(always.conversions()).toBe(2);
    expect(lost(JSON.parse(failed.stdout) as JsonReport)).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/LibreOffice 经 python3-uno 转换 2 次都失败（.+）/) as unknown }),
    ]);
  });

  it('is kept when Python crashes on its way out after storing it', () => {
    const result = build(['--reporter', 'json'], { SUMMARIZE_PYTHON: crashingAtExitPython() });
    expect(result.status, result.stderr).toBe(0);
    expect(lost(JSON.parse(result.stdout) as JsonReport)).toEqual([]);
  });

  it('is made anew through UNO by the next unchanged build once python3-uno can be imported', () => {
    const pdf = path.join(root, 'out/2024/bulletin.pdf');
    const withoutUno = { SUMMARIZE_PYTHON: path.join(folder, 'no-such-python') };
    const unforced = (env: NodeJS.ProcessEnv = {}) =>
      spawnSync('node', [cli, 'build', '2024', '-C', root, '--format', 'pdf', '--reporter', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
    expect(lost(JSON.parse(build(['--reporter', 'json'], withoutUno).stdout) as JsonReport)).toHaveLength(1);
    const plainPdf = readFileSync(pdf);

    // Still no UNO: the PDF on disk is the plain one, and the warning says so.
    const replayed = JSON.parse(unforced(withoutUno).stdout) as JsonReport;
    expect(replayed.written).toEqual([]);
    expect(lost(replayed)).toHaveLength(1);

    const remade = unforced();
    expect(remade.status, remade.stderr).toBe(0);
    const report = JSON.parse(remade.stdout) as JsonReport;
    expect(report.written).toContain(pdf);
    expect(report.diagnostics).toEqual([]);
    expect(readFileSync(pdf).equals(plainPdf)).toBe(false);
    // And it is recorded as made through UNO: the build after that has nothing to do.
    expect((JSON.parse(unforced().stdout) as JsonReport).written).toEqual([]);
  });

  it('gives no warning when python3-uno converts it', () => {
    const result = build(['--reporter', 'json']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.written).toContain(path.join(root, 'out/2024/bulletin.pdf'));
    expect(report.diagnostics).toEqual([]);
  });
});

describe.skipIf(!ready)('build --watch with PDFs', { timeout: 600_000 }, () => {
  let watching: WatchProcess | undefined;
  afterEach(async () => {
    // SIGINT: the watch stops the LibreOffice it keeps running before it exits.
    const child = watching?.child;
    watching = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  });

  it('warns when its LibreOffice fails twice, and converts through a new one on the next rebuild', async () => {
    // A folder of its own: the builds above recorded outputs the watch's first build would reuse.
    const project = path.join(temporaryFolder('pdf-watch'), 'shangjie');
    copyExample('shangjie', project);
    const python = failingPython(2);
    watching = startWatch(project, { format: 'pdf', env: { SUMMARIZE_PYTHON: python.python } });
    const { stdout, stderr } = watching;
    await waitFor(stderr, /正在监视/, 1, 300_000);
    expect(stdout()).toMatch(/已生成 .*bulletin\.pdf/);
    expect(stderr()).toMatch(/bulletin\.pdf:1:1 {2}warning {2}bulletin\.pdf 中汉字与数字、西文之间可能多出空隙.*转换 2 次都失败/);
    expect(python.conversions()).toBe(2);

    const media = path.join(project, 'activities/2024/media.yaml');
    writeFileSync(media, readFileSync(media, 'utf8').replace(/wechat_posts: (\d+)/, (_, n: string) => `wechat_posts: ${Number(n) + 1}`));
    await waitFor(stderr, /重新生成完成/, 1, 300_000);
    expect(python.conversions()).toBe(3);
    expect(stderr().match(/pdf-autospace-lost/g)).toHaveLength(1);
  });
});
