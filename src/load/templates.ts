// Load stage: find the Handlebars templates for a document kind. A project's own templates/
// folder overrides a built-in template or partial of the same name, so editors change wording
// without touching the tool. Built-in kinds: bulletin (上街信息-style 简报), annual (公文-style
// annual work summary), plan (next year's work plan); a project may add its own.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../model/errors.js';
import { projectPath } from './display-path.js';
import { decodeSource } from './source-text.js';
import { compareText } from '../model/text-order.js';

export const BUILT_IN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
export const TEMPLATE_SUFFIX = '.md.hbs';
export const PARTIALS_FOLDER = 'partials';

export interface TemplateFile {
  name: string;
  /** As positions name it (projectPath). */
  file: string;
  /** Absolute path. */
  path: string;
  text: string;
  origin: 'built-in' | 'project';
}

export interface TemplateSet {
  main: TemplateFile;
  partials: TemplateFile[];
}

/** One template name as an editor sees it: the built-in version, the project's, or both. */
export interface TemplateEntry {
  name: string;
  type: 'document' | 'partial';
  builtIn?: TemplateFile;
  project?: TemplateFile;
}

export function loadTemplates(projectRoot: string, kind: string): TemplateSet {
  const entries = listTemplates(projectRoot);
  const chosen = (entry: TemplateEntry) => (entry.project ?? entry.builtIn)!;
  const main = entries.find((e) => e.type === 'document' && e.name === kind);
  if (!main) {
    const kinds = entries.filter((e) => e.type === 'document').map((e) => e.name);
    throw new UserError(`没有名为 “${kind}” 的文档模板`, undefined, `可用的有：${kinds.join('、')}`);
  }
  return { main: chosen(main), partials: entries.filter((e) => e.type === 'partial').map(chosen) };
}

/** Every template and partial, built-in and the project's, sorted by type and name. */
export function listTemplates(projectRoot: string): TemplateEntry[] {
  const entries = new Map<string, TemplateEntry>();
  const folders = [
    { dir: BUILT_IN_TEMPLATES, origin: 'built-in' as const },
    { dir: projectTemplatesDir(projectRoot), origin: 'project' as const },
  ];
  for (const { dir, origin } of folders) {
    for (const type of ['document', 'partial'] as const) {
      for (const file of readTemplateFolder(type === 'document' ? dir : path.join(dir, PARTIALS_FOLDER), origin, projectRoot)) {
        const key = `${type}:${file.name}`;
        const entry = entries.get(key) ?? { name: file.name, type };
        if (origin === 'built-in') entry.builtIn = file;
        else entry.project = file;
        entries.set(key, entry);
      }
    }
  }
  return [...entries.values()].sort((a, b) => compareText(a.type, b.type) || compareText(a.name, b.name));
}

export function projectTemplatesDir(projectRoot: string): string {
  return path.join(projectRoot, 'templates');
}

/** Where a template of this type and name lives in the project (for eject). */
export function projectTemplatePath(projectRoot: string, entry: Pick<TemplateEntry, 'name' | 'type'>): string {
  const dir = projectTemplatesDir(projectRoot);
  return path.join(entry.type === 'partial' ? path.join(dir, PARTIALS_FOLDER) : dir, `${entry.name}${TEMPLATE_SUFFIX}`);
}

function readTemplateFolder(dir: string, origin: TemplateFile['origin'], projectRoot: string): TemplateFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(TEMPLATE_SUFFIX))
    .sort()
    .map((name) => {
      const full = path.join(dir, name);
      return { name: name.slice(0, -TEMPLATE_SUFFIX.length), file: projectPath(projectRoot, full), path: full, text: decodeSource(full, readFileSync(full)).text, origin };
    });
}
