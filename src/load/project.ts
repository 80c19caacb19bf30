// Load stage: find a project's files for a year and parse them. Only this stage and write touch
// the file system; everything after works on what this returns.

import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { fileSystemProblem, UserError } from '../model/errors.js';
import { displayPath, projectPath } from './display-path.js';
import { controlCharacters, decodeBytes, decodeSource } from './source-text.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';
import { loadMetricsFiles } from './metrics-files.js';
import { listsUnits, unitFolders, unitsMayLieOutside, UNITS_KEY } from './units.js';
import { metricHeaders, TABLE_FILE, tableFileLimit, tableLogSource } from './table-files.js';
import type { MetricHeaders } from './activity-table.js';
import type { FileRead } from './fingerprint.js';
import { sha256Hex } from '../model/file-stamp.js';
import { compareText } from '../model/text-order.js';

export const CONFIG_FILE = 'summarize.yaml';

export interface RawProject {
  root: string;
  config: YamlSource;
  /** activities/<year>/'s logs, read but parsed only when asked (LogFile.source). */
  activities: LogFile[];
  /** metrics/<year>.yaml and metrics/<year>.csv, those present. */
  metrics: YamlSource[];
  /**
   * Problems found while reading summarize.yaml and the metrics files, or a missing activities
   * folder (a unit's are in its own RawProject); a log's own are in its source's diagnostics.
   */
  diagnostics: Diagnostic[];
  /** The projects `units:` includes (a roll-up), in its order; absent or empty otherwise. */
  units?: RawProject[];
  /** For a unit: its folder relative to the including project, as `units:` matched it. */
  folder?: string;
}

const YAML_FILE = /\.ya?ml$/i;
/**
 * A year's logs for a district are about 100 KB (examples/shangjie: 259 events in 9 files); a
 * file of megabytes is a mistake (an export pasted in). It is refused before it is read, because
 * parsing costs far more than its size: measured with yaml 2.9 on Node 20, 5 MB of logs take
 * 2 s and 330 MB of memory, 20 MB take 10 s and 1 GB, so 50 MB could exhaust the heap.
 */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** summarize.yaml as read and parsed once for a whole build (readProjectConfig). */
export interface ProjectConfigFile {
  /** Absolute path. */
  path: string;
  /** The bytes parsed; absent when the file was too large to be read. */
  bytes?: Uint8Array;
  source: YamlSource;
}

/**
 * summarize.yaml, read and parsed once: the build's first step needs its `units:` (which folders
 * outside the project are inputs too) and its bytes (for the fingerprint), and loadProject takes
 * the same parse. Undefined when it is not a file; loadProject then says why.
 */
export function readProjectConfig(root: string): ProjectConfigFile | undefined {
  const configPath = path.join(root, CONFIG_FILE);
  if (!statSync(configPath, { throwIfNoEntry: false })?.isFile()) return undefined;
  const input = readInputFile(configPath, CONFIG_FILE);
  return { path: configPath, ...(input.tooLarge ? {} : { bytes: input.bytes }), source: yamlSourceOf(configPath, input) };
}

/**
 * What a build's first step (cli/build-or-reuse.ts) has read already, for the load stage to take
 * instead of reading it again: summarize.yaml as readProjectConfig parsed it, and the logs as the
 * fingerprint hashed them, by absolute path (each taken from the map as it is used).
 */
export interface ReadAlready {
  config?: YamlSource;
  files?: Map<string, FileRead>;
}

export function loadProject(root: string, year: number, { config, files }: ReadAlready = {}): RawProject {
  projectFolderExists(root);
  const configPath = path.join(root, CONFIG_FILE);
  if (!config && !existsSync(configPath)) {
    throw new UserError(
      `找不到项目配置文件 ${displayPath(configPath)}`,
      undefined,
      '请在项目文件夹中运行，或用 -C <文件夹> 指定项目；新项目可先运行 summarize init',
    );
  }
  const project = loadProjectFiles(root, config ?? loadYamlFile(configPath, root), year, root, files);
  project.units = unitFolders(root, project.config, project.diagnostics).map(({ root: unitRoot, folder }) => loadUnit(unitRoot, folder, year, root, files));
  // Files in a logs folder that are no log (notes, a lock file) are not held for the rest of the build.
  files?.clear();
  return project;
}

