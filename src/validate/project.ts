// Validate stage: from the parsed files to the typed project the later stages use. Each rule is a
// small function that pushes onto one list, so a single run reports every problem; a rule never
// throws for a user's mistake.
// A roll-up's units (`units:`) go through the same checks, each with its own summarize.yaml, and
// then the ids they use are checked against this project's (validate/rollup.ts).

import type { Activity, StandaloneFigure } from '../model/activity.js';
import type { ProjectConfig } from '../model/config.js';
import { compareDiagnostics, mentionOfLine, type Diagnostic, type TableRowContext } from '../model/diagnostic.js';
import type { LogFile, RawProject } from '../load/project.js';
import { entryIn, type CheckedLog, type LogCache } from '../cache/checked-logs.js';
import { parseYamlSource, type YamlSource } from '../load/yaml-source.js';
import { checkSchema, checkValue, schemaFieldNames } from './schemas.js';
import { activitiesAsMeant, figuresAsMeant } from './as-typed.js';
import { typingSlips } from './typing-slips.js';
import { metricHeaders } from '../load/table-files.js';
import { checkLogsInThreads, logThreads, type LogJob } from './log-threads.js';
import { normaliseConfig, type ConfigAsWritten } from './config.js';
import { checkActivities, type ActivityAsWritten } from './activities.js';
import { contains, type Period } from '../model/period.js';
import { formatChineseDate } from '../numbers/index.js';
import { suggestion } from './suggest.js';
import type { ValidUnit } from '../model/rollup.js';
import { figureMapsToIncluding, metricUnitsAgree, unitLabel, unitNamesAreUnique, type IncludingProject } from './rollup.js';

export interface ValidProject {
  config: ProjectConfig;
  /** The project's own events, then its units' (each marked with its `rollupUnit`). */
  activities: Activity[];
  /** The project's own standalone figures; a unit's are in its ValidUnit. */
  figures: StandaloneFigure[];
  /** A roll-up's units, in the order `units:` lists them; absent when there are none. */
  units?: ValidUnit[];
}

export interface ValidationResult {
  /** Undefined when the configuration itself is unusable. */
  project?: ValidProject;
  diagnostics: Diagnostic[];
}

/**
 * `including`: for a unit of a roll-up, the project it is rolled up into; the unit is checked with
 * its own config, and then every id it uses must be one the including project defines too.
 */
export function validateProject(raw: RawProject, period: Period, including?: IncludingProject, cache?: LogCache): ValidationResult {
  const diagnostics = [...raw.diagnostics];
  const echoes = new Set<string>();
  // summarize.yaml is read again with its typing slips put right, as logs and metrics files are:
  // a tab on one line of it was reported with an error for each line after it.
  const configSource = asRepaired(raw.config, new Set([...schemaFields(), ...(metricHeaders(raw.config)?.map((m) => m.id) ?? [])]), diagnostics, echoes);
  const config = projectConfig(configSource, diagnostics);
  const isUnit = raw.folder !== undefined;
  if (isUnit) {
    // The unit's summarize.yaml texts (title, summaries) are printed only in the unit's own
    // documents; their warnings are the unit's business, not repeated in every roll-up.
    diagnostics.splice(0, diagnostics.length, ...diagnostics.filter((d) => d.severity === 'error' || d.file !== raw.config.file));
  }
  const rollup = including && config ? { including, unit: unitLabel(config, raw.folder) } : undefined;
  const fieldNames = new Set([...schemaFields(), ...(config?.metrics.map((m) => m.id) ?? [])]);
  const metricSources = raw.metrics.map((source) => asRepaired(source, fieldNames, diagnostics, echoes));
  // Files are checked even when the config is unusable, so that one run shows every problem;
  // only the rules that need the config's ids wait for it.
  const logs = checkedLogs(raw, { fieldNames, config, period, rollup }, cache);
  for (const log of logs) pushAll(diagnostics, log.diagnostics);
  const activities: Activity[] = [];
  for (const log of logs) pushAll(activities, log.activities);
  if (config) noDuplicateEvents(activities, diagnostics);
  const figures = metricSources.flatMap((source) => standaloneFigures(source, config, diagnostics, rollup));
  if (rollup && config) metricUnitsAgree(configSource, config, rollup.including, rollup.unit, diagnostics);
  const units = raw.units && raw.units.length > 0 ? validateUnits(raw.units, raw.config.file, config, period, diagnostics, cache) : undefined;
  const everyEvent = units ? [...activities, ...units.activities] : activities;
  // A unit of a roll-up is added up with the others: the roll-up checks all their events at once.
  if (config && !rollup) sumsStayExact(everyEvent, diagnostics);
  if (config && !rollup && everyEvent.length > 0) someEventInPeriod(everyEvent, period, diagnostics);
  // A log's own problems have their rows already (checkLog): those found beside other logs get theirs here.
  const logProblems = new Set(logs.flatMap((log) => log.diagnostics));
  const tableRow = tableRowsOf(units ? [...raw.activities, ...raw.units!.flatMap((unit) => unit.activities)] : raw.activities);
  const reported = withTableRows(withoutEchoes(diagnostics, echoes), (d) => (logProblems.has(d) ? undefined : tableRow(d))).sort(compareDiagnostics);
  if (!config) return { diagnostics: reported };
  return { project: { config, activities: everyEvent, figures, ...(units ? { units: units.units } : {}) }, diagnostics: reported };
}

