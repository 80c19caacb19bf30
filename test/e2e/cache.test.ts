// A build that takes its logs from the cache (.summarize-cache/) writes the same bytes and reports
// the same problems, at the same positions, as one that reads and checks every log; a damaged
// cache changes nothing but the time taken.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_FOLDER } from '../../src/cache/checked-logs.js';
import { loadYamlFile } from '../../src/load/project.js';
import { loadActivityTable, metricHeaders } from '../../src/load/table-files.js';
import { copyExample } from '../helpers/examples.js';
import { temporaryFolder } from '../helpers/temp.js';

const repo = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repo, 'bin/summarize.js');
const OUTPUTS = ['bulletin.md', 'bulletin.docx', 'bulletin.figures.json'];

/** The example, with warnings in a YAML log and in a CSV log (two at one cell: their order must hold too). */
function copyExampleWithWarnings(project: string): void {
  copyExample('shangjie', project);
  const logs = path.join(project, 'activities/2024');
  const media = path.join(logs, 'media.yaml');
  writeFileSync(media, readFileSync(media, 'utf8').replace('title: 团属微信公众号开辟“团团送岗”专栏', 'title: 团属微信公众号开辟"团团送岗"专栏'));
  const csv = path.join(logs, 'q3.csv');
  writeFileSync(csv, readFileSync(csv, 'utf8').replace('达成实践意向（第一批）', '达成实践意向(第一批)'));
}

