// Validate stage: plans/<year>.yaml (next year's work plan) after its schema: the sections it
// names exist in summarize.yaml, and a `year:` written in the file agrees with its name. Like the
// other rules, problems are pushed onto the list with file:line:column; nothing throws.

import type { ProjectConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { WorkPlan } from '../model/plan.js';
import type { YamlSource } from '../load/yaml-source.js';
import { checkSchema } from './schemas.js';
import { suggestion } from './suggest.js';

export interface PlanAsWritten {
  year?: number;
  title?: string;
  opening?: string;
  sections: { section?: string; title: string; items: { title?: string; text: string }[] }[];
}

/** Undefined when the file is empty or not of the schema's shape (the problems are in `diagnostics`). */
export function checkPlan(source: YamlSource, config: ProjectConfig, year: number, diagnostics: Diagnostic[]): WorkPlan | undefined {
  if (source.value === undefined || source.value === null) {
    if (source.diagnostics.length === 0) {
      diagnostics.push({ ...source.locate([]), severity: 'error', code: 'empty-plan', message: '工作安排文件是空的', hint: '写上 sections:（各部分及其 items），或删除这个文件' });
    }
    return undefined;
  }
  if (!checkSchema(source, 'plan', diagnostics)) return undefined;
  const written = source.value as PlanAsWritten;
  const before = diagnostics.length;
  planYearMatchesFile(source, written, year, diagnostics);
  planSectionsExist(source, written, config, diagnostics);
  if (diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  return {
    year,
    ...(written.title !== undefined ? { title: written.title.trim() } : {}),
    ...(written.opening !== undefined ? { opening: written.opening.trim() } : {}),
    sections: written.sections.map((section, s) => ({
      ...(section.section !== undefined ? { sectionId: section.section } : {}),
      title: section.title.trim(),
      items: section.items.map((item, i) => ({
        ...(item.title !== undefined ? { title: item.title.trim() } : {}),
        text: item.text.trim(),
        source: source.locate(['sections', s, 'items', i]),
      })),
    })),
    file: source.file,
  };
}

function planYearMatchesFile(source: YamlSource, written: PlanAsWritten, year: number, diagnostics: Diagnostic[]): void {
  if (written.year === undefined || written.year === year) return;
  diagnostics.push({
    ...source.locate(['year']),
    severity: 'error',
    code: 'plan-year-mismatch',
    message: `文件 plans/${year}.yaml 写的是 ${written.year} 年的安排`,
    hint: `改成 year: ${year}，或把文件改名为 plans/${written.year}.yaml`,
  });
}

function planSectionsExist(source: YamlSource, written: PlanAsWritten, config: ProjectConfig, diagnostics: Diagnostic[]): void {
  const sectionIds = config.sections.map((s) => s.id);
  written.sections.forEach((section, index) => {
    if (section.section === undefined || sectionIds.includes(section.section)) return;
    diagnostics.push({
      ...source.locate(['sections', index, 'section']),
      severity: 'error',
      code: 'unknown-section',
      message: `部分 “${section.section}” 没有在 summarize.yaml 的 sections 中定义`,
      hint: suggestion(section.section, sectionIds) ?? `可用的有：${sectionIds.join('、')}（也可以不写 section）`,
    });
  });
}