/**
 * A month or quarter with no event in it still makes a document, of a title and an opening:
 * `build 2026-07` when July's log was not filed yet, or a period typed wrong.
 */
function someEventInPeriod(events: readonly Activity[], period: Period, diagnostics: Diagnostic[]): void {
  if (events.some((event) => contains(period, event.date))) return;
  const folder = `activities/${period.year}`;
  diagnostics.push({
    file: folder,
    line: 1,
    column: 1,
    severity: 'warning',
    code: 'no-events-in-period',
    message: `${formatChineseDate(period.start)}至${formatChineseDate(period.end)}没有活动记录，文档中只有标题和开头`,
    hint: `记录中的日期都不在这段时间内：检查时间段（${period.year} 为全年）或 {0}/ 中记录的日期`,
    mentions: [{ file: folder }],
  });
}

export interface LogChecks {
  fieldNames: ReadonlySet<string>;
  config: ProjectConfig | undefined;
  period: Period;
  rollup: UnitCheck;
}

/**
 * `target.push(...items)` without passing the items as arguments: from about 150k of them (a
 * unit's or a table log's events, their problems) that throws "Maximum call stack size exceeded".
 * Also instead of flatMap for the logs' events: 1M events of 3333 logs took 134 ms through flatMap,
 * 30–32 ms through a loop (in isolation, .bench/flat.mjs).
 */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/**
 * Each log checked on its own, or taken from the cache when its bytes and everything its checks
 * depend on are as when it was checked last (see src/cache/checked-logs.ts): the same events and
 * the same problems, positions and all.
 */
