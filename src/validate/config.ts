// Validate stage: config as written → config as used (changesets' idea). The schema has already
// checked the shape; this fills defaults and checks what a schema cannot: ids defined twice.

import type { BulletinSettings, ProjectConfig, Target, TextPositions } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlPath, YamlSource } from '../load/yaml-source.js';
import { suggestion } from './suggest.js';
import { refuseInexact } from './as-typed.js';
import { isValidIsoDate } from '../numbers/index.js';
import { textPunctuationIsChinese } from './punctuation.js';

export interface ConfigAsWritten {
  organisation: { name: string; short: string };
  /** `editors` may be typed as one string (“柴亚文 许亦是”) or as a list. */
  bulletin: Omit<BulletinSettings, 'editors'> & { editors?: string | string[] };
  document: { title: string; opening?: string; closing?: string };
  profile?: string;
  kinds?: string[];
  script?: 'hans' | 'hant' | 'hant-tw' | 'hant-hk';
  protected?: string[];
  metrics: { id: string; label: string; unit: string }[];
  /** Year → metric id → target; a metric id → number at the top is the old form without a year. */
  targets?: Record<string, Record<string, number> | number>;
  sections: { id: string; title: string; themes: { id: string; title: string; summary?: string }[] }[];
  briefs?: { text: string; source: string }[];
  /** Folders or globs of the units a roll-up includes; read by the load stage (load/units.ts). */
  units?: string[];
}

export const DEFAULT_PROFILE = 'gbt9704';

export function normaliseConfig(source: YamlSource, written: ConfigAsWritten, diagnostics: Diagnostic[]): ProjectConfig {
  idsAreUnique(source, written.metrics.map((m) => m.id), ['metrics'], '指标', diagnostics);
  idsAreUnique(source, written.sections.map((s) => s.id), ['sections'], '部分', diagnostics);
  written.sections.forEach((section, index) =>
    idsAreUnique(source, section.themes.map((t) => t.id), ['sections', index, 'themes'], `部分 ${section.id} 的条目`, diagnostics),
  );
  const targets = targetsByYear(source, written, diagnostics);
  dateExists(source, written.bulletin.date, diagnostics);
  if (written.bulletin.issue !== undefined) refuseInexact(source, written.bulletin.issue, ['bulletin', 'issue'], diagnostics, '期号是这一期的序号，检查是否多打了数字');
  idsAreNotReserved(source, written, diagnostics);
  printedTextIsChinese(source, written, diagnostics);
  const editors = written.bulletin.editors;
  return {
    organisation: written.organisation,
    bulletin: {
      ...written.bulletin,
      editors: editors === undefined ? [] : typeof editors === 'string' ? editors.split(/[\s、，,]+/).filter(Boolean) : editors,
    },
    document: {
      ...written.document,
      ...(written.document.opening !== undefined ? { openingSource: textPositions(source, ['document', 'opening']) } : {}),
      ...(written.document.closing !== undefined ? { closingSource: textPositions(source, ['document', 'closing']) } : {}),
    },
    metrics: written.metrics,
    ...(targets.length > 0 ? { targets } : {}),
    sections: written.sections.map((section, s) => ({
      ...section,
      themes: section.themes.map((theme, t) =>
        theme.summary === undefined ? theme : { ...theme, summarySource: textPositions(source, ['sections', s, 'themes', t, 'summary']) },
      ),
    })),
    profile: written.profile ?? DEFAULT_PROFILE,
    ...(written.kinds !== undefined ? { kinds: written.kinds } : {}),
    ...(written.script !== undefined ? { script: written.script === 'hant' ? 'hant-tw' : written.script } : {}),
    briefs: written.briefs ?? [],
    ...(written.protected !== undefined ? { protectedWords: written.protected.map((word) => word.trim()).filter(Boolean) } : {}),
  };
}

/** The schema checks the form (YYYY-MM-DD): 2025-02-30 has it, and no masthead can print that day. */
function dateExists(source: YamlSource, date: string | undefined, diagnostics: Diagnostic[]): void {
  if (date === undefined || isValidIsoDate(date)) return;
  diagnostics.push({
    ...source.locate(['bulletin', 'date']),
    severity: 'error',
    code: 'invalid-date',
    message: `bulletin.date 的日期 ${date} 不存在`,
    hint: '检查月份和日子，例如 2 月没有 30 日',
  });
}

function textPositions(source: YamlSource, path: YamlPath): TextPositions {
  return { file: source.file, at: (index) => source.locateInText?.(path, index) ?? source.locate(path) };
}

/**
 * `targets:` is a map of years, each a map of metric ids to targets. The old form, metric ids
 * straight under `targets:`, named no year, so every year's build was rated against the same
 * goals: it is refused with the rewrite, not guessed at.
 */
