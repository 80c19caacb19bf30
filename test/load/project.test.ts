// Load stage: what the file system can do to a project — a missing folder, a folder where a file
// belongs, a file too large — becomes a user error (exit 2) or a positioned diagnostic, never an
// internal error with a stack.

import { closeSync, copyFileSync, cpSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, loadYamlFile, MAX_FILE_BYTES } from '../../src/load/project.js';
import { EXIT_USAGE, fileSystemProblem, UserError } from '../../src/model/errors.js';
import { temporaryFolder } from '../helpers/temp.js';

const minimal = path.resolve(import.meta.dirname, '../fixtures/valid/minimal');

function copyOfMinimal(): string {
  const dir = temporaryFolder('load');
  cpSync(minimal, dir, { recursive: true });
  return dir;
}

function userError(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('files too large to be logs', () => {
  it.each([
    ['just over the bound', MAX_FILE_BYTES + 1],
    ['over 50 MB', 50 * 1024 * 1024 + 1],
  ])('refuses a file %s before reading it', (_, size) => {
    const dir = temporaryFolder('large');
    const file = path.join(dir, 'huge.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, size); // sparse: no time spent writing it
    closeSync(fd);
    const start = performance.now();
    const source = loadYamlFile(file, dir);
    expect(performance.now() - start).toBeLessThan(500);
    expect(source.value).toBeUndefined();
    expect(source.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['file-too-large', 'error', 1, 1]]);
    expect(source.diagnostics[0]!.message).toMatch(/超过 5 MB/);
  });

  it('reads a file at the bound', () => {
    const dir = temporaryFolder('large');
    const file = path.join(dir, 'log.yaml');
    const entry = '- date: 2024-03-05\n  section: guidance\n  theme: ideology\n  title: 主题宣讲进社区\n';
    writeFileSync(file, entry.repeat(Math.floor(1024 * 1024 / Buffer.byteLength(entry))));
    expect(loadYamlFile(file, dir).diagnostics).toEqual([]);
  });
});

describe('folders and files where the other belongs: exit 2 with the path, no stack', () => {
  it('a project folder that does not exist', () => {
    const error = userError(() => loadProject(path.join(tmpdir(), 'summarize-no-such-project'), 2024));
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toMatch(/项目文件夹 .*summarize-no-such-project 不存在/);
  });

  it('a project “folder” that is a file', () => {
    const file = path.join(temporaryFolder('load'), 'project');
    writeFileSync(file, '');
    expect(userError(() => loadProject(file, 2024)).message).toMatch(/是一个文件，不是项目文件夹/);
  });

  it('a folder without summarize.yaml', () => {
    expect(userError(() => loadProject(temporaryFolder('load'), 2024)).message).toMatch(/找不到项目配置文件/);
  });

  it('summarize.yaml that is a folder', () => {
    const dir = temporaryFolder('load');
    mkdirSync(path.join(dir, 'summarize.yaml'));
    const error = userError(() => loadProject(dir, 2024));
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toMatch(/summarize\.yaml 是一个文件夹/);
  });

  it('an activity “file” that is a device or a pipe, which would never finish reading', () => {
    const dir = copyOfMinimal();
    symlinkSync('/dev/zero', path.join(dir, 'activities/2024/zero.yaml'));
    expect(userError(() => loadProject(dir, 2024)).message).toMatch(/zero\.yaml 不是普通文件/);
  });

  it('a year “folder” that is a file', () => {
    const dir = temporaryFolder('load');
    copyFileSync(path.join(minimal, 'summarize.yaml'), path.join(dir, 'summarize.yaml'));
    mkdirSync(path.join(dir, 'activities'));
    writeFileSync(path.join(dir, 'activities/2024'), '');
    const error = userError(() => loadProject(dir, 2024));
    expect(error.message).toMatch(/无法读取 .*activities\/2024：路径中有一段是文件而不是文件夹/);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('the logs of a year: its folder and the folders within it', () => {
  const event = (date: string, title: string) => `- date: ${date}\n  section: guidance\n  theme: ideology\n  title: ${title}\n  metrics: {lectures: 1}\n`;

  it('reads logs in folders within the year’s folder, in order of their paths, named by them', () => {
    const dir = copyOfMinimal();
    mkdirSync(path.join(dir, 'activities/2024/团委各支部/二支部'), { recursive: true });
    writeFileSync(path.join(dir, 'activities/2024/团委各支部/下半年.yaml'), event('2024-09-01', '支部主题团日'));
    writeFileSync(path.join(dir, 'activities/2024/团委各支部/二支部/十月.yaml'), event('2024-10-01', '二支部主题团日'));
    writeFileSync(path.join(dir, 'activities/2024/zz.yaml'), event('2024-11-01', '年末宣讲'));
    const project = loadProject(dir, 2024);
    expect(project.activities.map((log) => log.file)).toEqual([
      'activities/2024/log.yaml',
      'activities/2024/zz.yaml',
      'activities/2024/团委各支部/下半年.yaml',
      'activities/2024/团委各支部/二支部/十月.yaml',
    ]);
    expect(project.diagnostics).toEqual([]);
  });

  it('reads a folder named like a log as a folder', () => {
    const dir = copyOfMinimal();
    mkdirSync(path.join(dir, 'activities/2024/old.yaml'));
    writeFileSync(path.join(dir, 'activities/2024/old.yaml/一月.yaml'), event('2024-01-10', '寒假返乡座谈'));
    expect(loadProject(dir, 2024).activities.map((log) => log.file)).toEqual(['activities/2024/log.yaml', 'activities/2024/old.yaml/一月.yaml']);
  });

  it('passes by hidden files and folders and Excel’s lock files, and names each spreadsheet it cannot read', () => {
    const dir = copyOfMinimal();
    mkdirSync(path.join(dir, 'activities/2024/.git'));
    mkdirSync(path.join(dir, 'activities/2024/二支部'));
    writeFileSync(path.join(dir, 'activities/2024/.git/old.yaml'), 'not: [a log');
    writeFileSync(path.join(dir, 'activities/2024/._log.yaml'), 'macOS resource fork');
    writeFileSync(path.join(dir, 'activities/2024/~$台账.xlsx'), 'lock');
    writeFileSync(path.join(dir, 'activities/2024/台账.et'), 'WPS');
    writeFileSync(path.join(dir, 'activities/2024/二支部/台账.ODS'), 'OpenDocument');
    writeFileSync(path.join(dir, 'activities/2024/活动照片.jpg'), 'a photo');
    const project = loadProject(dir, 2024);
    expect(project.activities.map((log) => log.file)).toEqual(['activities/2024/log.yaml']);
    expect(project.diagnostics.map(({ file, severity, code }) => [file, severity, code])).toEqual([
      ['activities/2024/二支部/台账.ODS', 'warning', 'unread-log-format'],
      ['activities/2024/台账.et', 'warning', 'unread-log-format'],
    ]);
    expect(project.diagnostics[1]!.message).toBe('.et 格式的表格不能读取，其中的活动没有计入');
    expect(project.diagnostics[1]!.hint).toMatch(/另存为”Excel 工作簿（\.xlsx）/);
  });
});

describe('a year without logs', () => {
  it('names the years that have them, for a period typed wrong', () => {
    const dir = copyOfMinimal();
    mkdirSync(path.join(dir, 'activities/2023'));
    mkdirSync(path.join(dir, 'activities/草稿'));
    const [warning] = loadProject(dir, 2025).diagnostics;
    expect(warning).toMatchObject({ file: 'activities/2025', severity: 'warning', code: 'no-activity-files' });
    expect(warning!.hint).toBe('把活动记录写在 {0}/ 下的 .yaml、.xlsx 或 .csv 文件中；activities/ 下有 2023、2024 年的文件夹（时间段是不是写错了？）');
  });

  it('names none when there are none', () => {
    const dir = temporaryFolder('load');
    copyFileSync(path.join(minimal, 'summarize.yaml'), path.join(dir, 'summarize.yaml'));
    expect(loadProject(dir, 2024).diagnostics.map((d) => d.hint)).toEqual(['把活动记录写在 {0}/ 下的 .yaml、.xlsx 或 .csv 文件中']);
  });
});

describe('fileSystemProblem', () => {
  const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

  it.each([
    ['EACCES', '没有读写权限'],
    ['EPERM', '占用'],
    ['EBUSY', 'Word'],
    ['EROFS', '只读'],
    ['ENOSPC', '磁盘已满'],
    ['EISDIR', '文件夹'],
  ])('turns %s into a user error with the path, keeping the cause', (code, words) => {
    const error = fileSystemProblem(failure(code), '写入', 'out/2024/bulletin.docx')!;
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toContain('无法写入 out/2024/bulletin.docx');
    expect(error.message).toContain(words);
    expect((error.cause as Error).message).toContain(code);
  });

  it('leaves anything else alone, so a real bug keeps its stack', () => {
    expect(fileSystemProblem(new TypeError('x is undefined'), '读取', 'a.yaml')).toBeUndefined();
    expect(fileSystemProblem(failure('ESOMETHINGNEW'), '读取', 'a.yaml')).toBeUndefined();
    expect(fileSystemProblem('EACCES', '读取', 'a.yaml')).toBeUndefined();
  });
});
