// Roll-up, load stage: which unit folders `units:` names (folders, globs, their order), what is
// refused (a missing folder, a glob matching nothing, the project itself, a unit with units of its
// own, so no cycle can arise), and that each unit comes with its own files, this year's and last.

import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, unitRoots } from '../../src/load/project.js';
import { loadPreviousYear } from '../../src/load/previous-year.js';
import { fileShower } from '../../src/load/display-path.js';
import { mentionsWritten } from '../../src/model/diagnostic.js';
import { cityWithTwoDistricts, configYaml, eventsYaml, writeTree } from '../helpers/rollup-fixtures.js';
import { temporaryFolder } from '../helpers/temp.js';

const event = eventsYaml([{ date: '2024-03-01', title: '活动', metrics: { lectures: 1 } }]);
const unit = (name: string) => ({ 'summarize.yaml': configYaml({ name }), 'activities/2024/log.yaml': event });
const under = (folder: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`${folder}/${name}`, text]));

function city(units: string[], files: Record<string, string> = {}): string {
  return writeTree({ 'summarize.yaml': configYaml({ name: '共青团测试市委', units }), ...files });
}

const folders = (root: string) => (loadProject(root, 2024).units ?? []).map((u) => u.folder);
/** Problems reported at the city's summarize.yaml (a city without logs also gets a no-activity-files warning). */
const problems = (root: string) =>
  loadProject(root, 2024)
    .diagnostics.filter((d) => d.file.endsWith('summarize.yaml'))
    .map((d) => ({ line: d.line, severity: d.severity, code: d.code }));

describe('units: folders and globs', () => {
  it('expands a glob to the folders that hold a summarize.yaml, in name order', () => {
    const root = city(['districts/*'], { ...under('districts/zhongmu', unit('共青团中牟县委')), ...under('districts/erqi', unit('共青团二七区委')), ...under('districts/jinshui', unit('共青团金水区委')) });
    expect(folders(root)).toEqual(['districts/erqi', 'districts/jinshui', 'districts/zhongmu']);
  });

  it('keeps the order of the list, and counts a folder two entries match once', () => {
    const root = city(['districts/zhongmu', 'districts/*'], { ...under('districts/erqi', unit('甲')), ...under('districts/zhongmu', unit('乙')) });
    expect(folders(root)).toEqual(['districts/zhongmu', 'districts/erqi']);
  });

  it('takes ? and […] in any segment, and a folder outside the project', () => {
    const parent = temporaryFolder('rollup-parent');
    const root = writeTree(
      { 'summarize.yaml': configYaml({ name: '共青团测试市委', units: ['d?/x', 'e[12]', '../sibling'] }), ...under('d1/x', unit('甲')), ...under('d22/x', unit('乙')), ...under('e1', unit('丙')), ...under('e3', unit('丁')) },
      path.join(parent, 'city'),
    );
    writeTree(unit('戊'), path.join(parent, 'sibling'));
    expect(folders(root)).toEqual(['d1/x', 'e1', '../sibling']);
  });

  it('skips hidden folders unless the pattern asks for them', () => {
    const root = city(['units/*'], { ...under('units/.git', unit('甲')), ...under('units/a', unit('乙')) });
    expect(folders(root)).toEqual(['units/a']);
  });

  it('loads each unit whole: its own config, logs and figures', () => {
    const raw = loadProject(cityWithTwoDistricts(), 2024);
    expect(raw.activities).toHaveLength(1);
    const [a, b] = raw.units!;
    expect(a!.config.file).toMatch(/districts\/a\/summarize\.yaml$/);
    expect(a!.activities.map((s) => s.file)).toEqual([expect.stringMatching(/districts\/a\/activities\/2024\/log\.yaml$/)]);
    expect(b!.metrics.map((s) => s.file)).toEqual([expect.stringMatching(/districts\/b\/metrics\/2024\.yaml$/)]);
  });

  it('names every unit folder for the build fingerprint and watch mode', () => {
    const root = cityWithTwoDistricts();
    expect(unitRoots(root)).toEqual([path.join(root, 'districts/a'), path.join(root, 'districts/b')]);
    expect(unitRoots(writeTree({ 'summarize.yaml': configYaml({ name: '甲' }) }))).toEqual([]);
  });
});

