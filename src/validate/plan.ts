// Validate stage: plans/<year>.yaml (a year's work plan) after its schema: the sections it names
// exist in summarize.yaml, a `year:` written in the file agrees with its name, the targets its
// items set are metrics and each is set once, and its texts are checked like the logs' (full-width
// punctuation, paired quotes). Like the other rules, problems are pushed onto the list with
// file:line:column; nothing throws.

import type { ProjectConfig, Target } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { WorkPlan } from '../model/plan.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';
import { checkSchema } from './schemas.js';
import { suggestion } from './suggest.js';
import { refuseInexact } from './as-typed.js';
import { textPunctuationIsChinese } from './punctuation.js';

export interface PlanAsWritten {
  year?: number;
  title?: string;
  opening?: string;
  closing?: string;
  sections: { section?: string; title: string; items: { title?: string; text: string; targets?: Record<string, number> }[] }[];
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
  planTextsArePlain(source, written, diagnostics);
  const targets = planTargets(source, written, config, year, diagnostics);
  if (diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  return {
    year,
    ...(written.title !== undefined ? { title: written.title.trim() } : {}),
    ...(written.opening !== undefined ? { opening: written.opening.trim() } : {}),
    ...(written.closing !== undefined ? { closing: written.closing.trim() } : {}),
    sections: written.sections.map((section) => ({
      ...(section.section !== undefined ? { sectionId: section.section } : {}),
      title: section.title.trim(),
      items: section.items.map((item) => ({
        ...(item.title !== undefined ? { title: item.title.trim() } : {}),
        text: item.text.trim(),
      })),
    })),
    targets,
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

/**
 * A plan's texts are printed as written, as the logs' are: the same punctuation rules, and a
 * `{{…}}` is not a template here (it would be printed with its braces), so it is pointed out.
 */
function planTextsArePlain(source: YamlSource, written: PlanAsWritten, diagnostics: Diagnostic[]): void {
  const check = (path: YamlPath, text: string | undefined): void => {
    if (text === undefined) return;
    textPunctuationIsChinese(source, path, text, diagnostics);
    for (const braces of text.matchAll(/\{\{[\s\S]*?(?:\}\}|$)/g)) {
      diagnostics.push({
        ...(source.locateInText?.(path, braces.index) ?? source.locate(path)),
        severity: 'warning',
        code: 'plan-template-syntax',
        message: `工作安排的文字原样印出，不是模板：“${braces[0].slice(0, 40)}” 会连同花括号一起印出`,
        hint: '直接写出要印的文字或数字；要由活动记录算出的数字，请写在 summarize.yaml 的摘要或模板中',
      });
    }
  };
  check(['title'], written.title);
  check(['opening'], written.opening);
  check(['closing'], written.closing);
  written.sections.forEach((section, s) => {
    check(['sections', s, 'title'], section.title);
    section.items.forEach((item, i) => {
      check(['sections', s, 'items', i, 'title'], item.title);
      check(['sections', s, 'items', i, 'text'], item.text);
    });
  });
}

/** The goals the items set for the year planned: metrics of summarize.yaml, each set by one item. */
function planTargets(source: YamlSource, written: PlanAsWritten, config: ProjectConfig, year: number, diagnostics: Diagnostic[]): Target[] {
  const metricIds = config.metrics.map((m) => m.id);
  const targets: Target[] = [];
  written.sections.forEach((section, s) =>
    section.items.forEach((item, i) => {
      for (const [metric, value] of Object.entries(item.targets ?? {})) {
        const path: YamlPath = ['sections', s, 'items', i, 'targets', metric];
        // Found only for a problem: a position builds yaml's tree of the whole file.
        const at = () => source.locate(path, { key: true });
        if (refuseInexact(source, value, path, diagnostics)) continue;
        const earlier = targets.find((t) => t.metric === metric);
        if (!metricIds.includes(metric)) {
          diagnostics.push({
            ...at(),
            severity: 'error',
            code: 'unknown-metric',
            message: `目标中的指标 “${metric}” 没有在 summarize.yaml 的 metrics 中定义`,
            hint: suggestion(metric, metricIds) ?? `可用的指标：${metricIds.join('、')}`,
          });
        } else if (earlier) {
          diagnostics.push({
            ...at(),
            severity: 'error',
            code: 'duplicate-target',
            message: `指标 ${metric} 的目标已在第 ${earlier.source.line} 行定下（${earlier.value}），一个指标一年只有一个目标`,
            hint: '删去其中一处，或把两处的数合成一个目标',
          });
        } else {
          targets.push({ year, metric, value, source: source.locate(path), setIn: `plans/${year}.yaml` });
        }
      }
    }),
  );
  return targets;
}
