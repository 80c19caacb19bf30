// A build whose inputs did not change reports its outputs unchanged instead of redoing the work;
// any change to an input, a damaged output or --force builds again.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';
import { cityWithTwoDistricts, configYaml, eventsYaml, writeTree } from '../helpers/rollup-fixtures.js';
import { findOffice } from '../../src/write/pdf.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');

// Each test runs the CLI two to four times: seconds each while the machine is busy.
describe('a build with unchanged inputs', { timeout: 60_000 }, () => {
  let project: string;
  const build = (...extra: string[]) => execFileSync('node', [cli, 'build', '2024', '-C', project, '--format', 'md', ...extra], { encoding: 'utf8' });

  beforeEach(() => {
    project = path.join(temporaryFolder('unchanged'), 'shangjie');
    copyExample('shangjie', project);
    expect(build()).toContain('已生成');
  });

  it('is reported unchanged, and the outputs are left as they were', () => {
    const before = readFileSync(path.join(project, 'out/2024/bulletin.md'));
    const output = build();
    expect(output).not.toContain('已生成');
    expect(output).toContain(`未改动 ${path.join(project, 'out/2024/bulletin.md')}`);
    expect(readFileSync(path.join(project, 'out/2024/bulletin.md'))).toEqual(before);
  });

  it('is reported unchanged from another folder, its warnings and notices naming files from there', () => {
    writeFileSync(path.join(project, 'activities/2024/empty.yaml'), '');
    writeFileSync(path.join(project, 'out/2024/bulletin.docx'), 'not made by summarize');
    const run = (cwd: string, target: string, ...extra: string[]) =>
      spawnSync('node', [cli, 'build', '2024', '-C', target, '--format', 'md', ...extra], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const here = run(project, '.');
    expect(here.stdout).toContain('已生成');
    expect(here.stderr).toContain('activities/2024/empty.yaml:1:1  warning  activities/2024/empty.yaml 是空的');
    expect(here.stderr).toContain('out/2024/bulletin.docx 不是与同一文档的其他文件一起生成的');
    // The record names files from the project's folder: the same build from the parent is unchanged.
    const fromParent = run(path.dirname(project), 'shangjie');
    expect(fromParent.stdout).not.toContain('已生成');
    expect(fromParent.stdout).toContain('未改动');
    expect(fromParent.stderr).toContain('shangjie/activities/2024/empty.yaml:1:1  warning  shangjie/activities/2024/empty.yaml 是空的');
    expect(fromParent.stderr).toBe(run(path.dirname(project), 'shangjie', '--force').stderr);
  });

  it('is built again when a log changes', () => {
    const log = path.join(project, 'activities/2024/media.yaml');
    writeFileSync(log, readFileSync(log, 'utf8').replace('wechat_posts: 63', 'wechat_posts: 64'));
    expect(build()).toContain('已生成');
    expect(readFileSync(path.join(project, 'out/2024/bulletin.md'), 'utf8')).toContain('发布各类推送757篇');
  });

  it('is built again when an output was edited or removed', () => {
    writeFileSync(path.join(project, 'out/2024/bulletin.md'), 'edited by hand');
    expect(build()).toContain('已生成');
    rmSync(path.join(project, 'out/2024/bulletin.figures.json'));
    expect(build()).toContain('已生成');
  });

  it('is built again when the options change, or with --force', () => {
    expect(build('--issue', '12')).toContain('已生成');
    expect(build('--issue', '12')).not.toContain('已生成');
    expect(build('--issue', '12', '--force')).toContain('已生成');
  });
});

describe('a roll-up with unchanged inputs', { timeout: 60_000 }, () => {
  const build = (project: string) => execFileSync('node', [cli, 'build', '2024', '-C', project, '--format', 'md'], { encoding: 'utf8' });
  const district = (name: string, title: string) => ({
    [`${name}/summarize.yaml`]: configYaml({ name }),
    [`${name}/activities/2024/log.yaml`]: eventsYaml([{ date: '2024-03-05', title, metrics: { lectures: 1, reached: 300 } }]),
  });

  it('is built again when a unit inside the project changes, but not when a unit was built on its own', () => {
    const city = cityWithTwoDistricts();
    expect(build(city)).toContain('已生成');
    expect(build(path.join(city, 'districts/a'))).toContain('已生成');
    expect(build(city)).not.toContain('已生成');
    const log = path.join(city, 'districts/b/activities/2024/log.yaml');
    writeFileSync(log, readFileSync(log, 'utf8').replace('lectures: 4', 'lectures: 5'));
    expect(build(city)).toContain('已生成');
  });

  it('is built again when a new folder outside the project matches units:', () => {
    const parent = writeTree({
      'city/summarize.yaml': configYaml({ name: '共青团测试市委', short: '团市委', units: ['../districts/*'] }),
      'city/activities/2024/city.yaml': eventsYaml([{ date: '2024-03-01', title: '市级宣讲启动', metrics: { lectures: 1 } }]),
      ...Object.fromEntries(Object.entries(district('甲区', '甲区宣讲')).map(([file, text]) => [`districts/${file}`, text])),
    });
    const city = path.join(parent, 'city');
    expect(build(city)).toContain('已生成');
    expect(build(city)).not.toContain('已生成');
    writeTree(Object.fromEntries(Object.entries(district('乙区', '乙区宣讲')).map(([file, text]) => [`districts/${file}`, text])), parent);
    expect(build(city)).toContain('已生成');
    expect(readFileSync(path.join(city, 'out/2024/bulletin.figures.json'), 'utf8')).toContain('乙区');
  });
});

/** A TrueType font of this machine's, to install in a test's own font folder. */
function someFont(dir = '/usr/share/fonts'): string | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const font = entries.find((entry) => entry.isFile() && entry.name.endsWith('.ttf'));
  if (font) return path.join(dir, font.name);
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const found = someFont(path.join(dir, entry.name));
    if (found) return found;
  }
  return undefined;
}