function checkedLogs(raw: RawProject, checks: LogChecks, cache: LogCache | undefined): CheckedLog[] {
  const { rollup } = checks;
  const scope = cache?.scope({
    year: checks.period.year,
    config: raw.config.text ?? null,
    including: rollup ? { file: rollup.including.file, config: rollup.including.config, unit: rollup.unit } : null,
  });
  const cacheable = (log: LogFile) => (scope && log.digest !== undefined ? { file: log.file, digest: log.digest } : undefined);
  const cached = raw.activities.map((log) => {
    const key = cacheable(log);
    return key && scope!.get(key);
  });
  // The logs to check, when there are enough of them, go to worker threads; their results come back in order.
  const jobs = raw.activities.flatMap((log, index): (LogJob & { index: number })[] => {
    if (cached[index]) return [];
    if (log.yamlBytes) return [{ index, file: log.file, size: log.yamlBytes.length, bytes: log.yamlBytes }];
    if (log.yamlPath) return [{ index, file: log.file, size: log.yamlPath.size, path: log.yamlPath.path, ...(log.digest !== undefined ? { digest: log.digest } : {}) }];
    return [];
  });
  const threads = logThreads(jobs);
  const checkedNow = new Map<number, CheckedLog>();
  const keep = (index: number, checked: CheckedLog, encoded?: Uint8Array): CheckedLog => {
    checkedNow.set(index, checked);
    const key = cacheable(raw.activities[index]!);
    if (key) scope!.set(key, checked, encoded);
    return checked;
  };
  if (threads !== null) {
    const threadJobs = jobs.map((job) => {
      const key = cacheable(raw.activities[job.index]!);
      // A log whose digest the worker takes (fingerprint.ts deferDigests) has its entry named there.
      return key ? { ...job, entry: scope!.entryFor(key) } : { ...job, entrySlot: scope?.slotFor(job.file) };
    });
    checkLogsInThreads(threadJobs, checks, threads, ({ job, checked, encoded, entryWritten, digest }) => {
      const { index, entry: named, entrySlot } = threadJobs[job]!;
      if (digest !== undefined) raw.activities[index]!.hashedAs?.(digest);
      const entry = named ?? (entrySlot && digest !== undefined ? entryIn(entrySlot, digest) : undefined);
      if (entry && entryWritten !== undefined) {
        checkedNow.set(index, checked);
        scope!.written(raw.activities[index]!.file, entry, checked, entryWritten);
      } else {
        keep(index, checked, encoded);
      }
    });
  }
  return raw.activities.map((log, index) => cached[index] ?? checkedNow.get(index) ?? keep(index, checkLog(log.source(), checks)));
}

/** One log's events and its own problems (not those found only beside other logs: duplicates, totals). */
export function checkLog(source: YamlSource, { fieldNames, config, period, rollup }: LogChecks): CheckedLog {
  const diagnostics = [...source.diagnostics];
  const echoes = new Set<string>();
  const repaired = asRepaired(source, fieldNames, diagnostics, echoes);
  const activities = activitiesOf(repaired, config, period, diagnostics, rollup);
  return { activities, diagnostics: withTableRows(withoutEchoes(diagnostics, echoes), (d) => (d.file === source.file ? repaired.tableRow?.(d) : undefined)) };
}

/**
 * A typing slip also makes the parser report something near it, in its own terms (an "unexpected
 * token"); the slip says what to fix, so that echo is dropped (withoutEchoes). When the slips can
 * be put right, the file is read again with them put right: the parser's problems are those of
 * that text. `diagnostics` holds the source's own problems and gets the slips'.
 */
function asRepaired(source: YamlSource, fieldNames: ReadonlySet<string>, diagnostics: Diagnostic[], echoes: Set<string>): YamlSource {
  const slips = typingSlips(source, fieldNames, diagnostics);
  for (const line of slips.echoes) echoes.add(`${source.file}:${line}`);
  if (slips.repaired === undefined) return source;
  const repaired = parseYamlSource(source.file, slips.repaired);
  const parserProblems = new Set(source.diagnostics.filter((d) => d.code.startsWith('yaml-')));
  diagnostics.splice(0, diagnostics.length, ...diagnostics.filter((d) => !parserProblems.has(d)), ...repaired.diagnostics);
  return repaired;
}

function withoutEchoes(diagnostics: readonly Diagnostic[], echoes: ReadonlySet<string>): Diagnostic[] {
  return diagnostics.filter((d) => !(d.code.startsWith('yaml-') && echoes.has(`${d.file}:${d.line}`)));
}

/**
 * A roll-up's units, each checked with its own config and then against this project's ids (when
 * this project's config is usable; otherwise alone, so that one run still shows every problem).
 */
