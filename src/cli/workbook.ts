// CLI: `summarize templates workbook [file]` and `summarize init --workbook`: the logging workbook
// (write/workbook.ts) for a project, made from its summarize.yaml, by default where a build reads
// it: activities/<year>/活动记录.xlsx. A workbook is a log people fill in, so an existing file is
// never replaced.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../model/config.js';
import { LOG_SHEET } from '../model/log-columns.js';
import { parsePeriod } from '../model/period.js';
import { UserError } from '../model/errors.js';
import { displayPath } from '../load/display-path.js';
import { loadProject } from '../load/project.js';
import type { YamlSource } from '../load/yaml-source.js';
import { validateProject } from '../validate/project.js';
import { writeOutputs } from '../write/safe-write.js';

export function defaultWorkbookPath(root: string, year: number): string {
  return path.join(root, 'activities', String(year), `${LOG_SHEET}.xlsx`);
}

export async function exportLogWorkbook(file: string | undefined, options: { project?: string; year: number }): Promise<string> {
  const root = path.resolve(options.project ?? '.');
  const target = file === undefined ? defaultWorkbookPath(root, options.year) : path.resolve(file);
  if (existsSync(target)) {
    throw new UserError(`${displayPath(target)} 已存在，没有改动`, undefined, '工作簿可能已填了记录：换一个文件名（summarize templates workbook <文件>），或先把它移走');
  }
  const raw = loadProject(root, options.year);
  const { project, diagnostics } = validateProject(raw, parsePeriod(String(options.year)));
  if (!project) {
    const { BuildFailed } = await import('./build.js');
    throw new BuildFailed(diagnostics.filter((d) => d.file === raw.config.file));
  }
  const { renderLogWorkbook } = await import('../write/workbook.js');
  writeOutputs([{ path: target, content: await renderLogWorkbook(project.config, reportingUnits(project.config, raw.activities.map((log) => log.source()))) }]);
  return displayPath(target);
}

/** The organisation's own short name, then the units its logs name, most used first. */
function reportingUnits(config: ProjectConfig, logs: readonly YamlSource[]): string[] {
  const counts = new Map<string, number>();
  for (const log of logs) {
    if (!Array.isArray(log.value)) continue;
    for (const event of log.value as { unit?: unknown }[]) {
      if (typeof event?.unit === 'string' && event.unit.trim() !== '') counts.set(event.unit.trim(), (counts.get(event.unit.trim()) ?? 0) + 1);
    }
  }
  const used = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([unit]) => unit);
  return [...new Set([config.organisation.short, ...used])];
}