function targetsByYear(source: YamlSource, written: ConfigAsWritten, diagnostics: Diagnostic[]): Target[] {
  const metricIds = written.metrics.map((m) => m.id);
  const targets: Target[] = [];
  const entries = Object.entries(written.targets ?? {});
  const yearless = entries.filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  if (yearless.length > 0) {
    const example = yearless.map(([id, value]) => `${id}: ${value}`).join(', ');
    diagnostics.push({
      ...source.locate(['targets', yearless[0]![0]], { key: true }),
      severity: 'error',
      code: 'targets-without-year',
      message: 'targets 要写明是哪一年的目标：不写年份时，每一年的完成率都会和同一组目标相比',
      hint: `在 targets 下加一层年份，如 targets: {2024: {${example}}}（2024 换成目标所属的年份）；目标也可以写在 plans/<年份>.yaml 的事项下`,
    });
  }
  for (const [year, byMetric] of entries) {
    if (typeof byMetric === 'number') continue;
    for (const [id, value] of Object.entries(byMetric)) {
      if (refuseInexact(source, value, ['targets', year, id], diagnostics)) continue;
      if (metricIds.includes(id)) {
        targets.push({ year: Number(year), metric: id, value, source: source.locate(['targets', year, id]), setIn: 'summarize.yaml' });
        continue;
      }
      diagnostics.push({
        ...source.locate(['targets', year, id], { key: true }),
        severity: 'error',
        code: 'unknown-metric',
        message: `targets 中 ${year} 年的指标 “${id}” 没有在 metrics 中定义`,
        hint: suggestion(id, metricIds) ?? `可用的指标：${metricIds.join('、')}`,
      });
    }
  }
  return targets;
}

/**
 * Names every JavaScript object already has (constructor, toString, __proto__ …). Ids become keys
 * of the objects that hold figures, so a metric named `constructor` would read a function where a
 * number belongs; such ids are refused, whatever the later stages do.
 */
const RESERVED_IDS = new Set(Object.getOwnPropertyNames(Object.prototype));

function idsAreNotReserved(source: YamlSource, written: ConfigAsWritten, diagnostics: Diagnostic[]): void {
  const idPaths: YamlPath[] = [
    ...written.metrics.map((_, m) => ['metrics', m, 'id']),
    ...written.sections.flatMap((section, s) => [['sections', s, 'id'], ...section.themes.map((_, t) => ['sections', s, 'themes', t, 'id'])]),
  ];
  for (const idPath of idPaths) {
    const id = idPath.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], written) as string;
    if (!RESERVED_IDS.has(id)) continue;
    diagnostics.push({
      ...source.locate(idPath),
      severity: 'error',
      code: 'reserved-id',
      message: `id “${id}” 是程序保留的名称，不能用作 id`,
      hint: `换一个名称，如 ${id.replace(/^_+/, '')}_count`,
    });
  }
}

/** The config's own text is printed too: title, section and theme titles, summaries, briefs. */
function printedTextIsChinese(source: YamlSource, written: ConfigAsWritten, diagnostics: Diagnostic[]): void {
  const check = (path: YamlPath, text: string | undefined, template = false): void => {
    if (text === undefined) return;
    textPunctuationIsChinese(source, path, text, diagnostics, { template });
    if (!template) bracesPrintedAsTyped(source, path, text, diagnostics);
  };
  check(['document', 'title'], written.document.title);
  check(['document', 'opening'], written.document.opening, true);
  check(['document', 'closing'], written.document.closing, true);
  written.sections.forEach((section, s) => {
    check(['sections', s, 'title'], section.title);
    section.themes.forEach((theme, t) => {
      check(['sections', s, 'themes', t, 'title'], theme.title);
      check(['sections', s, 'themes', t, 'summary'], theme.summary, true);
    });
  });
  (written.briefs ?? []).forEach((brief, b) => check(['briefs', b, 'text'], brief.text));
}

/**
 * `title: 团区委{{period.text}}工作综述`: only the opening, the closing and the summaries are
 * templates; a title or a brief is printed as typed, braces and all.
 */
function bracesPrintedAsTyped(source: YamlSource, path: YamlPath, text: string, diagnostics: Diagnostic[]): void {
  const at = text.indexOf('{{');
  if (at < 0) return;
  diagnostics.push({
    ...(source.locateInText ? source.locateInText(path, at) : source.locate(path)),
    severity: 'warning',
    code: 'template-in-plain-text',
    message: '这段文字不是模板，{{…}} 会原样印出',
    hint: '模板写法只用于 document 的 opening、closing 和各条目的 summary；这里直接写出文字，如“团区委2024年工作综述”',
  });
}

function idsAreUnique(source: YamlSource, ids: string[], listPath: YamlPath, what: string, diagnostics: Diagnostic[]): void {
  const firstIndex = new Map<string, number>();
  ids.forEach((id, index) => {
    const first = firstIndex.get(id);
    if (first === undefined) {
      firstIndex.set(id, index);
      return;
    }
    const firstLine = source.locate([...listPath, first, 'id']).line;
    diagnostics.push({
      ...source.locate([...listPath, index, 'id']),
      severity: 'error',
      code: 'duplicate-id',
      message: `${what} id “${id}” 重复定义（第 ${firstLine} 行已定义过）`,
      hint: '每个 id 只能定义一次，请改名或删除一个',
    });
  });
}
