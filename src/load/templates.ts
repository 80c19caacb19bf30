// Load stage: find the Handlebars templates for a document kind. A project's own templates/
// folder overrides a built-in template or partial of the same name, so editors change wording
// without touching the tool.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../model/errors.js';
import { displayPath } from './project.js';

export const BUILT_IN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const TEMPLATE_SUFFIX = '.md.hbs';

export interface TemplateFile {
  name: string;
  /** Shown in messages. */
  file: string;
  text: string;
  origin: 'built-in' | 'project';
}

export interface TemplateSet {
  main: TemplateFile;
  partials: TemplateFile[];
}

export function loadTemplates(projectRoot: string, kind: string): TemplateSet {
  const folders = [
    { dir: BUILT_IN_TEMPLATES, origin: 'built-in' as const },
    { dir: path.join(projectRoot, 'templates'), origin: 'project' as const },
  ];
  const mains = new Map<string, TemplateFile>();
  const partials = new Map<string, TemplateFile>();
  for (const { dir, origin } of folders) {
    for (const file of listTemplates(dir)) mains.set(file.name, { ...file, origin });
    for (const file of listTemplates(path.join(dir, 'partials'))) partials.set(file.name, { ...file, origin });
  }
  const main = mains.get(kind);
  if (!main) {
    throw new UserError(`没有名为 “${kind}” 的文档模板`, undefined, `可用的有：${[...mains.keys()].join('、')}`);
  }
  return { main, partials: [...partials.values()] };
}

function listTemplates(dir: string): Omit<TemplateFile, 'origin'>[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(TEMPLATE_SUFFIX))
    .sort()
    .map((name) => {
      const full = path.join(dir, name);
      return { name: name.slice(0, -TEMPLATE_SUFFIX.length), file: displayPath(full), text: readFileSync(full, 'utf8') };
    });
}