function validateUnits(
  rawUnits: readonly RawProject[],
  configFile: string,
  config: ProjectConfig | undefined,
  period: Period,
  diagnostics: Diagnostic[],
  cache: LogCache | undefined,
): { units: ValidUnit[]; activities: Activity[] } {
  const including = config ? { config, file: configFile } : undefined;
  const units: ValidUnit[] = [];
  const activities: Activity[] = [];
  const sources = new Map<ValidUnit, YamlSource>();
  for (const unitRaw of rawUnits) {
    const result = validateProject(unitRaw, period, including, cache);
    pushAll(diagnostics, result.diagnostics);
    if (!result.project) continue;
    const { config: unitConfig, figures } = result.project;
    const unit: ValidUnit = { folder: unitRaw.folder ?? '.', name: unitConfig.organisation.name, short: unitConfig.organisation.short, config: unitConfig, figures };
    for (const activity of result.project.activities) activity.rollupUnit = unit.name;
    units.push(unit);
    sources.set(unit, unitRaw.config);
    pushAll(activities, result.project.activities);
  }
  if (config) unitNamesAreUnique(config, units, sources, diagnostics);
  return { units, activities };
}

function projectConfig(source: YamlSource, diagnostics: Diagnostic[]): ProjectConfig | undefined {
  if (source.value === undefined) return undefined;
  if (source.value === null) {
    diagnostics.push({
      ...source.locate([]),
      severity: 'error',
      code: 'empty-file',
      message: '{0} 是空的',
      hint: '可以运行 summarize init <新文件夹> 生成一份样例配置，再照着填写',
      mentions: [{ file: source.file }],
    });
    return undefined;
  }
  if (!checkSchema(source, 'summarize', diagnostics)) return undefined;
  return normaliseConfig(source, source.value as ConfigAsWritten, diagnostics);
}

type UnitCheck = { including: IncludingProject; unit: string } | undefined;

function activitiesOf(source: YamlSource, config: ProjectConfig | undefined, period: Period, diagnostics: Diagnostic[], rollup: UnitCheck): Activity[] {
  if (source.value === null) emptyFile(source, '没有活动记录', '写上活动记录（每条以 “- date:” 开头），或删除这个文件', diagnostics);
  if (source.value === undefined || source.value === null) return [];
  const value = activitiesAsMeant(source, source.value, diagnostics);
  const checked = checkValue(source, 'activities', value, diagnostics);
  if (!config || !checked.failedEntries || !Array.isArray(value)) return [];
  return checkActivities(source, value as ActivityAsWritten[], config, period, diagnostics, checked.failedEntries, rollup);
}

function standaloneFigures(source: YamlSource, config: ProjectConfig | undefined, diagnostics: Diagnostic[], rollup: UnitCheck): StandaloneFigure[] {
  if (source.value === null) emptyFile(source, '没有统计数', '每行写一个“指标 id: 数字”，或删除这个文件', diagnostics);
  if (source.value === undefined || source.value === null) return [];
  const value = figuresAsMeant(source, source.value, diagnostics);
  const checked = checkValue(source, 'metrics', value, diagnostics);
  if (!config || !checked.failedEntries) return [];
  const known = new Set(config.metrics.map((m) => m.id));
  return Object.entries(value as Record<string, number>).flatMap(([id, figure]) => {
    if (checked.failedEntries!.has(id)) return [];
    const position = source.locate([id], { key: true });
    if (!known.has(id)) {
      diagnostics.push({
        ...position,
        severity: 'error',
        code: 'unknown-metric',
        message: `指标 ${id} 没有在 summarize.yaml 的 metrics 中定义`,
        hint: suggestion(id, [...known]) ?? '先在 summarize.yaml 的 metrics 中加上这个指标',
      });
      return [];
    }
    if (rollup && !figureMapsToIncluding(source, id, config, rollup.including, rollup.unit, diagnostics)) return [];
    return [{ id, value: figure, source: position }];
  });
}

/**
 * A log or metrics file with nothing in it (empty, blank, only comments, or `null`): not wrong in
 * itself (a file made ahead for next month), but a figure built from it would be silently short.
 */
function emptyFile(source: YamlSource, what: string, hint: string, diagnostics: Diagnostic[]): void {
  diagnostics.push({ ...source.locate([]), severity: 'warning', code: 'empty-file', message: `{0} 是空的，${what}`, hint, mentions: [{ file: source.file }] });
}

/**
 * A problem in a spreadsheet log shows the row's values (there are no lines of text to show), and
 * names the event by its row as the spreadsheet numbers it: 第3行, where a YAML log's message
 * counts list items (第2项).
 */
