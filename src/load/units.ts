// Load stage: the unit projects a roll-up includes. `units:` in summarize.yaml lists folders, or
// simple globs, relative to the project: `districts/*`, `units/d0?`, `../shangjie`. A glob has
// `*` (any characters but /), `?` (one) and `[…]` (one of), in any segment; `**` is not supported,
// and hidden folders (.git) match only a pattern that starts with a dot. Each folder found is a
// whole project (its own summarize.yaml and activities/<year>/); its problems are reported at its
// own files, and problems with the `units:` entries themselves at their line in summarize.yaml.
//
// One level: a unit whose summarize.yaml has `units:` of its own is refused (`nested-units`), which
// also rules out cycles; a province lists its districts directly (`cities/*/districts/*`).

import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Mention } from '../model/diagnostic.js';
import { projectPath } from './display-path.js';
import type { YamlSource } from './yaml-source.js';
import { compareText } from '../model/text-order.js';

export const UNITS_KEY = 'units';
const CONFIG_FILE = 'summarize.yaml';

export interface UnitFolder {
  /** Absolute path of the unit project. */
  root: string;
  /** Relative to the including project, `/`-separated: units/erqi, ../shangjie. */
  folder: string;
}

/**
 * The unit folders `units:` names, in its order (each glob's matches in name order), each once.
 * Entries that are not text are left to the schema check.
 */
export function unitFolders(root: string, config: YamlSource, diagnostics: Diagnostic[]): UnitFolder[] {
  const entries = unitEntries(config.value);
  if (entries.length === 0) return [];
  const projectRealPath = realPath(root);
  const seen = new Set<string>();
  const folders: UnitFolder[] = [];
  for (const { text, index } of entries) {
    const at = () => config.locate([UNITS_KEY, index]);
    const problem = (code: string, message: string, hint: string, severity: Diagnostic['severity'] = 'error', mentions?: Mention[]) =>
      diagnostics.push({ ...at(), severity, code, message, hint, ...(mentions ? { mentions } : {}) });
    const pattern = text.trim().replace(/\\/g, '/').replace(/\/+$/, '');
    if (pattern.includes('**')) {
      problem('units-pattern', `units 中的 “${text}” 用了 **，不支持`, '每一级文件夹写一个 *，如 districts/* 或 cities/*/districts/*');
      continue;
    }
    if (pattern.includes('\0')) {
      problem('units-pattern', `units 中的 “${text.replaceAll('\0', '\\0')}” 含有空字符（\\0），不是文件夹名`, '删掉这个字符，只写文件夹的路径，如 districts/erqi');
      continue;
    }
    const glob = isGlob(pattern);
    const matches = glob ? expandGlob(root, pattern) : [path.resolve(root, pattern)];
    if (matches === undefined) {
      problem('units-pattern', `units 中的 “${text}” 方括号 […] 的写法不对`, '方括号中列出可以出现的字符，范围从小到大写，如 [a-z]、[0-9]');
      continue;
    }
    if (glob && matches.length === 0) {
      problem('units-no-match', `units 中的 “${text}” 没有匹配到任何文件夹`, '检查文件夹名；路径相对于本项目（summarize.yaml 所在的文件夹）');
      continue;
    }
    for (const match of matches) {
      const folder = relativeFolder(root, match);
      const stats = statSync(match, { throwIfNoEntry: false });
      if (!stats?.isDirectory()) {
        problem(
          'unit-not-found',
          stats ? `units 中的 ${folder} 是一个文件，不是项目文件夹` : `units 中的文件夹 ${folder} 不存在`,
          '路径相对于本项目（summarize.yaml 所在的文件夹），如 districts/erqi 或 ../shangjie',
        );
        continue;
      }
      if (!statSync(path.join(match, CONFIG_FILE), { throwIfNoEntry: false })?.isFile()) {
        // A folder a glob matches by the way (a shared/ beside the districts) is only a warning; a
        // folder named outright must be a project. Either way a district is never dropped silently.
        problem(
          glob ? 'unit-without-config' : 'unit-not-found',
          `${folder} 中没有 ${CONFIG_FILE}，${glob ? '没有汇总这个文件夹' : '不是一个项目'}`,
          `每个单位都是一个完整的项目：在 ${folder}/ 中放入它自己的 ${CONFIG_FILE}（可运行 summarize init {0}）${glob ? '，或把这个文件夹移到别处' : ''}`,
          glob ? 'warning' : 'error',
          [{ file: projectPath(root, match), argument: true }],
        );
        continue;
      }
      const real = realPath(match);
      if (real === projectRealPath) {
        problem('unit-is-project', `units 中的 “${text}” 指向本项目自己`, '只列出要汇总的其他单位的文件夹；本项目自己的活动记录放在 activities/ 中，会作为“本级”计入');
        continue;
      }
      if (seen.has(real)) continue; // Two patterns may match one folder (districts/*, districts/erqi): it counts once.
      seen.add(real);
      folders.push({ root: match, folder });
    }
  }
  return folders;
}

