// Load stage: plans/<year>.yaml, next year's work plan, when the project has one. The year is the
// one planned for (building 2024 reads plans/2025.yaml).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from './display-path.js';
import { loadYamlFile } from './project.js';
import type { YamlSource } from './yaml-source.js';

export function planPath(root: string, year: number): string {
  return path.join(root, 'plans', `${year}.yaml`);
}

export function loadPlan(root: string, year: number): YamlSource | undefined {
  const file = planPath(root, year);
  return existsSync(file) ? loadYamlFile(file, root) : undefined;
}

/** plans/<year>.yaml as positions name it. */
export function planFile(root: string, year: number): string {
  return projectPath(root, planPath(root, year));
}
