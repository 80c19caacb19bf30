// Render stage: the Handlebars helpers editors use in templates and in the summaries of
// summarize.yaml. Figures are computed here from the aggregated events, phrased by src/numbers,
// and printed as marks that become figure runs of the document model (traced-number.ts). `summarize templates helpers` lists them.

import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import type { ProjectConfig } from '../model/config.js';
import { countEvents, selectEvents, sumMetric, type Aggregates, type EventFilter } from '../aggregate/aggregate.js';
import { compareWithPreviousYear, completion, metricValue } from '../aggregate/compare.js';
import {
  approximate,
  arabicOrdinal,
  bracketOrdinal,
  formatChineseDate,
  formatExact,
  leadIn,
  sectionOrdinal,
} from '../numbers/index.js';
import { escapeMarkdown } from '../model/markdown-syntax.js';
import { findRollupUnit, type RollupUnitFigures } from '../aggregate/rollup.js';
import { OWN_LEVEL } from '../model/rollup.js';
import { numericValue, TracedNumber, type FigureMarks } from './traced-number.js';

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
  {
    name: 'sum',
    example: '{{sum "reached" tag="宣讲"}}',
    description:
      '本条（或 section=/theme= 指定范围）活动某指标之和；汇总项目（有 units:）中 unit="二七区" 只算该单位的活动' +
      '（全称、文件夹、地名或唯一的简称，“本级”为本项目自己的），count、titles、yoy、figure 同样可加 unit=',
  },
  { name: 'count', example: '{{count tag="主题活动"}}', description: '活动条数，可按 tag= 筛选' },
  {
    name: 'figure',
    example: '{{figure "members"}}',
    description: 'metrics/<年份>.yaml 或 metrics/<年份>.csv 中的统计数；汇总项目中 unit= 取某单位的，total=true 取本级与各单位之和（统计数不会自动相加）',
  },
  { name: 'approx', example: '{{approx (sum "reached")}}', description: '约数写法：11234 → 1.1万余，198000 → 近20万，13 → 10余' },
  { name: 'number', example: '{{number (sum "posts")}}', description: '精确数字' },
  { name: 'titles', example: '{{titles tag="主题活动" limit=6}}', description: '活动名称，用“、”连接' },
  {
    name: 'perUnit',
    example: '其中{{perUnit "job_openings" sort="desc" limit=3}}',
    description:
      '汇总项目中各单位的数字：二七区1200个、金水区900个……（范围同 sum，不写指标则为活动条数；活动中没有记的指标取各单位的统计数）；' +
      'sort="desc" 从大到小，limit= 最多列几个，approx=true 写约数，own=true 连同本级，zero=true 连同为 0 的单位，unit= 量词',
  },
  {
    name: 'highlights',
    example: '举行{{highlights tag="主题活动" limit=3}}',
    description:
      '重点活动名称加总数：“A”、“B”、“C”等10余场。列出 highlight 的活动（没有则列全部），数的是范围内全部活动；' +
      'limit= 最多列几个，quote=true 给名称加引号，metric="id" 改为该指标之和，unit= 量词（默认“场”），exact=true 写精确数',
  },
  {
    name: 'yoy',
    example: '{{yoy "lectures" prefix="，"}}',
    description: '与上年同期相比：同比增长12.5% / 同比下降3.0% / 持平；范围同 sum。上年没有数据时什么也不写（连同 prefix=、suffix=）',
  },
  {
    name: 'rate',
    example: '{{rate "lectures"}}',
    description: '年初至本期末的数字与 summarize.yaml 中 targets 的年度目标相比：完成率104.2%（全单位，不分部分）',
  },
  { name: 'date', example: '{{date "2024-05-04"}}', description: '2024年5月4日' },
  { name: 'ordinal', example: '{{ordinal 1}}', description: '一、' },
  { name: 'lead', example: '{{lead 2}}', description: '二是' },
  { name: 'bracket', example: '{{bracket 3}}', description: '（三）' },
  { name: 'arabic', example: '{{arabic 1}}', description: '1.（三级标题的序号）' },
  { name: 'unit', example: '{{unit "reached"}}', description: '指标的量词，如 人次' },
  { name: 'join', example: '{{join bulletin.editors " "}}', description: '把列表连成一串' },
];