const font = someFont();
const office = findOffice();
if (!office || !font) console.warn('skipping the installed-fonts rebuild test: it needs LibreOffice and a .ttf under /usr/share/fonts (.ci/run installs both)');

describe.skipIf(!office || !font)('a build that makes a PDF, when the fonts installed change', { timeout: 600_000 }, () => {
  it('makes the PDF again when a font is installed or removed; a build without a PDF does not care', () => {
    const folder = temporaryFolder('fonts-changed');
    const project = path.join(folder, 'shangjie');
    copyExample('shangjie', project);
    // The machine's fonts, and one folder of this test's own that fontconfig scans besides.
    const fonts = path.join(folder, 'fonts');
    mkdirSync(fonts);
    const fontsConf = path.join(folder, 'fonts.conf');
    writeFileSync(fontsConf, `<fontconfig><include>/etc/fonts/fonts.conf</include><dir>${fonts}</dir></fontconfig>`);
    const env = { ...process.env, FONTCONFIG_FILE: fontsConf };
    const build = (format: string) =>
      execFileSync('node', [cli, 'build', '2024', '-C', project, '--format', format, '--out', path.join(folder, `out-${format}`)], { encoding: 'utf8', env });
    const pdf = path.join(folder, 'out-pdf', 'bulletin.pdf');

    expect(build('pdf')).toContain(`已生成 ${pdf}`);
    expect(build('md')).toContain('已生成');
    expect(build('pdf')).toContain(`未改动 ${pdf}`);

    const installed = path.join(fonts, path.basename(font!));
    copyFileSync(font!, installed);
    expect(build('pdf')).toContain(`已生成 ${pdf}`);
    expect(build('md')).not.toContain('已生成');
    expect(build('pdf')).toContain(`未改动 ${pdf}`);

    rmSync(installed);
    expect(build('pdf')).toContain(`已生成 ${pdf}`);
  });
});
