// Aggregate stage: pure functions from validated events to the figures a document prints.
// Every figure keeps the events it was computed from, so it can be traced (provenance).

import type { Activity, StandaloneFigure } from '../model/activity.js';
import type { FigureSource } from '../model/figure.js';
import { contains, type Period } from '../model/period.js';
import type { ValidProject } from '../validate/project.js';
import { rollupUnitsOf, type RollupUnitFigures } from './rollup.js';
import { compareText } from '../model/text-order.js';
import { decimalPlaces, decimalSum } from '../numbers/index.js';
import { lazily, once } from '../model/lazy-field.js';

export interface Totals {
  count: number;
  metrics: Record<string, number>;
}

export interface Aggregates {
  period: Period;
  /** Events inside the period, in date order (then file order). */
  activities: Activity[];
  total: Totals;
  bySection: Record<string, Totals>;
  /** Keyed `section/theme`. */
  byTheme: Record<string, Totals>;
  /** Keyed `YYYY-MM`. */
  byMonth: Record<string, Totals>;
  /**
   * Keyed by reporting unit (填报单位, an event's `unit:`); events with no unit count under the
   * organisation's short name, or in a roll-up under the name of the unit project that logged them.
   */
  byUnit: Record<string, Totals>;
  /**
   * A roll-up only (`units:`): keyed by the project that logged the events — each unit's
   * organisation name in the order `units:` lists them, then the including project's own name for
   * its own events (本级); every unit is present, with zeros when it logged nothing in the period.
   */
  byRollupUnit?: Record<string, Totals>;
  /** A roll-up only: who the keys of byRollupUnit are, in the same order, with their own figures. */
  rollupUnits?: RollupUnitFigures[];
  figures: Record<string, StandaloneFigure>;
  /** Events from 1 January to the period's end: what a year's target is measured against. */
  yearToDate: Activity[];
  /** The same period one year earlier, when that year's logs or figures exist (同比). */
  previous?: Aggregates;
}

export interface EventFilter {
  section?: string;
  theme?: string;
  tag?: string;
  /** Events logged by this unit of a roll-up (its organisation name); null: the including project's own. */
  rollupUnit?: string | null;
}

/** A computed number together with the entries it came from. */
export interface TracedValue {
  value: number;
  sources: readonly FigureSource[];
}

export function aggregate(project: ValidProject, period: Period, previous?: Aggregates): Aggregates {
  const byDate = eventsByDate(project.activities);
  const activities = onDates(byDate, (date) => contains(period, date));
  const yearStart = `${period.year}-01-01`;
  const organisation = project.config.organisation.short;
  const rollupUnits = rollupUnitsOf(project);
  const noTotals = (): Totals => ({ count: 0, metrics: {} });
  const aggregates = {
    period,
    activities,
    ...(rollupUnits ? { rollupUnits } : {}),
    figures: Object.fromEntries(project.figures.map((f) => [f.id, f])),
    yearToDate: onDates(byDate, (date) => date >= yearStart && date <= period.end),
    ...(previous ? { previous } : {}),
  } as Aggregates;
  // Counted when first read, all in one pass: stats and the preview read every breakdown, and a
  // build none (a theme's and a unit's totals in a document are the sums its figures are traced
  // to, render-document.ts), which spares it a pass over every event: 1.6 s of a 1M build.
  const own = rollupUnits?.find((u) => u.own)!.name ?? '';
  const breakdowns = once(() =>
    groupTotals(activities, [
      () => '',
      (a) => a.section,
      (a) => themeKey(a.section, a.theme),
      (a) => monthOf(a.date),
      (a) => a.unit ?? a.rollupUnit ?? organisation,
      (a) => a.rollupUnit ?? own,
    ]),
  );
  lazily(aggregates, 'total', () => breakdowns()[0]![''] ?? noTotals());
  lazily(aggregates, 'bySection', () => breakdowns()[1]);
  lazily(aggregates, 'byTheme', () => breakdowns()[2]);
  lazily(aggregates, 'byMonth', () => breakdowns()[3]);
  lazily(aggregates, 'byUnit', () => breakdowns()[4]);
  if (rollupUnits) {
    lazily(aggregates, 'byRollupUnit', () => Object.fromEntries(rollupUnits.map((unit) => [unit.name, breakdowns()[5]![unit.name] ?? noTotals()])));
  }
  return aggregates;
}

/**
 * The events by date, dates in order, in file order within a day (as a stable sort by date leaves
 * them): put by date in one pass in file order, then the dates sorted. Dates are validated
 * YYYY-MM-DD, so code-unit order is date order (localeCompare took 0.2 s at 100k). Comparing the
 * dates of events pair by pair took twice as long at 100k: the events lie in memory in file order,
 * and a sort (or a filter of the sorted list) visits them all over it.
 */
