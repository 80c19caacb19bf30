// Render stage: the Handlebars helpers editors use in templates and in the summaries of
// summarize.yaml, as one table (HELPERS): each helper's name, what it does in Chinese, how a call
// is written, an example of a right call, and its function. The table registers them, lists them
// (`summarize templates helpers`), and tells the template check (template-check.ts) and every
// message about a call what the helper expects. Figures are computed here from the aggregated
// events, phrased by src/numbers, and printed as marks that become figure runs of the document
// model (traced-number.ts).

import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import { targetFor, type ProjectConfig } from '../model/config.js';
import { selectEvents, type Aggregates, type EventFilter } from '../aggregate/aggregate.js';
import { compareWithPreviousYear, completion, eventCount, metricSum, perUnitValues } from '../aggregate/query.js';
import {
  approximate,
  arabicOrdinal,
  decimalPlaces,
  decimalSum,
  bracketOrdinal,
  formatChineseDate,
  formatExact,
  leadIn,
  sectionOrdinal,
} from '../numbers/index.js';
import { escapeMarkdown } from '../model/markdown-syntax.js';
import { shortened } from '../model/diagnostic.js';
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

/** One positional argument of a helper, as messages name it. */
export interface HelperParam {
  /** 指标, 数字, 日期…: what an editor writes there. */
  name: string;
  optional?: boolean;
}

/**
 * A helper: what `summarize templates helpers` lists, what the template check knows about its
 * arguments, and the function Handlebars calls. Every helper is one entry of HELPERS.
 */
export interface HelperSpec {
  name: string;
  /** One line in Chinese: what it prints. */
  doc: string;
  /** How a call is written: positional arguments, then the hash keys it accepts. */
  signature: string;
  /** A right call, shown with every mistake in a call of this helper. */
  example: string;
  params: readonly HelperParam[];
  /** Keys of `key=value` it reads. */
  hash: readonly string[];
  /** It returns a figure to print (sum, count, figure), rather than text. */
  figure?: boolean;
  /** `this` is the template's context where the helper is called (a block helper renders its body in it). */
  run(this: unknown, kit: HelperKit, args: readonly unknown[], options: HelperOptions): unknown;
}

/** What the helpers share: the project, its figures, and the marks they print figures as. */
export interface HelperKit {
  config: ProjectConfig;
  aggregates: Aggregates;
  marks: FigureMarks;
  metricOf(id: unknown, options: HelperOptions, helper: string): ProjectConfig['metrics'][number];
  rollupUnitOf(wanted: unknown, options: HelperOptions): RollupUnitFigures;
  /** `unit=` filters by roll-up unit, except in the helpers where it was always the counting word. */
  filterOf(options: HelperOptions, unitFilter?: boolean): EventFilter;
  describe(what: string, filter: EventFilter): string;
  numberArgument(value: unknown, options: HelperOptions, helper: string): number;
  /** `limit=`: how many to list at most, a positive whole number; undefined when not written. */
  limitOf(options: HelperOptions, helper: string): number | undefined;
  affixed(options: HelperOptions, text: string): string;
}

const SCOPE_KEYS = ['section', 'theme', 'tag', 'unit', 'scope'] as const;
const METRIC: HelperParam = { name: '指标' };
const NUMBER: HelperParam = { name: '数字' };

const ordinalHelper = (name: string, doc: string, format: (n: number) => string, example: string): HelperSpec => ({
  name,
  doc,
  signature: `${name} 数字`,
  example,
  params: [NUMBER],
  hash: [],
  run(kit, [value], options) {
    const n = kit.numberArgument(value, options, name);
    if (!Number.isInteger(n) || n < 1 || n > 99) throw problem(options, `${name} 只接受 1 到 99 的整数，得到 ${n}`);
    return format(n);
  },
});

