// Render stage: the Handlebars helpers editors use in templates and in the summaries of
// summarize.yaml. Figures are computed here from the aggregated events, phrased by src/numbers,
// and recorded (FigureUse) for the audit sidecar. `summarize templates helpers` lists them.

import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import type { ProjectConfig } from '../model/config.js';
import { countEvents, selectEvents, sumMetric, type Aggregates, type EventFilter } from '../aggregate/aggregate.js';
import {
  approximate,
  bracketOrdinal,
  formatChineseDate,
  formatExact,
  leadIn,
  sectionOrdinal,
} from '../numbers/index.js';
import { escapeMarkdown } from '../model/markdown-syntax.js';
import { numericValue, TracedNumber, type FigureUse } from './traced-number.js';

/** A mistake inside a template, with the template position Handlebars gave the helper. */
export class TemplateProblem extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface HelperDoc {
  name: string;
  example: string;
  description: string;
}

export const HELPER_DOCS: HelperDoc[] = [
  { name: 'sum', example: '{{sum "reached" tag="宣讲"}}', description: '本条（或 section=/theme= 指定范围）活动某指标之和' },
  { name: 'count', example: '{{count tag="主题活动"}}', description: '活动条数，可按 tag= 筛选' },
  { name: 'figure', example: '{{figure "members"}}', description: 'metrics/<年份>.yaml 中的统计数' },
  { name: 'approx', example: '{{approx (sum "reached")}}', description: '约数写法：11234 → 1.1万余，198000 → 近20万，13 → 10余' },
  { name: 'number', example: '{{number (sum "posts")}}', description: '精确数字' },
  { name: 'titles', example: '{{titles tag="主题活动" limit=6}}', description: '活动名称，用“、”连接' },
  { name: 'date', example: '{{date "2024-05-04"}}', description: '2024年5月4日' },
  { name: 'ordinal', example: '{{ordinal 1}}', description: '一、' },
  { name: 'lead', example: '{{lead 2}}', description: '二是' },
  { name: 'bracket', example: '{{bracket 3}}', description: '（三）' },
  { name: 'unit', example: '{{unit "reached"}}', description: '指标的量词，如 人次' },
  { name: 'join', example: '{{join bulletin.editors " "}}', description: '把列表连成一串' },
];

interface RootData {
  scope?: EventFilter;
}

