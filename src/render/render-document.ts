// Render stage: config + aggregates + templates → Markdown text → document model. Pure: the
// templates arrive as text from the load stage. Template mistakes come back as diagnostics that
// name the template file (or the summarize.yaml line) where they happened.

import Handlebars from 'handlebars';
import type { Aggregates } from '../aggregate/aggregate.js';
import type { ProjectConfig, ThemeDefinition } from '../model/config.js';
import type { Diagnostic, SourcePosition } from '../model/diagnostic.js';
import type { DocumentModel } from '../model/document.js';
import type { TemplateSet } from '../load/templates.js';
import { selectEvents, totalsOf } from '../aggregate/aggregate.js';
import { formatChineseDate } from '../numbers/index.js';
import { registerHelpers, TemplateProblem } from './helpers.js';
import { escapeMarkdown } from '../model/markdown-syntax.js';
import { markdownToModel, MarkupProblem } from './markdown-to-model.js';
import { TracedNumber, type FigureUse } from './traced-number.js';

export interface RenderOptions {
  /** Overrides summarize.yaml's bulletin.issue. */
  issue?: number;
  /** ISO date; overrides bulletin.date. */
  date?: string;
}

export interface RenderResult {
  model?: DocumentModel;
  /** The Markdown the template produced, before parsing (useful when debugging a template). */
  markdown?: string;
  figures: FigureUse[];
  diagnostics: Diagnostic[];
}

/** Where a piece of template text came from, so errors point into the right file. */
interface TemplateOrigin {
  file: string;
  /** Line of the file on which the template's first line stands. */
  firstLine: number;
  column: number;
}