function withTableRows(diagnostics: Diagnostic[], rowOf: (d: Diagnostic) => TableRowContext | undefined): Diagnostic[] {
  return diagnostics.map((d) => {
    const row = d.row ?? rowOf(d);
    return row ? { ...d, message: d.message.replace(/^第\d+项/, `第${d.line}行`), row } : d;
  });
}

/** The spreadsheet logs' rows, for problems found beside other logs; a cached log is parsed only if one lands in it. */
function tableRowsOf(logs: readonly LogFile[]): (d: Diagnostic) => TableRowContext | undefined {
  const tables = new Map(logs.filter((log) => log.table).map((log) => [log.file, log]));
  return (d) => tables.get(d.file)?.source().tableRow?.(d);
}

let fields: Set<string> | undefined;
function schemaFields(): Set<string> {
  fields ??= schemaFieldNames(['summarize', 'activities', 'metrics']);
  return fields;
}

/**
 * Each value is exact (as-typed.ts), but a total could still pass 2^53 − 1 and come out rounded.
 * Values are never negative, so the total over every event bounds every total a template can ask
 * for (a section, a month, a unit, a roll-up's units together): checking it once is enough. Reported at the event that pushed
 * the total past the limit.
 */
function sumsStayExact(activities: readonly Activity[], diagnostics: Diagnostic[]): void {
  const totals = new Map<string, number>();
  const reported = new Set<string>();
  for (const activity of activities) {
    // for…in, not Object.entries: no array per event of 100k on every build.
    for (const id in activity.metrics) {
      const value = activity.metrics[id]!;
      const total = (totals.get(id) ?? 0) + value;
      totals.set(id, total);
      // A value too large in itself has its own error already.
      if (!Number.isSafeInteger(value)) reported.add(id);
      if (Number.isSafeInteger(total) || reported.has(id)) continue;
      reported.add(id);
      diagnostics.push({
        ...activity.source,
        severity: 'error',
        code: 'total-too-large',
        message: `指标 ${id} 加到这条记录时合计超出了能精确计算的范围（最大 ${Number.MAX_SAFE_INTEGER}），印出的合计会不准`,
        hint: '检查这些记录中是否有多打了数字的；确实这么大的数请改用更大的计量单位（如 万人次）',
      });
    }
  }
}

/**
 * The same event typed into two files (or twice into one) would double its figures: same date,
 * title and metrics. Events are grouped by date and title first, and metrics compared only within
 * a group: building a key of every event's sorted metrics took 0.35 s of a 100k roll-up rebuild.
 * A map of titles per date, not one key of date and title: a million such keys, each a new string
 * to make and hash, took twice as long (1M events: 0.95–1.04 s against 0.36–0.50 s).
 */
function noDuplicateEvents(activities: Activity[], diagnostics: Diagnostic[]): void {
  // A title is seen once on most days: its event is kept as it is, and a list made only for a
  // second event of the same date and title (a list for each was a million objects more at 1M).
  const byDate = new Map<string, Map<string, Activity | Activity[]>>();
  for (const activity of activities) {
    let seen = byDate.get(activity.date);
    if (!seen) byDate.set(activity.date, (seen = new Map()));
    const earlier = seen.get(activity.title);
    const group = earlier === undefined || Array.isArray(earlier) ? earlier : [earlier];
    const first = group?.find((event) => sameMetrics(event.metrics, activity.metrics));
    if (first) {
      diagnostics.push({
        ...activity.source,
        severity: 'error',
        code: 'duplicate-event',
        message: '这条记录与 {0} 重复（日期、名称和数字都相同）',
        hint: '删除其中一条；如确是两场活动，请在名称中加以区分',
        mentions: [mentionOfLine(first.source)],
      });
    } else if (group) {
      group.push(activity);
      seen.set(activity.title, group);
    } else {
      seen.set(activity.title, activity);
    }
  }
}

function sameMetrics(a: Record<string, number>, b: Record<string, number>): boolean {
  const ids = Object.keys(a);
  return ids.length === Object.keys(b).length && ids.every((id) => Object.hasOwn(b, id) && a[id] === b[id]);
}