/** A unit of a roll-up; unitFolders has made sure its folder and summarize.yaml exist. Its files are named from `base`, the including project's folder. */
function loadUnit(root: string, folder: string, year: number, base: string, files: Map<string, FileRead> | undefined): RawProject {
  const unit = loadProjectFiles(root, loadYamlFile(path.join(root, CONFIG_FILE), base), year, base, files);
  unit.folder = folder;
  if (listsUnits(unit.config)) {
    unit.diagnostics.push({
      ...unit.config.locate([UNITS_KEY], { key: true }),
      severity: 'error',
      code: 'nested-units',
      message: `单位 ${folder} 自己也汇总了其他单位（units:），summarize 只汇总一级`,
      hint: '在本项目的 units: 中直接列出那些单位的文件夹（如 cities/*/districts/*），或分别生成两级的文档',
    });
  }
  return unit;
}

function loadProjectFiles(root: string, config: YamlSource, year: number, base: string, files: Map<string, FileRead> | undefined): RawProject {
  const activityDir = path.join(root, 'activities', String(year));
  const { logs: activities, diagnostics: folderProblems } = loadActivityFiles(activityDir, config, base, files);
  const metrics = loadMetricsFiles(root, year, base);
  const diagnostics = [...[config, ...metrics].flatMap((s) => s.diagnostics), ...folderProblems];
  if (activities.length === 0) {
    const file = projectPath(base, activityDir);
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: 'warning',
      code: 'no-activity-files',
      message: `没有找到 ${year} 年的活动记录`,
      hint: `把活动记录写在 {0}/ 下的 .yaml、.xlsx 或 .csv 文件中${otherYears(path.dirname(activityDir), year)}`,
      mentions: [{ file }],
    });
  }
  return { root, config, activities, metrics, diagnostics };
}

/** `build 2025` typed for 2024: the years that have a log folder, for the hint to name. */
function otherYears(activitiesDir: string, year: number): string {
  let names: string[];
  try {
    names = readdirSync(activitiesDir);
  } catch {
    return '';
  }
  const years = names.filter((name) => /^\d{4}$/.test(name) && Number(name) !== year).sort(compareText);
  return years.length === 0 ? '' : `；activities/ 下有 ${years.join('、')} 年的文件夹（时间段是不是写错了？）`;
}

/**
 * The folders of the units a project's `units:` names, for watch mode, which must look at every
 * file a build reads; none when summarize.yaml cannot be read (the build then reports why). Watch
 * mode keeps parsed sources (keepParsedSources), so an unchanged summarize.yaml is not parsed again.
 */
export function unitRoots(root: string): string[] {
  return unitScope(root, readProjectConfig(root)?.source).roots;
}

/** The folders of the units `config` names, and whether `units:` may reach outside the project folder (unitsMayLieOutside). */
export function unitScope(root: string, config: YamlSource | undefined): { roots: string[]; mayLieOutside: boolean } {
  if (!config) return { roots: [], mayLieOutside: false };
  return { roots: unitFolders(root, config, []).map((unit) => unit.root), mayLieOutside: unitsMayLieOutside(config) };
}

function projectFolderExists(root: string): void {
  const stats = statSync(root, { throwIfNoEntry: false });
  if (stats === undefined) {
    throw new UserError(`项目文件夹 ${displayPath(root) || '.'} 不存在`, undefined, '检查 -C 后面的路径；新项目可先运行 summarize init <文件夹>');
  }
  if (!stats.isDirectory()) {
    throw new UserError(`${displayPath(root)} 是一个文件，不是项目文件夹`, undefined, '用 -C 指定含有 summarize.yaml 的文件夹');
  }
}

/** Reading a file the user named: a folder, a missing file or no permission is their problem (exit 2). */
function readInput<T>(filePath: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw fileSystemProblem(error, '读取', displayPath(filePath)) ?? error;
  }
}

/**
 * Watch mode rebuilds after every save, and a save changes one file of dozens: files whose bytes
 * are the same as at the last load are not parsed again. Off for a single build, where it would
 * only keep memory alive.
 */
let parsedSources: Map<string, { bytes: Uint8Array; source: YamlSource }> | undefined;

