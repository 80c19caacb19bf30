// Render stage: config + aggregates (+ next year's plan) + templates → Markdown text → document
// model. Pure: the templates and the text of summarize.yaml arrive as text from the load stage.
// Template mistakes come back as diagnostics that name the template file, or the line and column
// inside summarize.yaml, where they happened (template-engine.ts).
//
// Every value that comes from the logs, the plan or the config is escaped for Markdown and passed
// as data; only template files and the summary/opening/closing texts of summarize.yaml are
// compiled. One context serves every document kind (bulletin, annual, plan, a project's own).

import type { Aggregates } from '../aggregate/aggregate.js';
import type { ProjectConfig, TextPositions, ThemeDefinition } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DocumentModel } from '../model/document.js';
import type { Period } from '../model/period.js';
import type { WorkPlan } from '../model/plan.js';
import type { TemplateSet } from '../load/templates.js';
import { metricSums, selectEvents } from '../aggregate/aggregate.js';
import type { RollupUnitFigures } from '../aggregate/rollup.js';
import { OWN_LEVEL } from '../model/rollup.js';
import { lazily } from '../model/lazy-field.js';
import { chineseNumeral, formatChineseDate } from '../numbers/index.js';
import { registerHelpers } from './helpers.js';
import { escapeMarkdown } from '../model/markdown-syntax.js';
import { markdownToModel, MarkupProblem } from './markdown-to-model.js';
import { TemplateEngine, type TemplateText } from './template-engine.js';
import { documentContext, GENERIC_THEME_TEXT, paragraphContext, themeContext } from './template-context.js';
import { TracedNumber, type FigureMarks } from './traced-number.js';

export interface RenderOptions {
  /** Overrides summarize.yaml's bulletin.issue. */
  issue?: number;
  /** ISO date; overrides bulletin.date. */
  date?: string;
  /** A reference to a missing variable is an error, not a warning. */
  strict?: boolean;
  /** Next year's work plan (plans/<year>.yaml), for the `plan` kind and the annual summary's last part. */
  plan?: WorkPlan;
}

export interface RenderResult {
  model?: DocumentModel;
  /** The Markdown the template produced, before parsing (useful when debugging a template). */
  markdown?: string;
  diagnostics: Diagnostic[];
}