export function registerHelpers(hb: typeof Handlebars, config: ProjectConfig, aggregates: Aggregates, uses: FigureUse[]): void {
  const metricIds = config.metrics.map((m) => m.id);

  const metricOf = (id: unknown, options: HelperOptions, helper: string) => {
    const metric = config.metrics.find((m) => m.id === id);
    if (!metric) {
      throw problem(options, `${helper} 用到的指标 “${String(id)}” 没有在 summarize.yaml 的 metrics 中定义`, `可用的指标：${metricIds.join('、')}`);
    }
    return metric;
  };
  const filterOf = (options: HelperOptions): EventFilter => {
    const root = (options.data?.root ?? {}) as RootData;
    const hash = options.hash as Record<string, unknown>;
    const scope = hash.scope === 'all' ? {} : { ...(root.scope ?? {}) };
    if (typeof hash.section === 'string') {
      scope.section = hash.section;
      delete scope.theme;
    }
    if (typeof hash.theme === 'string') scope.theme = hash.theme;
    if (typeof hash.tag === 'string') scope.tag = hash.tag;
    return scope;
  };
  const describe = (what: string, filter: EventFilter) =>
    [what, filter.section && filter.theme ? `${filter.section}/${filter.theme}` : filter.section, filter.tag && `tag=${filter.tag}`]
      .filter(Boolean)
      .join(' ');
  const numberArgument = (value: unknown, options: HelperOptions, helper: string): number => {
    const n = numericValue(value);
    if (n === undefined) throw problem(options, `${helper} 需要一个数字，得到的是 ${JSON.stringify(value) ?? 'undefined'}`);
    return n;
  };

  hb.registerHelper('sum', function (metricId: unknown, options: HelperOptions) {
    const metric = metricOf(metricId, options, 'sum');
    const filter = filterOf(options);
    const { value, sources } = sumMetric(selectEvents(aggregates.activities, filter), metric.id);
    return new TracedNumber(value, describe(`${metric.label}（${metric.id}）`, filter), sources, uses);
  });
  hb.registerHelper('count', function (options: HelperOptions) {
    const filter = filterOf(options);
    const { value, sources } = countEvents(selectEvents(aggregates.activities, filter));
    return new TracedNumber(value, describe('活动条数', filter), sources, uses);
  });
  hb.registerHelper('figure', function (metricId: unknown, options: HelperOptions) {
    const metric = metricOf(metricId, options, 'figure');
    const figure = aggregates.figures[metric.id];
    if (!figure) {
      throw problem(options, `metrics/${aggregates.period.year}.yaml 中没有 ${metric.id}（${metric.label}）`, `在该文件中加上一行 ${metric.id}: 数字`);
    }
    return new TracedNumber(figure.value, `${metric.label}（${metric.id}）`, [figure.source], uses);
  });
  hb.registerHelper('approx', function (value: unknown, options: HelperOptions) {
    const n = numberArgument(value, options, 'approx');
    if (!Number.isInteger(n) || n < 0) throw problem(options, `approx 只用于非负整数，得到 ${n}`);
    const text = approximate(n);
    return value instanceof TracedNumber ? value.print(text) : text;
  });
  hb.registerHelper('number', function (value: unknown, options: HelperOptions) {
    const text = formatExact(numberArgument(value, options, 'number'));
    return value instanceof TracedNumber ? value.print(text) : text;
  });
  hb.registerHelper('titles', function (options: HelperOptions) {
    const limit = numericValue((options.hash as Record<string, unknown>).limit);
    const events = selectEvents(aggregates.activities, filterOf(options));
    const titles = [...new Set(events.map((e) => e.title))];
    return titles.slice(0, limit ?? titles.length).map(escapeMarkdown).join('、');
  });
  hb.registerHelper('date', function (iso: unknown, options: HelperOptions) {
    if (typeof iso !== 'string') throw problem(options, `date 需要 YYYY-MM-DD 形式的日期，得到 ${JSON.stringify(iso)}`);
    try {
      return formatChineseDate(iso);
    } catch {
      throw problem(options, `date 得到的日期不存在：${iso}`);
    }
  });
  const ordinalHelper = (name: string, format: (n: number) => string) =>
    hb.registerHelper(name, function (value: unknown, options: HelperOptions) {
      const n = numberArgument(value, options, name);
      if (!Number.isInteger(n) || n < 1 || n > 99) throw problem(options, `${name} 只接受 1 到 99 的整数，得到 ${n}`);
      return format(n);
    });
  ordinalHelper('ordinal', sectionOrdinal);
  ordinalHelper('lead', leadIn);
  ordinalHelper('bracket', bracketOrdinal);
  hb.registerHelper('unit', function (metricId: unknown, options: HelperOptions) {
    return metricOf(metricId, options, 'unit').unit;
  });
  hb.registerHelper('join', function (list: unknown, separator: unknown) {
    const items = Array.isArray(list) ? list.map(String) : [];
    return items.join(typeof separator === 'string' ? separator : '、');
  });

  // A TracedNumber is an object, so the built-in `if` would call a zero "true".
  for (const name of ['if', 'unless'] as const) {
    const builtIn = hb.helpers[name] as (this: unknown, condition: unknown, options: HelperOptions) => unknown;
    hb.registerHelper(name, function (this: unknown, condition: unknown, options: HelperOptions) {
      return builtIn.call(this, condition instanceof TracedNumber ? condition.value : condition, options);
    });
  }
}

function problem(options: HelperOptions | undefined, message: string, hint?: string): TemplateProblem {
  // Called with too few arguments, a helper receives no options object at the expected place.
  const loc = (options as (HelperOptions & { loc?: { start: { line: number; column: number } } }) | undefined)?.loc;
  return new TemplateProblem(message, loc?.start.line ?? 1, (loc?.start.column ?? 0) + 1, hint);
}
