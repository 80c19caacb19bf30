// Aggregate stage: who the units of a roll-up are, as the figures and templates name them, and
// how a template's `unit="…"` finds one. Pure. The totals themselves are byRollupUnit in
// aggregate.ts; events carry the unit that logged them (Activity.rollupUnit).

import type { StandaloneFigure } from '../model/activity.js';
import { OWN_LEVEL, type RollupUnit } from '../model/rollup.js';
import type { ValidProject } from '../validate/project.js';

export interface RollupUnitFigures extends RollupUnit {
  /** True for the including project itself (its own events, 本级); its folder is `.`. */
  own: boolean;
  /**
   * The unit as a sentence names it: organisation.name without 共青团 and 委/委员会 (共青团二七区委 →
   * 二七区, 共青团郑州大学委员会 → 郑州大学); the name itself when it has another form.
   */
  place: string;
  /** The unit's own standalone figures (its metrics/<year>.*), by metric id; they are not added up. */
  figures: Record<string, StandaloneFigure>;
}

/** The units of a roll-up in the order `units:` lists them, then the including project; undefined for a project without units. */
export function rollupUnitsOf(project: ValidProject): RollupUnitFigures[] | undefined {
  if (project.units === undefined) return undefined;
  const figures = (list: readonly StandaloneFigure[]) => Object.fromEntries(list.map((f) => [f.id, f]));
  const { name, short } = project.config.organisation;
  return [
    ...project.units.map((unit) => ({ folder: unit.folder, name: unit.name, short: unit.short, own: false, place: placeOf(unit.name), figures: figures(unit.figures) })),
    { folder: '.', name, short, own: true, place: placeOf(name), figures: figures(project.figures) },
  ];
}

const LEAGUE_COMMITTEE = /^(?:中国)?共青团(.+?)(?:委员会|委)$/u;

export function placeOf(name: string): string {
  return LEAGUE_COMMITTEE.exec(name)?.[1] ?? name;
}

export type UnitLookup = { unit: RollupUnitFigures } | { problem: string; hint: string };

/**
 * The unit a template names with `unit="…"`: by its full name, its folder (units/erqi, or just
 * erqi), its place (二七区) or its short name (团区委) — the last two only when one unit has it.
 * 本级, or the including project's own name, is its own events. `escape` is how templates see
 * names (they are printed escaped), so a name passed back from `{{#each units}}` is found too.
 */
export function findRollupUnit(units: readonly RollupUnitFigures[] | undefined, wanted: string, escape: (text: string) => string = (t) => t): UnitLookup {
  if (!units) {
    return { problem: `unit="${wanted}" 只用于汇总其他单位的项目（summarize.yaml 中有 units:）`, hint: '本项目没有 units:；要按填报单位区分，可给活动加 tags 再用 tag= 筛选' };
  }
  const is = (text: string) => text === wanted || escape(text) === wanted;
  const named = (key: (u: RollupUnitFigures) => string[]) => units.filter((u) => key(u).some(is));
  if (wanted === OWN_LEVEL) return { unit: units.find((u) => u.own)! };
  const keys: [key: (u: RollupUnitFigures) => string[], mustBeUnique: boolean][] = [
    [(u) => [u.name], false],
    [(u) => (u.own ? [] : [u.folder]), false],
    [(u) => (u.own ? [] : [u.folder.split('/').at(-1)!]), true],
    [(u) => [u.place], true],
    [(u) => [u.short], true],
  ];
  for (const [key, mustBeUnique] of keys) {
    const found = named(key);
    if (found.length === 1 || (found.length > 1 && !mustBeUnique)) return { unit: found[0]! };
    if (found.length > 1) {
      return { problem: `unit="${wanted}" 对应 ${found.length} 个单位：${found.map((u) => u.name).join('、')}`, hint: '写单位的全称（organisation.name）或文件夹' };
    }
  }
  const names = units.filter((u) => !u.own).map((u) => u.name);
  return { problem: `unit="${wanted}" 不是汇总的单位`, hint: `可用的有：${names.join('、')}，以及“${OWN_LEVEL}”（本项目自己的活动）` };
}