export const HELPERS: readonly HelperSpec[] = [
  {
    name: 'sum',
    doc:
      '本条（或 section=/theme= 指定范围）活动某指标之和（这一年的活动都没有记这个指标时，取 metrics 文件中的统计数）；汇总项目（有 units:）中 unit="二七区" 只算该单位的活动' +
      '（全称、文件夹、地名或唯一的简称，“本级”为本项目自己的），count、titles、yoy、figure 同样可加 unit=',
    signature: 'sum "指标" [section= theme= tag= unit= scope="all"]',
    example: '{{sum "reached" tag="宣讲"}}',
    params: [METRIC],
    hash: SCOPE_KEYS,
    figure: true,
    run(kit, [metricId], options) {
      const metric = kit.metricOf(metricId, options, 'sum');
      const filter = kit.filterOf(options);
      const { value, sources } = metricSum(kit.aggregates, metric.id, filter);
      return new TracedNumber(value, kit.describe(`${metric.label}（${metric.id}）`, filter), sources, kit.marks, metric.id);
    },
  },
  {
    name: 'count',
    doc: '活动条数，可按 tag= 筛选',
    signature: 'count [section= theme= tag= unit= scope="all"]',
    example: '{{count tag="主题活动"}}',
    params: [],
    hash: SCOPE_KEYS,
    figure: true,
    run(kit, _args, options) {
      const filter = kit.filterOf(options);
      const { value, sources } = eventCount(kit.aggregates, filter);
      return new TracedNumber(value, kit.describe('活动条数', filter), sources, kit.marks);
    },
  },
  {
    name: 'figure',
    doc: 'metrics/<年份>.yaml 或 metrics/<年份>.csv 中的统计数；汇总项目中 unit= 取某单位的，total=true 取本级与各单位之和（统计数不会自动相加）',
    signature: 'figure "指标" [unit= total=true]',
    example: '{{figure "members"}}',
    params: [METRIC],
    hash: ['unit', 'total'],
    figure: true,
    run(kit, [metricId], options) {
      const { aggregates, marks } = kit;
      const metric = kit.metricOf(metricId, options, 'figure');
      const hash = options.hash as Record<string, unknown>;
      if (hash.total === true) {
        // A roll-up's figures are not added up unless asked: 青年之家 add up, a rate would not.
        if (!aggregates.rollupUnits) throw problem(options, 'figure 的 total=true 只用于汇总其他单位的项目（summarize.yaml 中有 units:）');
        const parts = aggregates.rollupUnits.flatMap((u) => (u.figures[metric.id] ? [u.figures[metric.id]!] : []));
        if (parts.length === 0) {
          throw problem(options, `本项目和各单位的 metrics/${aggregates.period.year}.yaml（或 .csv）中都没有 ${metric.id}（${metric.label}）`, `在各单位的该文件中加上一行 ${metric.id}: 数字`);
        }
        const value = decimalSum(
          parts.reduce((sum, f) => sum + f.value, 0),
          Math.max(...parts.map((f) => decimalPlaces(f.value))),
        );
        if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
          throw problem(
            options,
            `本级与各单位的 ${metric.id}（${metric.label}）合计超出了能精确计算的范围（最大 ${Number.MAX_SAFE_INTEGER}），印出的数会不准`,
            `检查各单位 metrics/${aggregates.period.year}.yaml（或 .csv）中的 ${metric.id} 是否多打了数字；确实这么大的数请改用更大的计量单位`,
          );
        }
        return new TracedNumber(value, `${metric.label}（${metric.id}） 本级与各单位之和`, parts, marks, metric.id);
      }
      const unit = hash.unit === undefined ? undefined : kit.rollupUnitOf(hash.unit, options);
      const figure = unit ? unit.figures[metric.id] : aggregates.figures[metric.id];
      if (!figure) {
        const where = unit && !unit.own ? `${unit.folder}/` : '';
        throw problem(options, `${where}metrics/${aggregates.period.year}.yaml（或 .csv）中没有 ${metric.id}（${metric.label}）`, `在该文件中加上一行 ${metric.id}: 数字`);
      }
      const of = unit ? ` unit=${unit.own ? OWN_LEVEL : unit.name}` : '';
      return new TracedNumber(figure.value, `${metric.label}（${metric.id}）${of}`, [figure], marks, metric.id);
    },
  },
  {
    name: 'approx',
    doc: '约数写法：11234 → 1.1万余，198000 → 近20万，13 → 10余',
    signature: 'approx (求数的助手)',
    example: '{{approx (sum "reached")}}',
    params: [NUMBER],
    hash: [],
    run(kit, [value], options) {
      const n = kit.numberArgument(value, options, 'approx');
      if (!Number.isInteger(n) || n < 0) throw problem(options, `approx 只用于非负整数，得到 ${n}`);
      const text = approximate(n);
      return value instanceof TracedNumber ? value.print(text) : text;
    },
  },
  {
    name: 'number',
    doc: '精确数字',
    signature: 'number (求数的助手)',
    example: '{{number (sum "posts")}}',
    params: [NUMBER],
    hash: [],
    run(kit, [value], options) {
      const text = formatExact(kit.numberArgument(value, options, 'number'));
      return value instanceof TracedNumber ? value.print(text) : text;
    },
  },
  {
    name: 'titles',
    doc: '活动名称，用“、”连接',
    signature: 'titles [section= theme= tag= unit= scope="all" limit=]',
    example: '{{titles tag="主题活动" limit=6}}',
    params: [],
    hash: [...SCOPE_KEYS, 'limit'],
    run(kit, _args, options) {
      const limit = kit.limitOf(options, 'titles');
      const events = selectEvents(kit.aggregates.activities, kit.filterOf(options));
      const titles = [...new Set(events.map((e) => e.title))];
      return titles.slice(0, limit).map(escapeMarkdown).join('、');
    },
  },
  {
    name: 'perUnit',
    doc:
      '汇总项目中各单位的数字：二七区1200个、金水区900个……（范围同 sum，不写指标则为活动条数；活动中没有记的指标取各单位的统计数）；' +
      'sort="desc" 从大到小，limit= 最多列几个，approx=true 写约数，own=true 连同本级，zero=true 连同为 0 的单位，unit= 量词',
    signature: 'perUnit ["指标"] [section= theme= tag= scope="all" sort= limit= approx=true own=true zero=true unit=]',
    example: '其中{{perUnit "job_openings" sort="desc" limit=3}}',
    params: [{ ...METRIC, optional: true }],
    hash: ['section', 'theme', 'tag', 'scope', 'sort', 'limit', 'approx', 'own', 'zero', 'unit'],
    run(kit, args, options) {
      const { aggregates, marks } = kit;
      const hash = options.hash as Record<string, unknown>;
      const metric = args.length > 0 ? kit.metricOf(args[0], options, 'perUnit') : undefined;
      if (!aggregates.rollupUnits) throw problem(options, 'perUnit 只用于汇总其他单位的项目（summarize.yaml 中有 units:）');
      const limit = kit.limitOf(options, 'perUnit');
      if (hash.sort !== undefined && hash.sort !== 'desc' && hash.sort !== 'asc') throw problem(options, `perUnit 的 sort 只能是 "desc" 或 "asc"，得到 ${shown(hash.sort)}`);
      const scope = kit.filterOf(options, false);
      const word = typeof hash.unit === 'string' ? hash.unit : (metric?.unit ?? '场');
      const rows = perUnitValues(aggregates, metric?.id, scope, hash.own === true)
        .map(({ unit, filter, value }) => ({
          label: unit.own ? `${unit.short}${OWN_LEVEL}` : unit.place,
          traced: new TracedNumber(value.value, kit.describe(metric ? `${metric.label}（${metric.id}）` : '活动条数', filter), value.sources, marks, metric?.id),
        }))
        .filter((row) => hash.zero === true || row.traced.value !== 0);
      if (hash.sort !== undefined) rows.sort((a, b) => (hash.sort === 'asc' ? a.traced.value - b.traced.value : b.traced.value - a.traced.value));
      return rows
        .slice(0, limit)
        .map(({ label, traced }) => `${escapeMarkdown(label)}${traced.print(hash.approx === true ? approximate(traced.value) : formatExact(traced.value))}${word}`)
        .join('、');
    },
  },
  {
    name: 'highlights',
    doc:
      '重点活动名称加总数：“A”、“B”、“C”等10余场。列出 highlight 的活动（没有则列全部），数的是范围内全部活动；' +
      'limit= 最多列几个，quote=true 给名称加引号，metric="id" 改为该指标之和，unit= 量词（默认“场”），exact=true 写精确数',
    signature: 'highlights [section= theme= tag= scope="all" limit= quote=true metric= unit= exact=true]',
    example: '举行{{highlights tag="主题活动" limit=3}}',
    params: [],
    hash: ['section', 'theme', 'tag', 'scope', 'limit', 'quote', 'metric', 'unit', 'exact'],
    run(kit, _args, options) {
      const hash = options.hash as Record<string, unknown>;
      const filter = kit.filterOf(options, false);
      const events = selectEvents(kit.aggregates.activities, filter);
      if (events.length === 0) return '';
      const limit = kit.limitOf(options, 'highlights');
      const highlighted = events.filter((e) => e.highlight);
      const named = highlighted.length > 0 ? highlighted : events;
      const titles = [...new Set(named.map((e) => e.title))].slice(0, limit);
      let total: TracedNumber;
      let unitWord = '场';
      if (hash.metric !== undefined) {
        const metric = kit.metricOf(hash.metric, options, 'highlights');
        const { value, sources } = metricSum(kit.aggregates, metric.id, filter);
        total = new TracedNumber(value, kit.describe(`${metric.label}（${metric.id}）`, filter), sources, kit.marks, metric.id);
        unitWord = metric.unit;
      } else {
        const { value, sources } = eventCount(kit.aggregates, filter);
        total = new TracedNumber(value, kit.describe('活动条数', filter), sources, kit.marks);
      }
      if (typeof hash.unit === 'string') unitWord = hash.unit;
      const figure = hash.exact === true ? formatExact(total.value) : approximate(total.value);
      const list = titles.map((t) => escapeMarkdown(hash.quote === true ? quoted(t) : t)).join('、');
      return `${list}等${total.print(figure)}${unitWord}`;
    },
  },
  {
    name: 'yoy',
    doc: '与上年同期相比：同比增长12.5% / 同比下降3.0% / 持平；范围同 sum。上年没有数据时什么也不写（连同 prefix=、suffix=）',
    signature: 'yoy "指标" [section= theme= tag= unit= scope="all" prefix= suffix=]',
    example: '{{yoy "lectures" prefix="，"}}',
    params: [METRIC],
    hash: [...SCOPE_KEYS, 'prefix', 'suffix'],
    run(kit, [metricId], options) {
      const { aggregates } = kit;
      const metric = kit.metricOf(metricId, options, 'yoy');
      const filter = kit.filterOf(options);
      const comparison = compareWithPreviousYear(aggregates, metric.id, filter);
      if (!comparison || !aggregates.previous) return '';
      const { current, previous } = comparison;
      const what = kit.describe(`同比 ${metric.label}（${metric.id}）`, filter);
      const description = `${what}：${aggregates.period.label} ${current.value}，${aggregates.previous.period.label} ${previous.value}`;
      const sources = [...current.sources, ...previous.sources];
      const traced = new TracedNumber(roundRatio(comparison.change), description, sources, kit.marks, metric.id);
      return kit.affixed(options, traced.print(comparison.text));
    },
  },
  {
    name: 'rate',
    doc: '年初至本期末的数字与这一年的目标相比：完成率104.2%（全单位，不分部分）。目标来自 plans/<年份>.yaml 事项的 targets，或 summarize.yaml 的 targets: <年份>:（两处都有时以后者为准）',
    signature: 'rate "指标" [prefix= suffix=]',
    example: '{{rate "lectures"}}',
    params: [METRIC],
    hash: ['prefix', 'suffix'],
    run(kit, [metricId], options) {
      const { aggregates } = kit;
      const metric = kit.metricOf(metricId, options, 'rate');
      const year = aggregates.period.year;
      const set = targetFor(kit.config.targets, year, metric.id);
      if (set === undefined) {
        throw problem(
          options,
          `没有 ${year} 年 ${metric.id}（${metric.label}）的目标`,
          `在 plans/${year}.yaml 的事项下写 targets: {${metric.id}: 目标数}，或在 summarize.yaml 的 targets 下写 ${year}: {${metric.id}: 目标数}`,
        );
      }
      const target = set.value;
      const done = completion(aggregates, metric.id, target);
      if (!done) {
        throw problem(
          options,
          target <= 0 ? `${metric.id} 的年度目标是 ${target}，无法计算完成率` : `${aggregates.period.year} 年没有 ${metric.id}（${metric.label}）的数字：活动记录和 metrics 文件中都没有`,
          target <= 0 ? '年度目标应大于 0' : undefined,
        );
      }
      const through = aggregates.period.end;
      const description = `完成率 ${metric.label}（${metric.id}）：截至 ${through} ${done.actual.value}，年度目标 ${target}（${set.setIn}）`;
      const traced = new TracedNumber(roundRatio(done.ratio), description, done.actual.sources, kit.marks, metric.id);
      return kit.affixed(options, traced.print(done.text));
    },
  },
  {
    // Wording for some years only, in any template or summary: the simplest switch an editor reads.
    name: 'year',
    doc: '只在某一年（或几年）的文档中印出的文字，其他年份印 {{else}} 后的写法（可省略）',
    signature: '#year 年份 [年份 年份]……{{else}}……{{/year}}',
    example: '{{#year 2022}}首期{{else}}第二期{{/year}}',
    params: [{ name: '年份' }, { name: '年份', optional: true }, { name: '年份', optional: true }],
    hash: [],
    run(kit, years, options) {
      if (typeof options.fn !== 'function') {
        throw problem(options, 'year 是成对使用的块助手：{{#year 2023}}……{{/year}}', '在要按年份印出的文字前后写 {{#year 年份}} 和 {{/year}}');
      }
      const wrong = years.findIndex((y) => !Number.isInteger(numericValue(y)) || numericValue(y)! < 1900 || numericValue(y)! > 2999);
      if (wrong >= 0) throw problem(options, `year 需要四位年份，得到${shown(years[wrong])}`);
      return years.some((y) => numericValue(y) === kit.aggregates.period.year) ? options.fn(this) : options.inverse(this);
    },
  },
  {
    name: 'date',
    doc: '2024年5月4日',
    signature: 'date "YYYY-MM-DD"',
    example: '{{date "2024-05-04"}}',
    params: [{ name: '日期' }],
    hash: [],
    run(_kit, [iso], options) {
      if (typeof iso !== 'string') throw problem(options, `date 需要 YYYY-MM-DD 形式的日期，得到 ${shown(iso)}`);
      try {
        return formatChineseDate(iso);
      } catch {
        throw problem(options, `date 得到的日期不存在：${iso}`);
      }
    },
  },
  ordinalHelper('ordinal', '一、', sectionOrdinal, '{{ordinal 1}}'),
  ordinalHelper('lead', '二是', leadIn, '{{lead 2}}'),
  ordinalHelper('bracket', '（三）', bracketOrdinal, '{{bracket 3}}'),
  ordinalHelper('arabic', '1.（三级标题的序号）', arabicOrdinal, '{{arabic 1}}'),
  {
    name: 'unit',
    doc: '指标的量词，如 人次',
    signature: 'unit "指标"',
    example: '{{unit "reached"}}',
    params: [METRIC],
    hash: [],
    run(kit, [metricId], options) {
      return kit.metricOf(metricId, options, 'unit').unit;
    },
  },
  {
    name: 'join',
    doc: '把列表连成一串',
    signature: 'join 列表 ["分隔符"]',
    example: '{{join bulletin.editors " "}}',
    params: [{ name: '列表' }, { name: '分隔符', optional: true }],
    hash: [],
    run(_kit, [list, separator]) {
      const items = Array.isArray(list) ? list.map(String) : [];
      return items.join(typeof separator === 'string' ? separator : '、');
    },
  },
];

