// CLI: `summarize templates list | eject <name…> | helpers`, for editors who change the wording
// and structure of documents. `list` shows each document template and partial and whether the
// project overrides it; `eject` copies built-in ones into <project>/templates/ to edit, and never
// replaces a copy that has been edited; `helpers` lists the helpers with an example each.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentScript } from '../model/config.js';
import { UserError } from '../model/errors.js';
import { displayPath } from '../load/display-path.js';
import { CONFIG_FILE, readProjectConfig } from '../load/project.js';
import { listTemplates, PARTIALS_FOLDER, projectTemplatePath, TEMPLATE_SUFFIX, type TemplateEntry } from '../load/templates.js';
import { HELPERS } from '../render/helpers.js';
import { documentContext, fieldPaths, themeContext } from '../render/template-context.js';
import { suggestion } from '../validate/suggest.js';
import { writeOutputs } from '../write/safe-write.js';

const KIND_NOTES: Record<string, string> = {
  bulletin: '上街信息式简报（默认）',
  annual: '年度工作总结（公文式，可附下一年工作安排）',
  plan: '下一年工作安排（plans/<年份>.yaml）',
};

export function templatesList(projectDir: string | undefined): string {
  const root = path.resolve(projectDir ?? '.');
  // Without -C the built-in templates are listed anywhere; a project named with -C must exist.
  if (projectDir !== undefined && !existsSync(root)) {
    throw new UserError(`项目文件夹 ${displayPath(root)} 不存在`, undefined, '检查 -C 后面的路径');
  }
  const entries = listTemplates(root);
  const lines: string[] = [];
  for (const type of ['document', 'partial'] as const) {
    const ofType = entries.filter((e) => e.type === type);
    lines.push(type === 'document' ? '文档模板（summarize build --kind <名称>）：' : '局部模板（在模板中写 {{> 名称}}）：');
    const rows = ofType.map((entry) => [entry.name, originLabel(entry), displayPath((entry.project ?? entry.builtIn)!.path), type === 'document' ? (KIND_NOTES[entry.name] ?? '') : '']);
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => displayWidth(row[column]!))));
    for (const row of rows) {
      lines.push(`  ${row.map((cell, column) => (column < 3 ? cell + ' '.repeat(widths[column]! - displayWidth(cell)) : cell)).join('  ')}`.trimEnd());
    }
  }
  lines.push('', '“项目”的模板在项目的 templates/ 中，覆盖同名的内置模板；summarize templates eject <名称> 把内置模板复制过去修改。');
  return lines.join('\n');
}

/** Columns on a terminal: a Chinese character or full-width sign takes two. */
function displayWidth(text: string): number {
  return [...text].reduce((width, char) => width + (/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(char) ? 2 : 1), 0);
}

function originLabel(entry: TemplateEntry): string {
  if (entry.project && entry.builtIn) return '项目（覆盖内置）';
  return entry.project ? '项目' : '内置';
}

export interface EjectResult {
  /** Copied into the project. */
  written: string[];
  /** Already in the project, identical to the built-in one. */
  unchanged: string[];
}

/** Copies built-in templates into <project>/templates/; refuses, writing nothing, if any copy was edited. */
export function ejectTemplates(names: readonly string[], projectDir: string | undefined): EjectResult {
  const root = path.resolve(projectDir ?? '.');
  if (!existsSync(path.join(root, CONFIG_FILE))) {
    throw new UserError(`${displayPath(root)} 不是项目文件夹（没有 ${CONFIG_FILE}）`, undefined, '用 -C <文件夹> 指定项目');
  }
  const entries = listTemplates(root).filter((e) => e.builtIn);
  const chosen = names.map((name) => findEntry(name, entries));
  const plan = chosen.map((entry) => {
    const target = projectTemplatePath(root, entry);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    return { entry, target, current };
  });
  const edited = plan.filter((p) => p.current !== undefined && p.current !== p.entry.builtIn!.text);
  if (edited.length > 0) {
    throw new UserError(
      `项目中已有改过的模板，没有覆盖，也没有导出其他模板：${edited.map((p) => displayPath(p.target)).join('、')}`,
      undefined,
      '要恢复内置版本，先把这些文件改名或移走，再运行 eject',
    );
  }
  const toWrite = plan.filter((p) => p.current === undefined);
  writeOutputs(toWrite.map((p) => ({ path: p.target, content: p.entry.builtIn!.text })));
  return { written: toWrite.map((p) => displayPath(p.target)), unchanged: plan.filter((p) => p.current !== undefined).map((p) => displayPath(p.target)) };
}

/** `annual`, `section`, `partials/section`, `section.md.hbs`: a document template or a partial. */
function findEntry(written: string, entries: readonly TemplateEntry[]): TemplateEntry {
  let name = written.trim().replace(/\\/g, '/');
  if (name.endsWith(TEMPLATE_SUFFIX)) name = name.slice(0, -TEMPLATE_SUFFIX.length);
  const partialOnly = name.startsWith(`${PARTIALS_FOLDER}/`);
  if (partialOnly) name = name.slice(PARTIALS_FOLDER.length + 1);
  const matches = entries.filter((e) => e.name === name && (!partialOnly || e.type === 'partial'));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UserError(`“${name}” 既是文档模板也是局部模板`, undefined, `文档模板写 ${name}，局部模板写 ${PARTIALS_FOLDER}/${name}`);
  }
  const names = [...new Set(entries.map((e) => e.name))];
  throw new UserError(`没有名为 “${written}” 的内置模板`, undefined, suggestion(name, names) ?? `可用的有：${names.join('、')}（summarize templates list）`);
}

