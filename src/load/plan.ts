// Load stage: plans/<year>.yaml, next year's work plan, when the project has one. The year is the
// one planned for (building 2024 reads plans/2025.yaml).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { displayPath, loadYamlFile } from './project.js';
import type { YamlSource } from './yaml-source.js';

export function planPath(root: string, year: number): string {
  return path.join(root, 'plans', `${year}.yaml`);
}

export function loadPlan(root: string, year: number): YamlSource | undefined {
  const file = planPath(root, year);
  return existsSync(file) ? loadYamlFile(file) : undefined;
}

export function planDisplayPath(root: string, year: number): string {
  return displayPath(planPath(root, year));
}