interface RootData {
  scope?: EventFilter;
}

export function registerHelpers(hb: typeof Handlebars, config: ProjectConfig, aggregates: Aggregates, marks: FigureMarks): void {
  const metricIds = config.metrics.map((m) => m.id);

  const metricOf = (id: unknown, options: HelperOptions, helper: string) => {
    const metric = config.metrics.find((m) => m.id === id);
    if (!metric) {
      throw problem(options, `${helper} 用到的指标 “${String(id)}” 没有在 summarize.yaml 的 metrics 中定义`, `可用的指标：${metricIds.join('、')}`);
    }
    return metric;
  };
  /** A roll-up unit named by `unit="…"`; a template problem when there is none by that name. */
  const rollupUnitOf = (wanted: unknown, options: HelperOptions): RollupUnitFigures => {
    const found = findRollupUnit(aggregates.rollupUnits, String(wanted), escapeMarkdown);
    if ('problem' in found) throw problem(options, found.problem, found.hint);
    return found.unit;
  };
  /** `unit=` filters by roll-up unit, except in the helpers where it was always the counting word. */
  const filterOf = (options: HelperOptions, unitFilter = true): EventFilter => {
    const root = (options.data?.root ?? {}) as RootData;
    const hash = options.hash as Record<string, unknown>;
    const scope = hash.scope === 'all' ? {} : { ...(root.scope ?? {}) };
    if (typeof hash.section === 'string') {
      scope.section = hash.section;
      delete scope.theme;
    }
    if (typeof hash.theme === 'string') scope.theme = hash.theme;
    if (typeof hash.tag === 'string') scope.tag = hash.tag;
    if (unitFilter && hash.unit !== undefined) {
      const unit = rollupUnitOf(hash.unit, options);
      scope.rollupUnit = unit.own ? null : unit.name;
    }
    return scope;
  };
  const unitName = (filter: EventFilter) => (filter.rollupUnit === undefined ? undefined : filter.rollupUnit === null ? OWN_LEVEL : filter.rollupUnit);
  const describe = (what: string, filter: EventFilter) =>
    [
      what,
      filter.section && filter.theme ? `${filter.section}/${filter.theme}` : filter.section,
      filter.tag && `tag=${filter.tag}`,
      filter.rollupUnit !== undefined && `unit=${unitName(filter)}`,
    ]
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
    return new TracedNumber(value, describe(`${metric.label}（${metric.id}）`, filter), sources, marks, metric.id);
  });
  hb.registerHelper('count', function (options: HelperOptions) {
    const filter = filterOf(options);
    const { value, sources } = countEvents(selectEvents(aggregates.activities, filter));
    return new TracedNumber(value, describe('活动条数', filter), sources, marks);
  });
  hb.registerHelper('figure', function (metricId: unknown, options: HelperOptions) {
    const metric = metricOf(metricId, options, 'figure');
    const hash = options.hash as Record<string, unknown>;
    if (hash.total === true) {
      // A roll-up's figures are not added up unless asked: 青年之家 add up, a rate would not.
      if (!aggregates.rollupUnits) throw problem(options, 'figure 的 total=true 只用于汇总其他单位的项目（summarize.yaml 中有 units:）');
      const parts = aggregates.rollupUnits.flatMap((u) => (u.figures[metric.id] ? [u.figures[metric.id]!] : []));
      if (parts.length === 0) {
        throw problem(options, `本项目和各单位的 metrics/${aggregates.period.year}.yaml（或 .csv）中都没有 ${metric.id}（${metric.label}）`, `在各单位的该文件中加上一行 ${metric.id}: 数字`);
      }
      const value = parts.reduce((sum, f) => sum + f.value, 0);
      return new TracedNumber(value, `${metric.label}（${metric.id}） 本级与各单位之和`, parts, marks, metric.id);
    }
    const unit = hash.unit === undefined ? undefined : rollupUnitOf(hash.unit, options);
    const figure = unit ? unit.figures[metric.id] : aggregates.figures[metric.id];
    if (!figure) {
      const where = unit && !unit.own ? `${unit.folder}/` : '';
      throw problem(options, `${where}metrics/${aggregates.period.year}.yaml（或 .csv）中没有 ${metric.id}（${metric.label}）`, `在该文件中加上一行 ${metric.id}: 数字`);
    }
    const of = unit ? ` unit=${unit.own ? OWN_LEVEL : unit.name}` : '';
    return new TracedNumber(figure.value, `${metric.label}（${metric.id}）${of}`, [figure], marks, metric.id);
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
  hb.registerHelper('highlights', function (options: HelperOptions) {
    const hash = options.hash as Record<string, unknown>;
    const filter = filterOf(options, false);
    const events = selectEvents(aggregates.activities, filter);
    if (events.length === 0) return '';
    const limit = hash.limit === undefined ? undefined : numberArgument(hash.limit, options, 'highlights 的 limit');
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw problem(options, `highlights 的 limit 应是正整数，得到 ${limit}`);
    const highlighted = events.filter((e) => e.highlight);
    const named = highlighted.length > 0 ? highlighted : events;
    const titles = [...new Set(named.map((e) => e.title))].slice(0, limit);
    let total: TracedNumber;
    let unitWord = '场';
    if (hash.metric !== undefined) {
      const metric = metricOf(hash.metric, options, 'highlights');
      const { value, sources } = sumMetric(events, metric.id);
      total = new TracedNumber(value, describe(`${metric.label}（${metric.id}）`, filter), sources, marks, metric.id);
      unitWord = metric.unit;
    } else {
      const { value, sources } = countEvents(events);
      total = new TracedNumber(value, describe('活动条数', filter), sources, marks);
    }
    if (typeof hash.unit === 'string') unitWord = hash.unit;
    const figure = hash.exact === true ? formatExact(total.value) : approximate(total.value);
    const list = titles.map((t) => escapeMarkdown(hash.quote === true ? quoted(t) : t)).join('、');
    return `${list}等${total.print(figure)}${unitWord}`;
  });
  hb.registerHelper('perUnit', function (...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const hash = options.hash as Record<string, unknown>;
    const metric = args.length > 0 ? metricOf(args[0], options, 'perUnit') : undefined;
    if (!aggregates.rollupUnits) throw problem(options, 'perUnit 只用于汇总其他单位的项目（summarize.yaml 中有 units:）');
    const limit = hash.limit === undefined ? undefined : numberArgument(hash.limit, options, 'perUnit 的 limit');
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw problem(options, `perUnit 的 limit 应是正整数，得到 ${limit}`);
    if (hash.sort !== undefined && hash.sort !== 'desc' && hash.sort !== 'asc') throw problem(options, `perUnit 的 sort 只能是 "desc" 或 "asc"，得到 ${JSON.stringify(hash.sort)}`);
    const scope = filterOf(options, false);
    const word = typeof hash.unit === 'string' ? hash.unit : (metric?.unit ?? '场');
    const rows = aggregates.rollupUnits
      .filter((unit) => !unit.own || hash.own === true)
      .map((unit) => {
        const filter = { ...scope, rollupUnit: unit.own ? null : unit.name };
        // A metric logged on events is summed over the unit's; one that is not, read from its figures.
        const found = metric ? metricValue(aggregates, metric.id, filter) : countEvents(selectEvents(aggregates.activities, filter));
        const label = unit.own ? `${unit.short}${OWN_LEVEL}` : unit.place;
        if (!found) return undefined;
        return { label, traced: new TracedNumber(found.value, describe(metric ? `${metric.label}（${metric.id}）` : '活动条数', filter), found.sources, marks, metric?.id) };
      })
      .filter((row) => row !== undefined && (hash.zero === true || row.traced.value !== 0)) as { label: string; traced: TracedNumber }[];
    if (hash.sort !== undefined) rows.sort((a, b) => (hash.sort === 'asc' ? a.traced.value - b.traced.value : b.traced.value - a.traced.value));
    return rows
      .slice(0, limit)
      .map(({ label, traced }) => `${escapeMarkdown(label)}${traced.print(hash.approx === true ? approximate(traced.value) : formatExact(traced.value))}${word}`)
      .join('、');
  });
  const affixed = (options: HelperOptions, text: string): string => {
    const hash = options.hash as Record<string, unknown>;
    const affix = (key: string) => (typeof hash[key] === 'string' ? (hash[key] as string) : '');
    return `${affix('prefix')}${text}${affix('suffix')}`;
  };
  hb.registerHelper('yoy', function (metricId: unknown, options: HelperOptions) {
    const metric = metricOf(metricId, options, 'yoy');
    const filter = filterOf(options);
    const comparison = compareWithPreviousYear(aggregates, metric.id, filter);
    if (!comparison || !aggregates.previous) return '';
    const { current, previous } = comparison;
    const what = describe(`同比 ${metric.label}（${metric.id}）`, filter);
    const description = `${what}：${aggregates.period.label} ${current.value}，${aggregates.previous.period.label} ${previous.value}`;
    const sources = [...current.sources, ...previous.sources];
    const traced = new TracedNumber(roundRatio(comparison.change), description, sources, marks, metric.id);
    return affixed(options, traced.print(comparison.text));
  });
  hb.registerHelper('rate', function (metricId: unknown, options: HelperOptions) {
    const metric = metricOf(metricId, options, 'rate');
    const target = config.targets?.[metric.id];
    if (target === undefined) {
      throw problem(options, `summarize.yaml 的 targets 中没有 ${metric.id}（${metric.label}）的年度目标`, `在 targets 下加一行 ${metric.id}: 目标数`);
    }
    const done = completion(aggregates, metric.id, target);
    if (!done) {
      throw problem(
        options,
        target <= 0 ? `${metric.id} 的年度目标是 ${target}，无法计算完成率` : `${aggregates.period.year} 年没有 ${metric.id}（${metric.label}）的数字：活动记录和 metrics 文件中都没有`,
        target <= 0 ? '年度目标应大于 0' : undefined,
      );
    }
    const through = aggregates.period.end;
    const description = `完成率 ${metric.label}（${metric.id}）：截至 ${through} ${done.actual.value}，年度目标 ${target}`;
    const traced = new TracedNumber(roundRatio(done.ratio), description, done.actual.sources, marks, metric.id);
    return affixed(options, traced.print(done.text));
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
  ordinalHelper('arabic', arabicOrdinal);
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

/** A title quoted in a sentence: “…”, with the quotes inside it turned into ‘…’ (GB/T 15834 nesting). */
function quoted(title: string): string {
  return `“${title.replaceAll('“', '‘').replaceAll('”', '’')}”`;
}

/** Ratios in the audit are kept to six decimals: enough to recompute the printed tenth of a percent. */
function roundRatio(ratio: number): number {
  return Math.round(ratio * 1e6) / 1e6;
}

function problem(options: HelperOptions | undefined, message: string, hint?: string): TemplateProblem {
  // Called with too few arguments, a helper receives no options object at the expected place.
  const loc = (options as (HelperOptions & { loc?: { start: { line: number; column: number } } }) | undefined)?.loc;
  return new TemplateProblem(message, loc?.start.line ?? 1, (loc?.start.column ?? 0) + 1, hint);
}