function eventsByDate(activities: readonly Activity[]): [date: string, events: Activity[]][] {
  return [...groupedBy(activities, (a) => a.date)].sort(([a], [b]) => compareText(a, b));
}

/** The events of the dates `wanted` keeps, in date order: each date is asked once, not each event. */
function onDates(byDate: readonly [string, Activity[]][], wanted: (date: string) => boolean): Activity[] {
  const events: Activity[] = [];
  for (const [date, day] of byDate) if (wanted(date)) for (const activity of day) events.push(activity);
  return events;
}

/** `section/theme`, one string per pair: a new string per event would be hashed anew for each lookup. */
const themeKeys = new Map<string, Map<string, string>>();
function themeKey(section: string, theme: string): string {
  let themes = themeKeys.get(section);
  if (!themes) themeKeys.set(section, (themes = new Map()));
  let key = themes.get(theme);
  if (key === undefined) themes.set(theme, (key = `${section}/${theme}`));
  return key;
}

/** `YYYY-MM` of a date, one string per month for the same reason. */
const months = new Map<string, string>();
function monthOf(date: string): string {
  let month = months.get(date);
  if (month === undefined) months.set(date, (month = date.slice(0, 7)));
  return month;
}

/** A group's running totals: sums by metric number, and the numbers in the order its events first log them. */
interface Tally {
  count: number;
  sums: number[];
  order: number[];
}

/**
 * The totals of each grouping (a key per event), in one pass: an event's metrics are listed once
 * for all groupings, each metric id looked up once per event, and each group adds into an array
 * by the metric's number (six passes of Object.entries into records were 0.6 s of a 100k roll-up,
 * a Map of sums per group still half of that). A group's metrics keep the order in which its
 * events first log them. Groups come in code-point order of their keys, not localeCompare: unit
 * names are Chinese, and collation differs by locale. Decimals add up as in decimal: 0.1 万元 and
 * 0.2 万元 make 0.3, not the 0.30000000000000004 of adding them in binary.
 */
function groupTotals(activities: readonly Activity[], groupings: readonly ((a: Activity) => string)[]): Record<string, Totals>[] {
  const groups = groupings.map(() => new Map<string, Tally>());
  const numbers = new Map<string, number>();
  const ids: string[] = [];
  const tallies: Tally[] = [];
  for (const activity of activities) {
    for (let g = 0; g < groupings.length; g++) {
      const key = groupings[g]!(activity);
      let tally = groups[g]!.get(key);
      if (!tally) groups[g]!.set(key, (tally = { count: 0, sums: [], order: [] }));
      tally.count++;
      tallies[g] = tally;
    }
    const metrics = activity.metrics;
    for (const id in metrics) {
      const value = metrics[id]!;
      let number = numbers.get(id);
      if (number === undefined) {
        number = ids.push(id) - 1;
        numbers.set(id, number);
      }
      for (const tally of tallies) {
        const sum = tally.sums[number];
        if (sum === undefined) tally.order.push(number);
        tally.sums[number] = (sum ?? 0) + value;
      }
    }
  }
  const places = new Map<number, number>();
  const inDecimal = (n: number, sum: number): number => {
    // A whole sum is exact (binary rounding leaves far less than half a unit): only a metric with a
    // sum that is not whole has its values looked at again, so integer metrics cost nothing more.
    if (Number.isInteger(sum)) return sum;
    let most = places.get(n);
    if (most === undefined) places.set(n, (most = decimalPlacesOf(activities, ids[n]!)));
    return decimalSum(sum, most);
  };
  return groups.map((grouping) =>
    Object.fromEntries(
      [...grouping]
        .sort(([a], [b]) => compareText(a, b))
        .map(([key, { count, sums, order }]) => [key, { count, metrics: Object.fromEntries(order.map((n) => [ids[n]!, inDecimal(n, sums[n]!)])) }]),
    ),
  );
}

/** The most decimals any of the events' values of `metric` is written with (0.5 and 0.25: 2). */
function decimalPlacesOf(activities: readonly Activity[], metric: string): number {
  let most = 0;
  for (const { metrics } of activities) {
    const value = metrics[metric];
    if (value !== undefined && !Number.isInteger(value)) most = Math.max(most, decimalPlaces(value));
  }
  return most;
}