export const HELPER_NAMES: ReadonlySet<string> = new Set(HELPERS.map((h) => h.name));

export function helperSpec(name: string): HelperSpec | undefined {
  return HELPERS.find((h) => h.name === name);
}

interface RootData {
  scope?: EventFilter;
}

export function registerHelpers(hb: typeof Handlebars, config: ProjectConfig, aggregates: Aggregates, marks: FigureMarks): void {
  const kit = helperKit(config, aggregates, marks);
  for (const spec of HELPERS) {
    hb.registerHelper(spec.name, function (this: unknown, ...args: unknown[]) {
      // Handlebars passes its options object last, after the arguments written in the template.
      const options = args.pop() as HelperOptions;
      checkArity(spec, args.length, options);
      try {
        return spec.run.call(this, kit, args, options);
      } catch (error) {
        // A mistake without a hint of its own gets the right way to call the helper.
        if (error instanceof TemplateProblem && error.hint === undefined) throw new TemplateProblem(error.message, error.line, error.column, `正确写法：${spec.example}`);
        throw error;
      }
    });
  }

  // A TracedNumber is an object, so the built-in `if` would call a zero "true".
  for (const name of ['if', 'unless'] as const) {
    const builtIn = hb.helpers[name] as (this: unknown, condition: unknown, options: HelperOptions) => unknown;
    hb.registerHelper(name, function (this: unknown, condition: unknown, options: HelperOptions) {
      return builtIn.call(this, condition instanceof TracedNumber ? condition.value : condition, options);
    });
  }
}