export function keepParsedSources(): void {
  parsedSources ??= new Map();
}

/** `base`: the folder of the project being built, which positions name files from. */
export function loadYamlFile(filePath: string, base: string): YamlSource {
  return yamlSourceOf(filePath, readInputFile(filePath, projectPath(base, filePath)));
}

function yamlSourceOf(filePath: string, input: ReturnType<typeof readInputFile>): YamlSource {
  const { file } = input;
  if (input.tooLarge) return unreadableFile(file, [input.tooLarge]);
  const cached = parsedSources?.get(filePath);
  if (cached && cached.source.file === file && Buffer.from(cached.bytes).equals(input.bytes)) return cached.source;
  const source = yamlSourceFromBytes(file, input.bytes);
  parsedSources?.set(filePath, { bytes: input.bytes, source });
  return source;
}

/** A YAML file's bytes decoded and parsed; `file` as messages name it. */
export function yamlSourceFromBytes(file: string, bytes: Uint8Array): YamlSource {
  const decoded = decodeBytes(file, bytes);
  if (decoded.readable === false) {
    return { file, value: undefined, locate: () => ({ file, line: 1, column: 1 }), diagnostics: decoded.diagnostics };
  }
  const source = parseYamlSource(file, decoded.text);
  // A log read line by line (slipFree: load/log-lines.ts) holds no control character: it refuses them.
  source.diagnostics.unshift(...decoded.diagnostics, ...(source.slipFree ? [] : controlCharacters(file, decoded.text)));
  return source;
}

/** A file that could not be read as text: its problems, and no value. */
export function unreadableFile(file: string, diagnostics: Diagnostic[]): YamlSource {
  return { file, value: undefined, locate: () => ({ file, line: 1, column: 1 }), diagnostics };
}

/**
 * The bytes of an input file (a log, the config, a metrics YAML or CSV), or the diagnostic that it
 * is too large to read; `file` names it in positions (projectPath). A folder, a pipe or device, a
 * missing or unreadable file is a UserError, printed at once: it names the file as printed.
 */
export function readInputFile(
  filePath: string,
  file: string,
  maxBytes = MAX_FILE_BYTES,
  readAlready?: Uint8Array,
): { file: string; bytes: Uint8Array; tooLarge?: undefined } | { file: string; tooLarge: Diagnostic } {
  if (readAlready) return readAlready.length > maxBytes ? { file, tooLarge: tooLarge(file, readAlready.length, maxBytes) } : { file, bytes: readAlready };
  const stats = readInput(filePath, () => statSync(filePath));
  if (stats.isDirectory()) {
    const extension = path.extname(filePath);
    throw new UserError(`${displayPath(filePath)} 是一个文件夹，不是${extension ? ` ${extension.slice(1).toUpperCase()} ` : ''}文件`, undefined, '把这个文件夹改名或移到别处');
  }
  if (!stats.isFile()) {
    // A pipe would block the read for ever, a device such as /dev/zero never end.
    throw new UserError(`${displayPath(filePath)} 不是普通文件（是管道、设备或套接字），没有读取`, undefined, '把它换成普通的文本文件');
  }
  if (stats.size > maxBytes) return { file, tooLarge: tooLarge(file, stats.size, maxBytes) };
  return { file, bytes: readInput(filePath, () => readFileSync(filePath)) };
}

function tooLarge(file: string, size: number, maxBytes: number): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    severity: 'error',
    code: 'file-too-large',
    message: `文件有 ${(size / 1024 / 1024).toFixed(1)} MB，超过 ${maxBytes / 1024 / 1024} MB 的上限，没有读取`,
    hint: '一年的记录通常只有几百 KB；检查是否误粘贴了导出的数据，或把记录按月、按单位拆成多个文件',
  };
}

/**
 * A year's logs, in order of their paths in the folder: YAML files, workbooks (.xlsx; an .xls is
 * named as the old format it is) and CSV files, in any mix, in the folder and in folders within
 * it (a league committee keeps a folder per branch: 团委各支部/下半年.yaml). Hidden entries and
 * Excel's lock file `~$台账.xlsx`, there while the workbook is open, are no logs. A spreadsheet
 * saved in a format that cannot be read is named in a warning: left out without a word, its
 * events would be missing from every figure.
 */