/**
 * Templates ask for the same scopes again and again (each theme's events, then each tag within
 * it); at 100k events rescanning the whole list for every helper call was most of the render time.
 * Selections are therefore cached per list, and a tag is looked for only within its scope. A scope
 * of one kind (a section, a theme, a section's theme, a roll-up unit's share of a scope) is asked
 * for each of its values in turn, so the first question puts the list's events into every value's
 * selection in one pass: a filter of the list per value was 0.5 s of a 1M roll-up's render (20
 * units, 15 themes and sections).
 */
const selections = new WeakMap<readonly Activity[], Map<string, readonly Activity[]>>();

export function selectEvents(activities: readonly Activity[], filter: EventFilter): readonly Activity[] {
  let cache = selections.get(activities);
  if (!cache) {
    cache = new Map();
    selections.set(activities, cache);
  }
  const key = selectionKey(filter);
  let selected = cache.get(key);
  if (selected) return selected;
  const { rollupUnit, ...withoutUnit } = filter;
  const { tag, ...scope } = withoutUnit;
  if (rollupUnit !== undefined) {
    // A unit's events within the scope: its own, or (null) the including project's own.
    for (const [unit, events] of groupedBy(selectEvents(activities, withoutUnit), (a) => a.rollupUnit ?? null)) {
      cache.set(selectionKey({ ...withoutUnit, rollupUnit: unit }), events);
    }
  } else if (tag !== undefined) {
    cache.set(key, selectEvents(activities, scope).filter((a) => a.tags.includes(tag)));
  } else {
    const bySection = scope.section !== undefined;
    const byTheme = scope.theme !== undefined;
    const groups = groupedBy(activities, bySection && byTheme ? (a) => themeKey(a.section, a.theme) : bySection ? (a) => a.section : byTheme ? (a) => a.theme : () => '');
    for (const events of groups.values()) {
      const { section, theme } = events[0]!;
      cache.set(selectionKey({ ...(bySection ? { section } : {}), ...(byTheme ? { theme } : {}) }), events);
    }
  }
  selected = cache.get(key);
  if (!selected) cache.set(key, (selected = []));
  return selected;
}

function selectionKey(filter: EventFilter): string {
  const unit = filter.rollupUnit === undefined ? '' : filter.rollupUnit === null ? '\u0001' : `\u0002${filter.rollupUnit}`;
  return `${filter.section ?? ''}\u0000${filter.theme ?? ''}\u0000${filter.tag ?? ''}\u0000${unit}`;
}

/** The events of `list` by `keyOf`, each group in the list's order. */
function groupedBy<K>(list: readonly Activity[], keyOf: (activity: Activity) => K): Map<K, Activity[]> {
  const groups = new Map<K, Activity[]>();
  for (const activity of list) {
    const key = keyOf(activity);
    const group = groups.get(key);
    if (group) group.push(activity);
    else groups.set(key, [activity]);
  }
  return groups;
}

/**
 * Each metric's sum over a list of events, with the events that carry it, the metrics in the order
 * the list first logs them (as groupTotals orders a group's). Made the first time a sum over the
 * list is asked: templates ask for dozens of metrics over the same lists (`{{#if (sum "x")}}…{{sum "x"}}`),
 * and filtering 100k events once per metric was a third of a roll-up's render. The sums are added
 * in the same pass, in list order from 0 as a reduce over each metric's events would add them: a
 * second pass reading each event's metric again was 0.67 s of a 1M build (the events, read in date
 * order, lie scattered in memory). Decimals add up as in decimal (decimalSum), as groupTotals adds them.
 */
const byMetric = new WeakMap<readonly Activity[], ReadonlyMap<string, TracedValue>>();

export function metricSums(activities: readonly Activity[]): ReadonlyMap<string, TracedValue> {
  let sums = byMetric.get(activities);
  if (!sums) {
    const carrying = new Map<string, { value: number; sources: Activity[] }>();
    for (const activity of activities) {
      const metrics = activity.metrics;
      for (const id in metrics) {
        const sum = carrying.get(id);
        if (sum) {
          sum.value += metrics[id]!;
          sum.sources.push(activity);
        } else carrying.set(id, { value: 0 + metrics[id]!, sources: [activity] });
      }
    }
    for (const [id, sum] of carrying) if (!Number.isInteger(sum.value)) sum.value = decimalSum(sum.value, decimalPlacesOf(sum.sources, id));
    sums = carrying;
    byMetric.set(activities, sums);
  }
  return sums;
}

export function sumMetric(activities: readonly Activity[], metricId: string): TracedValue {
  return metricSums(activities).get(metricId) ?? { value: 0, sources: [] };
}

export function countEvents(activities: readonly Activity[]): TracedValue {
  return { value: activities.length, sources: activities };
}