/** The number of positional arguments a helper takes: too few or too many is a problem at the call. */
function checkArity(spec: HelperSpec, count: number, options: HelperOptions): void {
  const required = spec.params.filter((p) => !p.optional).length;
  if (count >= required && count <= spec.params.length) return;
  throw problem(options, arityMessage(spec, count), `正确写法：${spec.example}`);
}

/** “sum 需要 1 个参数（指标），这里写了 0 个”. */
export function arityMessage(spec: HelperSpec, count: number): string {
  const required = spec.params.filter((p) => !p.optional).length;
  const wanted =
    spec.params.length === 0
      ? '不接受参数（范围用 tag= 等写）'
      : `需要${required === spec.params.length ? '' : ` ${required} 到`} ${spec.params.length} 个参数（${spec.params.map((p) => p.name).join('、')}）`;
  return `${spec.name} ${wanted}，这里写了 ${count} 个`;
}

function helperKit(config: ProjectConfig, aggregates: Aggregates, marks: FigureMarks): HelperKit {
  const metricIds = config.metrics.map((m) => m.id);
  const kit: HelperKit = {
    config,
    aggregates,
    marks,
    metricOf(id, options, helper) {
      const metric = config.metrics.find((m) => m.id === id);
      if (!metric) {
        throw problem(options, `${helper} 用到的指标 ${typeof id === 'string' ? `“${id}”` : shown(id)} 没有在 summarize.yaml 的 metrics 中定义`, `可用的指标：${metricIds.join('、')}`);
      }
      return metric;
    },
    rollupUnitOf(wanted, options) {
      const found = findRollupUnit(aggregates.rollupUnits, String(wanted), escapeMarkdown);
      if ('problem' in found) throw problem(options, found.problem, found.hint);
      return found.unit;
    },
    filterOf(options, unitFilter = true) {
      const root = (options.data?.root ?? {}) as RootData;
      const hash = options.hash as Record<string, unknown>;
      if (hash.scope !== undefined && hash.scope !== 'all') throw problem(options, `scope 只能写 scope="all"（不限于本条目），得到${shown(hash.scope)}`);
      const scope = hash.scope === 'all' ? {} : { ...(root.scope ?? {}) };
      if (typeof hash.section === 'string') {
        scope.section = hash.section;
        delete scope.theme;
      }
      if (typeof hash.theme === 'string') scope.theme = hash.theme;
      if (typeof hash.tag === 'string') scope.tag = hash.tag;
      if (unitFilter && hash.unit !== undefined) {
        const unit = kit.rollupUnitOf(hash.unit, options);
        scope.rollupUnit = unit.own ? null : unit.name;
      }
      return scope;
    },
    describe(what, filter) {
      const unitName = filter.rollupUnit === undefined ? undefined : filter.rollupUnit === null ? OWN_LEVEL : filter.rollupUnit;
      return [what, filter.section && filter.theme ? `${filter.section}/${filter.theme}` : filter.section, filter.tag && `tag=${filter.tag}`, unitName !== undefined && `unit=${unitName}`]
        .filter(Boolean)
        .join(' ');
    },
    numberArgument(value, options, helper) {
      const n = numericValue(value);
      if (n === undefined) throw problem(options, `${helper} 需要一个数字，得到的是${shown(value)}`);
      // Beyond it a number is no longer the one written, and src/numbers will not print it.
      if (Math.abs(n) > Number.MAX_SAFE_INTEGER) throw problem(options, `${helper} 得到的数${shown(value)} 太大，超出了能精确计算的范围（最大 ${Number.MAX_SAFE_INTEGER}）`);
      return n;
    },
    limitOf(options, helper) {
      const written = (options.hash as Record<string, unknown>).limit;
      if (written === undefined) return undefined;
      const limit = kit.numberArgument(written, options, `${helper} 的 limit`);
      if (!Number.isInteger(limit) || limit < 1) throw problem(options, `${helper} 的 limit 应是正整数，得到 ${limit}`);
      return limit;
    },
    affixed(options, text) {
      const hash = options.hash as Record<string, unknown>;
      const affix = (key: string) => (typeof hash[key] === 'string' ? (hash[key] as string) : '');
      return `${affix('prefix')}${text}${affix('suffix')}`;
    },
  };
  return kit;
}

/**
 * A value as a message shows it, never longer than a few words: a whole object (Handlebars'
 * options, a list of events) would bury the message.
 */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return '空值（没有这个变量，或参数少了）';
  if (typeof value === 'string') return ` “${shortened(value, 20)}”`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` ${String(value)}`;
  if (value instanceof TracedNumber) return ` ${value.value}`;
  if (typeof value === 'function') return '一个助手（助手作为参数时要加括号）';
  return Array.isArray(value) ? '一个列表' : '一组字段';
}

/** A title quoted in a sentence: “…”, with the quotes inside it turned into ‘…’ (GB/T 15834 nesting). */
function quoted(title: string): string {
  return `“${title.replaceAll('“', '‘').replaceAll('”', '’')}”`;
}

/** Ratios in the audit are kept to six decimals: enough to recompute the printed tenth of a percent. */
function roundRatio(ratio: number): number {
  return Math.round(ratio * 1e6) / 1e6;
}

function problem(options: HelperOptions, message: string, hint?: string): TemplateProblem {
  const loc = (options as HelperOptions & { loc?: { start: { line: number; column: number } } }).loc;
  return new TemplateProblem(message, loc?.start.line ?? 1, (loc?.start.column ?? 0) + 1, hint);
}