export function loadActivityFiles(dir: string, config: YamlSource, base: string, files?: Map<string, FileRead>): { logs: LogFile[]; diagnostics: Diagnostic[] } {
  if (!existsSync(dir)) return { logs: [], diagnostics: [] };
  const metrics = metricHeaders(config);
  const found = filesIn(dir);
  return {
    logs: found.filter((name) => YAML_FILE.test(name) || TABLE_FILE.test(name)).map((name) => logFile(path.join(dir, name), metrics, base, files)),
    diagnostics: found.filter((name) => UNREAD_SPREADSHEET.test(name)).map((name) => unreadSpreadsheet(projectPath(base, path.join(dir, name)))),
  };
}

/** Spreadsheets a log may have been saved as, which are not read: WPS's own, OpenDocument, Excel's macro-enabled, binary and template formats, Numbers. */
const UNREAD_SPREADSHEET = /\.(et|ett|ods|xlsm|xlsb|xltx|xlt|numbers)$/i;

function unreadSpreadsheet(file: string): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    severity: 'warning',
    code: 'unread-log-format',
    message: `${path.extname(file)} 格式的表格不能读取，其中的活动没有计入`,
    hint: '在 WPS 或 Excel 中打开，“另存为”Excel 工作簿（.xlsx）后放回同一文件夹，再删去原文件',
  };
}

/** The files in `dir` and in the folders within it, as paths from `dir` ('/' between names), sorted. */
function filesIn(dir: string, from = ''): string[] {
  return readInput(dir, () => readdirSync(dir, { withFileTypes: true }))
    .filter((entry) => !entry.name.startsWith('.') && !entry.name.startsWith('~$'))
    .sort((a, b) => compareText(a.name, b.name))
    .flatMap((entry) => {
      const name = `${from}${entry.name}`;
      const full = path.join(dir, entry.name);
      return isFolder(entry, full) ? filesIn(full, `${name}/`) : [name];
    });
}

/** A folder, or a link to one (as the fingerprint, which follows links, counts it). */
function isFolder(entry: Dirent, full: string): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A log read, not yet parsed. Most logs of a rebuild are as they were: their checked events come
 * from the cache (src/cache/) by their digest, and they are never parsed (validate/project.ts).
 */
export interface LogFile {
  /** As positions name it (projectPath). */
  file: string;
  /** A table (.xlsx, .csv) rather than a YAML log: its problems show the row (TableRowContext). */
  table: boolean;
  /**
   * sha256 of the bytes read; absent when the file was not read (too large): nothing to cache. A
   * log read later whose digest the fingerprint left to its reader (fingerprint.ts deferDigests)
   * has it once read: in a worker thread (hashedAs), or in the main thread by source().
   */
  digest?: string;
  /** Takes the digest of the bytes a worker thread parsed, when the log has none yet. */
  hashedAs?(digest: string): void;
  /** A YAML log's bytes as read, so that a worker thread can parse it (validate/log-threads.ts). */
  yamlBytes?: Uint8Array;
  /** A YAML log not kept in memory (yamlLogReadLater): where the thread that parses it reads it. */
  yamlPath?: { path: string; size: number };
  /**
   * The log parsed from the very bytes the digest was taken of. A table's is parsed at the first
   * call and kept (problems found beside other logs show its rows); a YAML log is parsed at each
   * call, since the validate stage needs it once, and every log's syntax tree kept for the rest of
   * a build was a third of the main thread's memory at 100k events.
   */
  source(): YamlSource;
  /** A YAML log's text as decoded from those bytes (undefined when they are no text), for code frames: not read again. */
  text?(): string | undefined;
}

/** A log parsed already (tests, and files built in memory): never cached, having no digest. */
export function parsedLog(source: YamlSource): LogFile {
  return { file: source.file, table: source.tableRow !== undefined, source: () => source };
}

