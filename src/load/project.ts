// Load stage: find a project's files for a year and parse them. Only this stage and write touch
// the file system; everything after works on what this returns.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { UserError } from '../model/errors.js';
import { decodeSource } from './source-text.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';
import { loadMetricsFiles } from './metrics-files.js';

export const CONFIG_FILE = 'summarize.yaml';

export interface RawProject {
  root: string;
  config: YamlSource;
  activities: YamlSource[];
  /** metrics/<year>.yaml and metrics/<year>.csv, those present. */
  metrics: YamlSource[];
  diagnostics: Diagnostic[];
}

const YAML_FILE = /\.ya?ml$/i;
/** A 50 MB log is a mistake (an export pasted in), not a year's work; refuse it before parsing. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

export function loadProject(root: string, year: number): RawProject {
  const configPath = path.join(root, CONFIG_FILE);
  if (!existsSync(configPath)) {
    throw new UserError(
      `找不到项目配置文件 ${displayPath(configPath)}`,
      undefined,
      '请在项目文件夹中运行，或用 -C <文件夹> 指定项目；新项目可先运行 summarize init',
    );
  }
  const config = loadYamlFile(configPath);
  const activityDir = path.join(root, 'activities', String(year));
  const activities = listYamlFiles(activityDir).map(loadYamlFile);
  const metrics = loadMetricsFiles(root, year);
  const diagnostics = [config, ...activities, ...metrics].flatMap((s) => s.diagnostics);
  if (activities.length === 0) {
    diagnostics.push({
      file: displayPath(activityDir),
      line: 1,
      column: 1,
      severity: 'warning',
      code: 'no-activity-files',
      message: `没有找到 ${year} 年的活动记录`,
      hint: `把活动记录写在 ${displayPath(activityDir)}/ 下的 .yaml 文件中`,
    });
  }
  return { root, config, activities, metrics, diagnostics };
}

export function loadYamlFile(filePath: string): YamlSource {
  const file = displayPath(filePath);
  const size = statSync(filePath).size;
  if (size > MAX_FILE_BYTES) {
    return {
      file,
      value: undefined,
      locate: () => ({ file, line: 1, column: 1 }),
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          severity: 'error',
          code: 'file-too-large',
          message: `文件有 ${Math.round(size / 1024 / 1024)} MB，超过 50 MB 的上限`,
          hint: '把记录按月或按单位拆成多个文件',
        },
      ],
    };
  }
  const decoded = decodeSource(file, readFileSync(filePath));
  const source = parseYamlSource(file, decoded.text);
  source.diagnostics.unshift(...decoded.diagnostics);
  return source;
}

export function listYamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => YAML_FILE.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Paths in messages are relative to where the user ran the command, as compilers print them. */
export function displayPath(filePath: string): string {
  const relative = path.relative(process.cwd(), filePath);
  return (relative.startsWith('..') ? filePath : relative).split(path.sep).join('/');
}