export function renderDocument(config: ProjectConfig, aggregates: Aggregates, templates: TemplateSet, options: RenderOptions = {}): RenderResult {
  const figures: FigureUse[] = [];
  const diagnostics: Diagnostic[] = [];
  const hb = Handlebars.create();
  registerHelpers(hb, config, aggregates, figures);

  const renderText = (text: string, origin: TemplateOrigin, context: object): string | undefined => {
    try {
      return hb.compile(text, { noEscape: true, knownHelpersOnly: false })(context, {
        allowProtoPropertiesByDefault: false,
        allowProtoMethodsByDefault: false,
      });
    } catch (error) {
      diagnostics.push(templateDiagnostic(error, origin));
      return undefined;
    }
  };

  for (const partial of templates.partials) {
    hb.registerPartial(partial.name, partial.text);
  }

  const date = options.date ?? config.bulletin.date ?? aggregates.period.end;
  const issue = options.issue ?? config.bulletin.issue;
  const sections = config.sections
    .map((section) => ({
      id: section.id,
      title: escapeMarkdown(section.title),
      themes: section.themes
        .filter((theme) => selectEvents(aggregates.activities, { section: section.id, theme: theme.id }).length > 0)
        .map((theme) => ({ theme, text: themeText(theme, section.id) })),
    }))
    .filter((section) => section.themes.length > 0)
    .map((section, s) => ({
      ...section,
      number: s + 1,
      themes: section.themes.map(({ theme, text }, t) => ({ id: theme.id, number: t + 1, title: escapeMarkdown(theme.title), text })),
    }));

  function themeText(theme: ThemeDefinition, sectionId: string): string {
    const scope = { section: sectionId, theme: theme.id };
    const events = selectEvents(aggregates.activities, scope);
    const totals = Object.entries(totalsOf(events).metrics).map(([id, value]) => {
      const metric = config.metrics.find((m) => m.id === id)!;
      const sources = events.filter((e) => id in e.metrics).map((e) => e.source);
      return { id, label: metric.label, unit: metric.unit, value: new TracedNumber(value, `${metric.label}（${id}）`, sources, figures, id) };
    });
    const context = { scope, events: events.map((e) => ({ ...e, title: escapeMarkdown(e.title) })), totals };
    const origin = theme.summarySource ? originOf(theme.summarySource) : { file: templates.main.file, firstLine: 1, column: 1 };
    const text = theme.summary ?? '{{> generic-theme}}';
    return (renderText(text, origin, context) ?? '').trim();
  }

  const context = {
    org: config.organisation,
    signature: `（${config.organisation.short}）`,
    bulletin: {
      name: escapeMarkdown(config.bulletin.name),
      office: escapeMarkdown(config.bulletin.office),
      send: config.bulletin.send && escapeMarkdown(config.bulletin.send),
      distribute: config.bulletin.distribute && escapeMarkdown(config.bulletin.distribute),
      editors: config.bulletin.editors.map(escapeMarkdown),
      issue,
      issueLine: issue === undefined ? '' : `第${issue}期`,
      date,
      dateText: formatChineseDate(date),
    },
    document: { title: escapeMarkdown(config.document.title) },
    period: aggregates.period,
    scope: {},
    sections,
    briefs: config.briefs.map((b) => ({ text: escapeMarkdown(b.text), source: escapeMarkdown(b.source) })),
  };
  const opening = optionalText(config.document.opening, config.document.openingSource);
  const closing = optionalText(config.document.closing, config.document.closingSource);
  function optionalText(text: string | undefined, at: SourcePosition | undefined): string | undefined {
    if (text === undefined) return undefined;
    return renderText(text, at ? originOf(at) : { file: 'summarize.yaml', firstLine: 1, column: 1 }, context)?.trim();
  }

  const main = templates.main;
  // The signature closes the item: after the closing paragraph if there is one, else after the
  // last theme of the last section.
  const lastSection = sections.at(-1);
  const withSignature = closing === undefined && lastSection ? [...sections.slice(0, -1), { ...lastSection, signature: context.signature }] : sections;
  const markdown = renderText(main.text, { file: main.file, firstLine: 1, column: 1 }, { ...context, sections: withSignature, opening, closing });
  if (markdown === undefined || diagnostics.length > 0) return { figures, diagnostics };
  try {
    const model = markdownToModel(markdown, { title: config.document.title, date });
    return { model, markdown, figures, diagnostics };
  } catch (error) {
    if (!(error instanceof MarkupProblem)) throw error;
    diagnostics.push({ file: main.file, line: 1, column: 1, severity: 'error', code: 'template-markup', message: `${error.message}（生成文本第 ${error.line} 行）`, hint: '检查模板中该处的写法' });
    return { figures, diagnostics };
  }
}

function originOf(position: SourcePosition): TemplateOrigin {
  // A summary written as a block scalar (|- or >-) starts on the line after its key.
  return { file: position.file, firstLine: position.line, column: position.column };
}

function templateDiagnostic(error: unknown, origin: TemplateOrigin): Diagnostic {
  if (error instanceof TemplateProblem) {
    return {
      file: origin.file,
      line: origin.firstLine + error.line - 1,
      column: error.line === 1 ? origin.column + error.column - 1 : error.column,
      severity: 'error',
      code: 'template-helper',
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  // Handlebars throws its own Exception for runtime mistakes (missing helper or partial) and a
  // plain Error starting "Parse error on line N" for syntax; anything else is our bug.
  const isTemplateMistake = error instanceof Handlebars.Exception || (error instanceof Error && error.message.startsWith('Parse error'));
  if (isTemplateMistake) {
    const line = /on line (\d+)/.exec(error.message);
    const firstLine = error.message.split('\n')[0] ?? error.message;
    return {
      file: origin.file,
      line: origin.firstLine + (line ? Number(line[1]) - 1 : 0),
      column: origin.column,
      severity: 'error',
      code: /partial/i.test(error.message) ? 'template-missing-partial' : 'template-syntax',
      message: `模板写法有误：${firstLine}`,
      hint: '检查 {{ }} 是否成对、助手名称是否拼对（summarize templates helpers 列出可用的助手）',
    };
  }
  throw error;
}