describe('builds with and without the cache', { timeout: 120_000 }, () => {
  let project: string;
  let out: string;
  const logs = () => path.join(project, 'activities/2024');
  const entries = () => path.join(project, CACHE_FOLDER, 'logs');
  /** Builds into its own folder; returns the JSON report, without the paths written, and the outputs' bytes. */
  const build = (name: string, ...extra: string[]) => {
    const dir = path.join(out, name);
    const run = spawnSync('node', [cli, 'build', '2024', '-C', project, '--format', 'md,docx', '--force', '--reporter', 'json', '-o', dir, ...extra], {
      encoding: 'utf8',
      env: { ...process.env, SUMMARIZE_CACHE_DIR: '' },
    });
    const report = JSON.parse(run.stdout) as { diagnostics: unknown[] } | unknown[];
    const diagnostics = Array.isArray(report) ? report : report.diagnostics;
    const outputs = run.status === 0 ? OUTPUTS.map((file) => readFileSync(path.join(dir, file))) : [];
    return { status: run.status, diagnostics: JSON.stringify(diagnostics).replaceAll(project, '<project>'), outputs };
  };

  beforeAll(() => {
    const folder = temporaryFolder('cache-e2e');
    project = path.join(folder, 'shangjie');
    out = path.join(folder, 'out');
    copyExampleWithWarnings(project);
  });

  it('writes the same bytes and reports the same warnings, positions and all', () => {
    const cold = build('cold', '--no-cache');
    expect(() => readdirSync(entries())).toThrow();
    const filling = build('filling');
    expect(readdirSync(entries())).toHaveLength(readdirSync(logs()).length);
    const warm = build('warm');
    expect(cold.status).toBe(0);
    expect(cold.diagnostics).toContain('half-width-punctuation');
    expect(cold.diagnostics).toContain('q3.csv');
    for (const run of [filling, warm]) {
      expect(run.status).toBe(0);
      expect(run.diagnostics).toBe(cold.diagnostics);
      run.outputs.forEach((bytes, i) => expect(bytes.equals(cold.outputs[i]!), OUTPUTS[i]).toBe(true));
    }
  });

  it('ignores damaged entries and writes them anew', () => {
    const cold = build('before-damage', '--no-cache');
    build('fill');
    for (const name of readdirSync(entries())) {
      const file = path.join(entries(), name);
      const bytes = readFileSync(file);
      bytes[bytes.length - 10] ^= 0x01;
      writeFileSync(file, bytes);
    }
    const damaged = build('damaged');
    expect(damaged.diagnostics).toBe(cold.diagnostics);
    damaged.outputs.forEach((bytes, i) => expect(bytes.equals(cold.outputs[i]!), OUTPUTS[i]).toBe(true));
    const again = build('mended');
    again.outputs.forEach((bytes, i) => expect(bytes.equals(cold.outputs[i]!), OUTPUTS[i]).toBe(true));
  });

  it('rebuilds figures.json after a log changed, copying the other logs’ entry lines, as a build without the cache writes it', () => {
    const figureIndexes = () => readdirSync(path.join(project, CACHE_FOLDER, 'figures'));
    const indexOf = (figures: Buffer) => `${createHash('sha256').update(figures).digest('hex').slice(0, 32)}.json`;
    const before = indexOf(build('again').outputs[2]!);
    expect(figureIndexes()).toContain(before);
    const lectures = path.join(logs(), 'lectures.yaml');
    const original = readFileSync(lectures, 'utf8');
    try {
      writeFileSync(lectures, original.replace(/pioneers_reached: (\d+)/, (_, n: string) => `pioneers_reached: ${Number(n) + 1}`));
      const rebuilt = build('again');
      const cold = build('again-cold', '--no-cache');
      expect(rebuilt.status).toBe(0);
      rebuilt.outputs.forEach((bytes, i) => expect(bytes.equals(cold.outputs[i]!), OUTPUTS[i]).toBe(true));
      // The index of the file replaced is gone; the new file's is there.
      expect(figureIndexes()).not.toContain(before);
      expect(figureIndexes()).toContain(indexOf(rebuilt.outputs[2]!));
    } finally {
      writeFileSync(lectures, original);
    }
  });

  it('shows a spreadsheet row for a problem found beside another log, when the workbook came from the cache', () => {
    build('fill-before-duplicate');
    // The workbook's first event typed again in an earlier file: the duplicate is the workbook's row.
    const metrics = metricHeaders(loadYamlFile(path.join(project, 'summarize.yaml'), project));
    const [first] = loadActivityTable(path.join(logs(), 'q2.xlsx'), metrics, project).value as { date: string; section: string; theme: string; title: string; metrics?: Record<string, number> }[];
    const figures = Object.entries(first!.metrics ?? {}).map(([id, n]) => `${id}: ${n}`);
    appendFileSync(
      path.join(logs(), 'q1.yaml'),
      `\n- date: ${first!.date}\n  section: ${first!.section}\n  theme: ${first!.theme}\n  title: ${first!.title}\n${figures.length > 0 ? `  metrics: {${figures.join(', ')}}\n` : ''}`,
    );
    // The text report is the one that shows the row (the JSON report leaves code frames out).
    const text = (name: string, ...extra: string[]) => {
      const run = spawnSync('node', [cli, 'build', '2024', '-C', project, '--format', 'md', '--force', '-o', path.join(out, name), ...extra], {
        encoding: 'utf8',
        env: { ...process.env, SUMMARIZE_CACHE_DIR: '', NO_COLOR: '1' },
      });
      return { status: run.status, stderr: run.stderr.replaceAll(project, '<project>') };
    };
    const cold = text('duplicate-cold', '--no-cache');
    const warm = text('duplicate-warm');
    expect(cold.status).toBe(1);
    expect(cold.stderr).toContain('q2.xlsx:活动记录!A2');
    expect(cold.stderr).toContain(first!.title);
    expect(warm).toEqual(cold);
    expect(execFileSync('git', ['status', '--porcelain', 'examples'], { cwd: repo, encoding: 'utf8' })).toBe('');
  });

  /**
   * A copy of the example with warnings and an empty log (whose message names it in its text too)
   * in `<parent>/shangjie`, and its text report when built from `cwd`: the copy itself, or
   * the parent with `-C shangjie`.
   */
  const projectInFolder = (parent: string) => {
    const copy = path.join(parent, 'shangjie');
    copyExampleWithWarnings(copy);
    writeFileSync(path.join(copy, 'activities/2024/empty.yaml'), '');
    const text = (cwd: string, name: string, ...extra: string[]) => {
      const target = cwd === copy ? [] : ['-C', 'shangjie'];
      const run = spawnSync('node', [cli, 'build', '2024', ...target, '--format', 'md', '--force', '-o', path.join(out, name), ...extra], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, SUMMARIZE_CACHE_DIR: '', NO_COLOR: '1' },
      });
      return { status: run.status, stderr: run.stderr };
    };
    return { copy, text, entries: () => readdirSync(path.join(copy, CACHE_FOLDER, 'logs')).sort() };
  };

  it('prints problems from the cache as a run without it does, from the project folder and from its parent', () => {
    // Messages name files relative to where the command runs: an entry made in one folder must not
    // print another folder's paths.
    const parent = temporaryFolder('cache-e2e-cwd');
    const { copy, text } = projectInFolder(parent);
    for (const [cwd, prefix] of [
      [copy, ''],
      [parent, 'shangjie/'],
      [copy, ''],
    ] as const) {
      const cold = text(cwd, `cwd-cold-${prefix.length}`, '--no-cache');
      expect(cold.status).toBe(0);
      expect(cold.stderr).toContain(`${prefix}activities/2024/empty.yaml:1:1  warning  ${prefix}activities/2024/empty.yaml 是空的`);
      expect(cold.stderr).toContain(`${prefix}activities/2024/media.yaml:`);
      expect(text(cwd, `cwd-filling-${prefix.length}`)).toEqual(cold);
      expect(text(cwd, `cwd-warm-${prefix.length}`)).toEqual(cold);
    }
  });

  it('reuses from the parent folder (-C) the entries a build in the project folder wrote, printing the same problems', () => {
    // Problems name files from the project's folder, and only the reporter prints them from where
    // the command runs: the folder the command runs in is no part of an entry's key.
    const parent = temporaryFolder('cache-e2e-reuse');
    const { copy, text, entries } = projectInFolder(parent);
    expect(text(copy, 'reuse-filling').status).toBe(0);
    const written = entries();
    expect(written).toHaveLength(readdirSync(path.join(copy, 'activities/2024')).length);
    const fromParent = text(parent, 'reuse-from-parent');
    expect(entries()).toEqual(written); // nothing checked anew, so nothing written
    expect(fromParent).toEqual(text(parent, 'reuse-cold', '--no-cache'));
    expect(fromParent.stderr).toContain('shangjie/activities/2024/empty.yaml:1:1  warning  shangjie/activities/2024/empty.yaml 是空的');
  });
});
