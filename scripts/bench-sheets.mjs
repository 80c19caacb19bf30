// Bench section for spreadsheet logs (issue 12): the events of a generated YAML project written
// into one .xlsx workbook (the logging workbook's columns: 日期 as real dates, metrics by label),
// then (a) reading it, the load stage alone, and (b) `summarize validate` on the project.
// Kept apart from scripts/bench.mjs, which only calls sheetProject() and readCommand().

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';

const COLUMNS = [
  ['date', '日期'],
  ['section', '部分'],
  ['theme', '条目'],
  ['title', '标题'],
  ['text', '内容'],
  ['unit', '填报单位'],
  ['tags', '标签'],
  ['highlight', '重点'],
];

/**
 * A copy of the YAML project `from` whose activities/2024/ holds one workbook with all its
 * events (generated once; reused while the source project's events are the same count).
 */
export async function sheetProject(from, to) {
  const logsFrom = path.join(from, 'activities', '2024');
  const files = readdirSync(logsFrom).filter((f) => f.endsWith('.yaml')).sort();
  const events = files.flatMap((f) => parse(readFileSync(path.join(logsFrom, f), 'utf8')) ?? []);
  const stamp = path.join(to, '.events');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(events.length)) return { dir: to, events: events.length, reused: true };
  const started = Date.now();
  rmSync(to, { recursive: true, force: true });
  mkdirSync(path.join(to, 'activities', '2024'), { recursive: true });
  cpSync(path.join(from, 'summarize.yaml'), path.join(to, 'summarize.yaml'));
  if (existsSync(path.join(from, 'metrics'))) cpSync(path.join(from, 'metrics'), path.join(to, 'metrics'), { recursive: true });
  const metrics = parse(readFileSync(path.join(from, 'summarize.yaml'), 'utf8')).metrics;
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(to, 'activities', '2024', '活动记录.xlsx'), useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('活动记录');
  sheet.columns = [...COLUMNS.map(([key, header]) => ({ key, header, style: key === 'date' ? { numFmt: 'yyyy-mm-dd' } : {} })), ...metrics.map((m) => ({ key: m.id, header: m.label }))];
  for (const e of events) {
    sheet
      .addRow({
        ...e,
        date: new Date(`${e.date}T00:00:00Z`),
        tags: e.tags?.join('、'),
        highlight: e.highlight ? '是' : undefined,
        ...e.metrics,
        metrics: undefined,
      })
      .commit();
  }
  sheet.commit();
  await writer.commit();
  writeFileSync(stamp, String(events.length));
  return { dir: to, events: events.length, reused: false, seconds: (Date.now() - started) / 1000 };
}

/**
 * A process that reads the project's workbook with the load stage only, and fails unless every
 * event was read. The CLI is one bundle, so the loader is bundled on its own (esbuild, as
 * scripts/bundle.mjs does) into `bench` (inside the repository, so that its packages resolve from node_modules).
 */
export async function readCommand(node, repo, bench, project, events) {
  const loader = path.join(bench, 'table-files.mjs');
  await build({ entryPoints: [path.join(repo, 'src', 'load', 'table-files.ts')], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile: loader, logLevel: 'warning' });
  const script = `
    const { loadActivityTable } = await import(${JSON.stringify(loader)});
    const source = loadActivityTable(${JSON.stringify(path.join(project, 'activities', '2024', '活动记录.xlsx'))}, [], ${JSON.stringify(project)});
    if (source.value?.length !== ${events}) { console.error(source.diagnostics); process.exit(1); }`;
  return [node, '--input-type=module', '-e', script];
}