export function helpersText(): string {
  const width = Math.max(...HELPERS.map((h) => h.name.length));
  const lines = ['模板和 summarize.yaml 的 summary/opening/closing 中可用的助手（范围默认是本条目的活动）：', ''];
  for (const helper of HELPERS) {
    lines.push(`  ${helper.name.padEnd(width)}  ${helper.doc}`);
    lines.push(`  ${' '.repeat(width)}  写法：{{${helper.signature}}}`);
    lines.push(`  ${' '.repeat(width)}  例：${helper.example}`);
  }
  lines.push('', '变量写作 {{org.name}}、{{period.text}}、{{document.dateText}}；不存在的变量会给出警告（--strict 时为错误）。');
  lines.push('字段优先于同名的助手：{{#each themes}} 中的 {{number}} 是条目的序号，{{number (sum "posts")}} 才是助手。');
  const metricIds = ['<指标>'];
  lines.push('', '文档模板（及 opening、closing）中的变量（[] 表示列表，用 {{#each}} 逐项）：');
  lines.push(...wrapped(fieldPaths(documentContext(metricIds))));
  lines.push('', 'summarize.yaml 中各条目的 summary 中的变量：');
  lines.push(...wrapped(fieldPaths(themeContext(metricIds))));
  return lines.join('\n');
}

/** Names separated by 、, in lines of about 100 columns, indented. */
function wrapped(names: string[]): string[] {
  const lines: string[] = [];
  for (const name of names) {
    const last = lines.at(-1);
    if (last !== undefined && displayWidth(last) + name.length < 100) lines[lines.length - 1] = `${last}、${name}`;
    else lines.push(`  ${name}`);
  }
  return lines;
}

/**
 * With -C: the metric ids the project defines, which is what `sum`, `figure`, `yoy` … take as their
 * first argument. Read from summarize.yaml as written, without checking the rest of the project.
 */
export function projectMetricsText(projectDir: string): string {
  const root = path.resolve(projectDir);
  const configPath = path.join(root, CONFIG_FILE);
  const config = readProjectConfig(root);
  if (!config) {
    throw new UserError(`${displayPath(root)} 不是项目文件夹（没有 ${CONFIG_FILE}）`, undefined, '用 -C <文件夹> 指定项目');
  }
  const metrics = (config.source.value as { metrics?: unknown } | null)?.metrics;
  const listed = (Array.isArray(metrics) ? metrics : []).filter((m): m is { id: string; label?: unknown; unit?: unknown } => typeof (m as { id?: unknown })?.id === 'string');
  if (listed.length === 0) return `${displayPath(configPath)} 中还没有指标（metrics）。`;
  const width = Math.max(...listed.map((m) => m.id.length));
  const rows = listed.map((m) => `  ${m.id.padEnd(width)}  ${typeof m.label === 'string' ? m.label : ''}${typeof m.unit === 'string' ? `（${m.unit}）` : ''}`);
  return [`本项目（${displayPath(configPath)}）的指标，写在 {{sum "…"}} 等助手中：`, ...rows].join('\n');
}

/**
 * `summarize templates dotx [file]`: the styles and page set-up of the typesetting profile as a
 * Word template (.dotx), so documents written by hand get the same 正文/标题/一级标题… styles as
 * the generated ones. The project's profile (summarize.yaml `profile:`) unless --profile says.
 */
export async function exportDotx(file: string | undefined, options: { project?: string; profile?: string }): Promise<string> {
  const root = path.resolve(options.project ?? '.');
  const [{ loadProfile }, { renderDotx }] = await Promise.all([import('../load/profile.js'), import('../write/dotx.js')]);
  const profileName = options.profile ?? configuredSettings(root).profile ?? 'gbt9704';
  const target = path.resolve(file ?? `${profileName}.dotx`);
  writeOutputs([{ path: target, content: await renderDotx(loadProfile(profileName, root)) }]);
  return displayPath(target);
}

const SCRIPTS: ReadonlySet<unknown> = new Set<DocumentScript>(['hans', 'hant-tw', 'hant-hk']);

/**
 * summarize.yaml's `profile:` and `script:` as written, for the commands that need only those
 * (templates dotx, fonts): read and parsed by the load stage, the rest of the project not checked.
 * Either is absent when the file is missing or unreadable, or the value is not one the tool knows.
 */
export function configuredSettings(root: string): { profile?: string; script?: DocumentScript } {
  const value = readProjectConfig(root)?.source.value;
  const written = typeof value === 'object' && value !== null ? (value as { profile?: unknown; script?: unknown }) : {};
  return {
    ...(typeof written.profile === 'string' ? { profile: written.profile } : {}),
    ...(SCRIPTS.has(written.script) ? { script: written.script as DocumentScript } : {}),
  };
}