describe('units: what is refused, at its line in summarize.yaml', () => {
  // configYaml writes `units:` on line 9, so its first entry is line 10.
  it('a folder that does not exist, or is not a project', () => {
    const root = city(['missing', 'plain'], { 'plain/readme.txt': '' });
    expect(problems(root)).toEqual([
      { line: 10, severity: 'error', code: 'unit-not-found' },
      { line: 11, severity: 'error', code: 'unit-not-found' },
    ]);
  });

  it('a glob that matches nothing; a folder it matches without summarize.yaml is a warning, never dropped silently', () => {
    const root = city(['nothing/*', 'districts/*'], { ...under('districts/a', unit('甲')), 'districts/shared/notes.txt': '' });
    expect(problems(root)).toEqual([
      { line: 10, severity: 'error', code: 'units-no-match' },
      { line: 11, severity: 'warning', code: 'unit-without-config' },
    ]);
    expect(folders(root)).toEqual(['districts/a']);
    // The hint's `summarize init <folder>` names the folder as a command typed where this one runs would.
    const warning = loadProject(root, 2024).diagnostics.find((d) => d.code === 'unit-without-config')!;
    expect(warning.mentions).toEqual([{ file: 'districts/shared', argument: true }]);
    const typed = path.relative(process.cwd(), path.join(root, 'districts/shared')).split(path.sep).join('/');
    expect(mentionsWritten(warning.hint!, warning.mentions, fileShower(root))).toContain(`可运行 summarize init ${typed}）`);
  });

  it('** (any depth) is not supported', () => {
    expect(problems(city(['districts/**']))).toEqual([{ line: 10, severity: 'error', code: 'units-pattern' }]);
  });

  it('brackets no pattern can take ([z-a]), and a NUL character, which no path holds', () => {
    const root = city(['districts/[z-a]', 'districts/a\0'], under('districts/a', unit('甲')));
    expect(problems(root)).toEqual([
      { line: 10, severity: 'error', code: 'units-pattern' },
      { line: 11, severity: 'error', code: 'units-pattern' },
    ]);
    // The other brackets still match.
    expect(folders(city(['districts/[a-c]'], under('districts/a', unit('甲'))))).toEqual(['districts/a']);
  });

  it('the project itself, however it is reached', () => {
    const root = city(['.', 'self'], { 'activities/2024/log.yaml': event });
    symlinkSync(root, path.join(root, 'self'));
    expect(problems(root)).toEqual([
      { line: 10, severity: 'error', code: 'unit-is-project' },
      { line: 11, severity: 'error', code: 'unit-is-project' },
    ]);
  });
});

describe('nesting: one level only', () => {
  it('a unit with units of its own is refused at its own summarize.yaml, and its units are not read', () => {
    const root = city(['cities/*'], {
      ...under('cities/x', { 'summarize.yaml': configYaml({ name: '共青团某市委', units: ['districts/*'] }), 'activities/2024/log.yaml': event }),
      ...under('cities/x/districts/a', unit('共青团甲区委')),
    });
    const raw = loadProject(root, 2024);
    const nested = raw.units![0]!;
    expect(nested.diagnostics).toEqual([expect.objectContaining({ code: 'nested-units', severity: 'error', line: 9, message: expect.stringContaining('cities/x') })]);
    expect(nested.units ?? []).toEqual([]);
  });

  it('two projects that include each other (a cycle) stop at the first step', () => {
    const root = writeTree({
      'a/summarize.yaml': configYaml({ name: '甲', units: ['../b'] }),
      'a/activities/2024/log.yaml': event,
      'b/summarize.yaml': configYaml({ name: '乙', units: ['../a'] }),
      'b/activities/2024/log.yaml': event,
    });
    const raw = loadProject(path.join(root, 'a'), 2024);
    expect(raw.units!.map((u) => u.folder)).toEqual(['../b']);
    expect(raw.units![0]!.diagnostics.map((d) => d.code)).toEqual(['nested-units']);
  });
});

describe('the previous year (同比)', () => {
  it('comes with each unit’s previous year, read with the unit’s own config', () => {
    const root = cityWithTwoDistricts({ 'districts/b/activities/2023/log.yaml': eventsYaml([{ date: '2023-03-10', title: '乙区去年宣讲', metrics: { lectures: 2 } }]) });
    const raw = loadProject(root, 2024);
    const previous = loadPreviousYear(raw, 2024)!;
    expect(previous.activities).toEqual([]);
    expect(previous.units!.map((u) => [u.folder, u.activities.length, u.config])).toEqual([
      ['districts/a', 0, raw.units![0]!.config],
      ['districts/b', 1, raw.units![1]!.config],
    ]);
  });

  it('is absent when neither the project nor any unit has it', () => {
    const raw = loadProject(cityWithTwoDistricts(), 2024);
    expect(loadPreviousYear(raw, 2024)).toBeUndefined();
  });
});