/** The `units:` entries that are text, with their index in the list. */
function unitEntries(value: unknown): { text: string; index: number }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const list = (value as Record<string, unknown>)[UNITS_KEY];
  if (!Array.isArray(list)) return [];
  return list.flatMap((text, index) => (typeof text === 'string' && text.trim() !== '' ? [{ text, index }] : []));
}

/** True when the config lists units (for the nested-units check and the build fingerprint). */
export function listsUnits(config: YamlSource): boolean {
  return unitEntries(config.value).length > 0;
}

/**
 * True when an entry of `units:` may name a folder outside the project (`../shangjie`, an absolute
 * path). A build that finds its inputs unchanged hashes the project folder, which holds every unit
 * inside it; only units outside need their list read again from summarize.yaml.
 */
export function unitsMayLieOutside(config: YamlSource): boolean {
  return unitEntries(config.value).some(({ text }) => {
    const pattern = path.posix.normalize(text.trim().replace(/\\/g, '/'));
    return path.posix.isAbsolute(pattern) || pattern === '..' || pattern.startsWith('../');
  });
}

const GLOB_CHARACTERS = /[*?[]/;

function isGlob(pattern: string): boolean {
  return GLOB_CHARACTERS.test(pattern);
}

/** Folders matching the pattern, segment by segment, each segment's matches in code-point order; undefined for brackets no RegExp takes ([z-a]). */
function expandGlob(root: string, pattern: string): string[] | undefined {
  const absolute = path.isAbsolute(pattern);
  let bases = [absolute ? path.parse(pattern).root : root];
  const segments = (absolute ? pattern.slice(path.parse(pattern).root.length) : pattern).split('/').filter((s) => s !== '' && s !== '.');
  for (const segment of segments) {
    if (!isGlob(segment)) {
      bases = bases.map((base) => path.join(base, segment));
      continue;
    }
    const matcher = segmentMatcher(segment);
    if (!matcher) return undefined;
    bases = bases.flatMap((base) => {
      let names: string[];
      try {
        names = readdirSync(base);
      } catch {
        return []; // Not a folder, or not readable: nothing below it matches.
      }
      return names
        .filter((name) => matcher.test(name) && (!name.startsWith('.') || segment.startsWith('.')))
        .sort(compareText)
        .map((name) => path.join(base, name))
        .filter((full) => statSync(full, { throwIfNoEntry: false })?.isDirectory() === true);
    });
  }
  return bases;
}

function segmentMatcher(segment: string): RegExp | undefined {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i]!;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      const body = segment.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      source += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`, 'u');
  } catch {
    // A range written backwards ([z-a]) is what a RegExp refuses in what is left unescaped above.
    return undefined;
  }
}

function relativeFolder(root: string, folder: string): string {
  const relative = path.relative(root, folder);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

function realPath(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}