export function renderDocument(config: ProjectConfig, aggregates: Aggregates, templates: TemplateSet, options: RenderOptions = {}): RenderResult {
  const engine = new TemplateEngine({ strict: options.strict === true });
  const figures = engine.marks;
  const diagnostics = engine.diagnostics;
  registerHelpers(engine.hb, config, aggregates, figures);
  for (const partial of templates.partials) {
    engine.registerPartial(partial.name, { file: partial.file, text: partial.text });
  }
  const inline = (text: string, at: TextPositions | undefined): TemplateText =>
    at ? { file: at.file, text, position: (line, column) => at.at(indexOf(text, line, column)) } : { file: 'summarize.yaml', text };
  const genericTheme = templates.partials.find((p) => p.name === 'generic-theme');
  const metricIds = config.metrics.map((m) => m.id);
  const themeShape = themeContext(metricIds);

  const date = options.date ?? config.bulletin.date ?? aggregates.period.end;
  const issue = options.issue ?? config.bulletin.issue;
  const common = {
    org: { name: escapeMarkdown(config.organisation.name), short: escapeMarkdown(config.organisation.short) },
    signature: `（${escapeMarkdown(config.organisation.short)}）`,
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
    document: { title: escapeMarkdown(config.document.title), date, dateText: formatChineseDate(date) },
    period: { ...aggregates.period, text: periodText(aggregates.period) },
    // A roll-up's units (summarize.yaml `units:`) with their totals for the period; `own` is the
    // project's own events (本级). Empty and undefined for a project without units.
    units: (aggregates.rollupUnits ?? []).filter((u) => !u.own).map((u) => unitContext(u, config, aggregates, figures)),
    own: aggregates.rollupUnits?.filter((u) => u.own).map((u) => unitContext(u, config, aggregates, figures))[0],
  };

  function themeText(theme: ThemeDefinition, sectionId: string): string {
    const scope = { section: sectionId, theme: theme.id };
    const events = selectEvents(aggregates.activities, scope);
    // The sums `{{sum}}` reads within the theme, its metrics in the order its events first log
    // them (as aggregate()'s byTheme orders them): one pass over the events, which a count by theme
    // beside them would make again (0.28 s of a 1M build).
    const totals = [...metricSums(events)].map(([id, { value, sources }]) => {
      const metric = config.metrics.find((m) => m.id === id)!;
      return { id, label: metric.label, unit: metric.unit, value: new TracedNumber(value, `${metric.label}（${id}）`, sources, figures, id) };
    });
    const context: Record<string, unknown> = { ...common, scope };
    // The events as a summary may list them, escaped: made only for one that does (a copy of each
    // of 100k events was a fifth of a roll-up's render).
    lazily(context, 'events', () => events.map((e) => ({ ...e, title: escapeMarkdown(e.title), text: e.text === undefined ? '' : escapeMarkdown(e.text) })));
    context.totals = totals;
    const source =
      theme.summary !== undefined
        ? inline(theme.summary, theme.summarySource)
        : { file: genericTheme?.file ?? templates.main.file, text: GENERIC_THEME_TEXT };
    return (engine.render(source, context, themeShape) ?? '').trim();
  }

  const sections = config.sections
    .map((section) => ({
      id: section.id,
      title: escapeMarkdown(section.title),
      themes: section.themes
        .filter((theme) => selectEvents(aggregates.activities, { section: section.id, theme: theme.id }).length > 0)
        // Rendered when a template prints it: a kind that does not (the plan) lists none of its figures.
        .map((theme) => ({ theme, text: () => themeText(theme, section.id) })),
    }))
    .filter((section) => section.themes.length > 0)
    .map((section, s) => ({
      ...section,
      number: s + 1,
      signature: '',
      themes: section.themes.map(({ theme, text }, t) => {
        const context = { id: theme.id, number: t + 1, title: escapeMarkdown(theme.title) };
        lazily(context, 'text', text);
        return context as typeof context & { text: string };
      }),
    }));

  const context = {
    ...common,
    scope: {},
    sections,
    briefs: config.briefs.map((b) => ({ text: escapeMarkdown(b.text), source: escapeMarkdown(b.source) })),
    plan: options.plan ? planContext(options.plan, sections.length + 1) : undefined,
  };
  const main = templates.main;
  // The bulletin's signature （团区委） closes the item: after the closing paragraph if there is
  // one, else after the last theme of the last section.
  const lastSection = sections.at(-1);
  const withSignature = config.document.closing === undefined && lastSection ? [...sections.slice(0, -1), { ...lastSection, signature: context.signature }] : sections;
  const mainContext = { ...context, sections: withSignature };
  // Like the themes' texts, rendered only when the template prints them.
  const optionalText = (key: 'opening' | 'closing', text: string | undefined, at: TextPositions | undefined): void => {
    if (text !== undefined) lazily(mainContext, key, () => engine.render(inline(text, at), context, paragraphContext(metricIds))?.trim());
  };
  optionalText('opening', config.document.opening, config.document.openingSource);
  optionalText('closing', config.document.closing, config.document.closingSource);
  const markdown = engine.render({ file: main.file, text: main.text }, mainContext, documentContext(metricIds));
  if (markdown === undefined || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  try {
    const model = markdownToModel(markdown, { title: config.document.title, date }, figures);
    return { model, markdown: figures.resolve(markdown), diagnostics };
  } catch (error) {
    if (!(error instanceof MarkupProblem)) throw error;
    diagnostics.push({ file: main.file, line: 1, column: 1, severity: 'error', code: 'template-markup', message: `${error.message}（生成文本第 ${error.line} 行）`, hint: '检查模板中该处的写法' });
    return { diagnostics };
  }
}

/**
 * One unit of a roll-up as templates see it: its names, and its totals over the whole period (all
 * sections; within a theme, `{{sum "id" unit=name}}` gives the theme's). The figures are
 * computed when a template first reads them, so a template that never lists units pays nothing.
 */
function unitContext(unit: RollupUnitFigures, config: ProjectConfig, aggregates: Aggregates, uses: FigureMarks) {
  const filter = { rollupUnit: unit.own ? null : unit.name };
  const events = () => selectEvents(aggregates.activities, filter);
  const of = `unit=${unit.own ? OWN_LEVEL : unit.name}`;
  const context = {
    name: escapeMarkdown(unit.name),
    short: escapeMarkdown(unit.short),
    place: escapeMarkdown(unit.place),
    folder: escapeMarkdown(unit.folder),
    own: unit.own,
  };
  const sums = () => {
    const logged = metricSums(events());
    return Object.fromEntries(
      config.metrics.flatMap((m) => {
        const sum = logged.get(m.id);
        return sum ? [[m.id, new TracedNumber(sum.value, `${m.label}（${m.id}） ${of}`, sum.sources, uses, m.id)]] : [];
      }),
    ) as Record<string, TracedNumber>;
  };
  lazily(context, 'eventCount', () => new TracedNumber(events().length, `活动条数 ${of}`, events(), uses));
  lazily(context, 'sums', sums);
  lazily(context, 'totals', () => {
    const byId = (context as unknown as { sums: Record<string, TracedNumber> }).sums;
    return config.metrics.filter((m) => byId[m.id] !== undefined).map((m) => ({ id: m.id, label: m.label, unit: m.unit, value: byId[m.id] }));
  });
  return context;
}

/** The plan as templates see it: every text escaped, every optional field present. */
function planContext(plan: WorkPlan, number: number) {
  return {
    year: plan.year,
    /** Its number (四、) when appended to the annual summary as the last part. */
    number,
    title: escapeMarkdown(plan.title ?? `${plan.year}年工作安排`),
    opening: plan.opening === undefined ? '' : escapeMarkdown(plan.opening),
    closing: plan.closing === undefined ? '' : escapeMarkdown(plan.closing),
    sections: plan.sections.map((section, s) => ({
      number: s + 1,
      id: section.sectionId ?? '',
      title: escapeMarkdown(section.title),
      items: section.items.map((item, i) => ({
        number: i + 1,
        title: item.title === undefined ? '' : escapeMarkdown(item.title),
        text: escapeMarkdown(item.text),
      })),
    })),
  };
}

/** 2024年, 2024年第三季度, 2024年上半年, 2024年7月: the period as a document names it. */
export function periodText(period: Period): string {
  const first = Number(period.start.slice(5, 7));
  const months = Number(period.end.slice(5, 7)) - first + 1;
  if (months === 12) return `${period.year}年`;
  if (months === 6) return `${period.year}年${first === 1 ? '上' : '下'}半年`;
  if (months === 3) return `${period.year}年第${chineseNumeral((first + 2) / 3)}季度`;
  return `${period.year}年${first}月`;
}

/** The index in `text` of a 1-based line and column. */
function indexOf(text: string, line: number, column: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) index = text.indexOf('\n', index) + 1;
  return index + column - 1;
}
