// Load stage: a year's standalone figures, from metrics/<year>.yaml and metrics/<year>.csv (either
// or both). Both become the same positioned shape, so validation treats them alike. A metric given
// in both files is reported here, as a duplicate key inside one YAML file is reported by its parser.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { mentionOfLine } from '../model/diagnostic.js';
import { parseMetricsCsv } from './metrics-csv.js';
import { projectPath } from './display-path.js';
import { loadYamlFile, readInputFile } from './project.js';
import { decodeSource } from './source-text.js';
import type { YamlSource } from './yaml-source.js';

/** The metrics files of `year` that exist, YAML first; `base` is the folder positions name files from. */
export function loadMetricsFiles(root: string, year: number, base: string): YamlSource[] {
  const dir = path.join(root, 'metrics');
  const sources: YamlSource[] = [];
  for (const name of [`${year}.yaml`, `${year}.yml`]) {
    const filePath = path.join(dir, name);
    if (existsSync(filePath)) sources.push(loadYamlFile(filePath, base));
  }
  const csvPath = path.join(dir, `${year}.csv`);
  if (existsSync(csvPath)) sources.push(loadCsvFile(csvPath, projectPath(base, csvPath)));
  noMetricInTwoFiles(sources);
  return sources;
}

export function loadCsvFile(filePath: string, file: string): YamlSource {
  const input = readInputFile(filePath, file);
  if (input.tooLarge) return { file, value: undefined, locate: () => ({ file, line: 1, column: 1 }), diagnostics: [{ ...input.tooLarge, file }] };
  const decoded = decodeSource(file, input.bytes);
  if (decoded.readable === false) return { file, value: undefined, locate: () => ({ file, line: 1, column: 1 }), diagnostics: decoded.diagnostics };
  const source = parseMetricsCsv(file, decoded.text);
  source.diagnostics.unshift(...decoded.diagnostics);
  return source;
}

function noMetricInTwoFiles(sources: YamlSource[]): void {
  const seen = new Map<string, YamlSource>();
  for (const source of sources) {
    const value = source.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const id of Object.keys(value)) {
      const first = seen.get(id);
      if (!first) {
        seen.set(id, source);
        continue;
      }
      const firstAt = first.locate([id], { key: true });
      source.diagnostics.push({
        ...source.locate([id], { key: true }),
        severity: 'error',
        code: 'duplicate-metric',
        message: `指标 ${id} 已在 {0} 中填写过`,
        hint: '同一个统计数只在一个文件中填写',
        mentions: [mentionOfLine(firstAt)],
      });
    }
  }
}