function logFile(filePath: string, metrics: MetricHeaders, base: string, files: Map<string, FileRead> | undefined): LogFile {
  const table = TABLE_FILE.test(filePath);
  const read = files?.get(filePath);
  files?.delete(filePath);
  if (read && !read.bytes && !table) return yamlLogReadLater(filePath, projectPath(base, filePath), read);
  const input = readInputFile(filePath, projectPath(base, filePath), table ? tableFileLimit(filePath) : MAX_FILE_BYTES, read?.bytes);
  if (input.tooLarge) return { ...parsedLog(unreadableFile(input.file, [input.tooLarge])), table };
  const digest = read?.bytes && read.digest !== undefined ? read.digest : sha256Hex(input.bytes);
  // A table is read here in any case: the digest the fingerprint deferred is this one.
  if (read) read.digest ??= digest;
  let tableSource: YamlSource | undefined;
  return {
    file: input.file,
    table,
    digest,
    source: () => (table ? (tableSource ??= tableLogSource(input.file, input.bytes, metrics)) : yamlSourceOf(filePath, input)),
    ...(table ? {} : { yamlBytes: input.bytes, text: () => readableText(input.file, input.bytes) }),
  };
}

/**
 * A YAML log the fingerprint hashed without keeping its bytes (a large project's: fingerprint.ts
 * KEEP_BYTES): the thread that parses it reads it again and checks that it has the digest taken
 * then (bytesAsHashed), so that it is not fingerprinted as one version and built as another. Its
 * code frames read it once more (load/code-frame.ts), as those of a file whose text was dropped.
 */
function yamlLogReadLater(filePath: string, file: string, read: FileRead): LogFile {
  const { size } = read;
  if (size > MAX_FILE_BYTES) return { ...parsedLog(unreadableFile(file, [tooLarge(file, size, MAX_FILE_BYTES)])), table: false };
  return {
    file,
    table: false,
    get digest() {
      return read.digest;
    },
    hashedAs(digest) {
      read.digest ??= digest;
    },
    yamlPath: { path: filePath, size },
    source: () => {
      const bytes = readInput(filePath, () => readFileSync(filePath));
      if (read.digest === undefined) read.digest = sha256Hex(bytes);
      else bytesAsHashed(file, bytes, read.digest);
      return yamlSourceOf(filePath, { file, bytes });
    },
  };
}

/** Throws when a log read again is not as the fingerprint hashed it: it was saved while the build ran. */
function bytesAsHashed(file: string, bytes: Uint8Array, digest: string): void {
  if (sha256Hex(bytes) !== digest) throw changedWhileBuilding(file);
}

export function changedWhileBuilding(file: string): UserError {
  return new UserError(`${file} 在生成过程中被修改了，这次没有生成`, undefined, '等文件保存完成后重新运行');
}

function readableText(file: string, bytes: Uint8Array): string | undefined {
  const decoded = decodeSource(file, bytes);
  return decoded.readable === false ? undefined : decoded.text;
}

/**
 * The decoded text of each file a load read, by its name in positions, taken when first asked
 * for: a problem's code frame (load/code-frame.ts) shows the text its positions were found in,
 * without reading the file again.
 */
export type LoadedTexts = Map<string, () => string | undefined>;

/** The texts of `project` (and its units) into `texts`: summarize.yaml, the YAML metrics and logs. */
export function addLoadedTexts(texts: LoadedTexts, project: RawProject): void {
  for (const source of [project.config, ...project.metrics]) addSourceText(texts, source);
  for (const log of project.activities) if (log.text) texts.set(log.file, log.text);
  for (const unit of project.units ?? []) addLoadedTexts(texts, unit);
}

/**
 * Keeps in `texts` only the files `diagnostics` name, and those in `alsoKept` (the summarize.yaml
 * files, whose summaries the render stage checks after this). Each log's entry holds its bytes
 * (0.33 GB at 1M events) and only a problem's code frame reads them; a frame of a file dropped here
 * reads the file again (load/code-frame.ts).
 */
export function keepNamedTexts(texts: LoadedTexts, diagnostics: readonly { file: string }[], alsoKept: readonly string[]): LoadedTexts {
  const kept = new Set([...diagnostics.map((d) => d.file), ...alsoKept]);
  for (const file of texts.keys()) if (!kept.has(file)) texts.delete(file);
  return texts;
}

export function addSourceText(texts: LoadedTexts, source: YamlSource): void {
  const { text } = source;
  if (text !== undefined) texts.set(source.file, () => text);
}
