// Cache: each log's checked events and problems, kept between builds so that a rebuild parses and
// validates only the logs whose bytes changed (a roll-up of 20 units after one district's edit, a
// watch rebuild after one save). An entry is found by what the checks depend on: the log's bytes
// (sha256), its path from the project's folder, the year, the project's summarize.yaml as
// written, for a unit the including project's config, and the tool itself (dist/cli/bundle-id and
// the package version). Anything else changed means another key, so a stale entry is never found.
// Not the folder the command runs in: problems name files from the project's folder, and only
// the reporter prints them from where the command runs (cli/report.ts).
//
// Entries live in the project's `.summarize-cache/` (hidden, so the build fingerprint and watch
// mode pass it by; SUMMARIZE_CACHE_DIR puts it elsewhere, e.g. where CI keeps caches). Each file
// starts with a header line naming the format, the entry's full key, and the length and CRC-32 of
// the body; an entry whose header, length or checksum does not match is ignored, never trusted,
// and written anew. An entry is written in place, not renamed into place as outputs are: one cut
// short (a build killed, a full disk) or being written as it is read fails those checks.
// A log has one entry per context: a new entry replaces its log's earlier one. Entries of other
// contexts (an earlier summarize.yaml, an earlier version of the tool) are removed once unused for
// UNUSED_DAYS, or sooner, least recently used first, when the folder grows past its limit (tidy()).

import { closeSync, futimesSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writevSync, type Stats } from 'node:fs';
import { crc32 } from 'node:zlib';
import { endianness } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Activity } from '../model/activity.js';
import type { Diagnostic, SourcePosition } from '../model/diagnostic.js';
import { prepareFolder } from '../write/safe-write.js';
import { ReusedReader } from '../load/file-bytes.js';
import { sha256Hex } from '../model/file-stamp.js';

/** The cache folder in a project, unless SUMMARIZE_CACHE_DIR names another. */
export const CACHE_FOLDER = '.summarize-cache';
export const CACHE_DIR_VARIABLE = 'SUMMARIZE_CACHE_DIR';
/** The most megabytes the entries may take (default DEFAULT_MOST_MEGABYTES); fractions allowed. */
export const CACHE_MEGABYTES_VARIABLE = 'SUMMARIZE_CACHE_MB';
/**
 * A city's year of logs makes about 180 MB of entries, and each edit of its summarize.yaml (a
 * summary's wording) another 180 MB: the limit keeps ten such sets, a district's thousands.
 */
const DEFAULT_MOST_MEGABYTES = 2048;
/**
 * An entry neither read nor written for this long is removed: an earlier context's entries are
 * never read again, and a log not built for a month costs one check when it is.
 */
export const UNUSED_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a cache file last used (modified) at `mtimeMs` has gone unused for UNUSED_DAYS by `now`. */
export function unusedTooLong(mtimeMs: number, now: number): boolean {
  return now - mtimeMs > UNUSED_DAYS * DAY_MS;
}
/** Raised whenever what an entry holds, or how it is checked, changes. */
export const CACHE_FORMAT = 'summarize-cache/6';
const LOGS = 'logs';
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One log as checking it alone gives it: its events and its problems, positions and all. */
export interface CheckedLog {
  activities: Activity[];
  diagnostics: Diagnostic[];
}

/** The logs of one project checked in one context (its config, year, the roll-up it is part of). */
export interface LogCacheScope {
  get(log: CacheableLog): CheckedLog | undefined;
  /** `encoded`: encodeCheckedLog(checked), when the caller has it already (from a worker thread). */
  set(log: CacheableLog, checked: CheckedLog, encoded?: Uint8Array): void;
  /**
   * Where `log`'s entry goes, for the worker thread that checks it to write (writeEntry): the main
   * thread was the bottleneck of a 1M-event build's worker phase, and encoding and hashing 363 MB
   * of entries and writing them was a large part of its time there. Undefined when no entry is
   * written (read-only, or the cache could not be written).
   */
  entryFor(log: CacheableLog): CacheEntry | undefined;
  /** Where the entry of the log `file` goes once its digest is known, for a worker thread that takes the digest itself (entryIn); undefined as for entryFor. */
  slotFor(file: string): EntrySlot | undefined;
  /** The log `file` checked as `checked`, whose entry a worker thread wrote (`ok`) or could not write. */
  written(file: string, entry: CacheEntry, checked: CheckedLog, ok: boolean): void;
}

/** A log's entry: its file, and the key its header names. */
export interface CacheEntry {
  file: string;
  key: string;
  slot: string;
}

/** A log's place in the cache, which with the digest of its bytes names its entry. */
export interface EntrySlot {
  folder: string;
  slot: string;
}

export interface CacheableLog {
  file: string;
  digest: string;
}

export interface LogCache {
  /** `context`: everything besides a log's bytes and name that its checks depend on, as JSON. */
  scope(context: unknown): LogCacheScope;
  /** Writes the entries not written yet and removes those they replace; a cache that cannot be written is left as it is. */
  save(): void;
  /**
   * Each log checked in this build, by its file, with the key of its entry: everything its events
   * are made from (its bytes, name, context and the tool), whether or not the entry could be
   * written. A file checked in two contexts with different keys has none.
   */
  logKeys(): ReadonlyMap<string, string>;
}

/**
 * Watch mode and preview rebuild again and again in one process: their entries are also kept in
 * memory (the last one of each log), so an unchanged log costs neither a read nor a parse.
 */
let inMemory: Map<string, { key: string; checked: CheckedLog }> | undefined;

export function keepCheckedLogsInMemory(): void {
  inMemory ??= new Map();
}

/** True in watch mode and preview: what is worked out from a loaded event may be kept with it for the next rebuild. */
export function checkedLogsKeptInMemory(): boolean {
  return inMemory !== undefined;
}

/**
 * Entries are written as they are made, in batches of about this many bytes, rather than all at
 * the end of the check: a 1M-event project's entries are 0.4 GB, which were all held until then.
 */
const BATCH_BYTES = 16 << 20;

/**
 * The cache of the project at `root`, or undefined when the tool cannot say which build of itself
 * is running (no dist/cli/bundle-id): entries could then outlive the code that made them.
 * `read-only` (validate): entries are read, none is written.
 */
export function openLogCache(root: string, mode: 'read-write' | 'read-only' = 'read-write'): LogCache | undefined {
  const tool = toolIdentity();
  if (tool === undefined) return undefined;
  const folder = path.join(cacheFolder(root), LOGS);
  let batch = new Map<string, { key: string; body: Uint8Array }>();
  let batchBytes = 0;
  /** Each log's entry written by this build, by its slot: the older ones are removed at the end. */
  const written = new Map<string, string>();
  /** The entries this build read: like those it wrote, they are not removed to make room. */
  const read = new Set<string>();
  const keysOfLogs = new Map<string, string | null>();
  const checkedAs = (file: string, key: string) => {
    const known = keysOfLogs.get(file);
    keysOfLogs.set(file, known === undefined || known === key ? key : null);
  };
  let writable = mode === 'read-write';
  let folderReady = false;
  /** Whether entries can be written, the folder made the first time it is asked. */
  const canWrite = (): boolean => {
    if (writable && !folderReady) {
      try {
        prepareFolder(folder);
        folderReady = true;
      } catch {
        writable = false;
      }
    }
    return writable;
  };
  const flush = () => {
    const entries = batch;
    batch = new Map();
    batchBytes = 0;
    if (entries.size === 0 || !canWrite()) return;
    try {
      for (const [file, { key, body }] of entries) writeEntryFile(file, key, body);
    } catch {
      // A read-only project or a full disk: the build is right all the same, only the next one slower.
      writable = false;
    }
  };
  return {
    scope(context) {
      const contextHash = sha256Hex(JSON.stringify({ format: CACHE_FORMAT, tool, context }));
      const slotOf = (log: Pick<CacheableLog, 'file'>) => sha256Hex(`${contextHash}\0${log.file}`);
      const keyOf = (slot: string, log: CacheableLog) => keyIn(slot, log.digest);
      return {
        get(log) {
          const slot = slotOf(log);
          const key = keyOf(slot, log);
          checkedAs(log.file, key);
          const remembered = inMemory?.get(slot);
          if (remembered?.key === key) return remembered.checked;
          const file = entryPath(folder, slot, key);
          const checked = readEntry(file, key);
          if (checked) {
            inMemory?.set(slot, { key, checked });
            read.add(path.basename(file));
          }
          return checked;
        },
        set(log, checked, encoded) {
          const slot = slotOf(log);
          const key = keyOf(slot, log);
          checkedAs(log.file, key);
          inMemory?.set(slot, { key, checked });
          if (!writable || !mayBeCached(checked)) return;
          const file = entryPath(folder, slot, key);
          const body = encoded ?? encodeCheckedLog(checked);
          batch.set(file, { key, body });
          batchBytes += body.length;
          written.set(slotPrefix(slot), path.basename(file));
          if (batchBytes >= BATCH_BYTES) flush();
        },
        entryFor(log) {
          return canWrite() ? entryIn({ folder, slot: slotOf(log) }, log.digest) : undefined;
        },
        slotFor(file) {
          return canWrite() ? { folder, slot: slotOf({ file }) } : undefined;
        },
        written(file, entry, checked, ok) {
          checkedAs(file, entry.key);
          inMemory?.set(entry.slot, { key: entry.key, checked });
          if (ok) written.set(slotPrefix(entry.slot), path.basename(entry.file));
          else writable = false;
        },
      };
    },
    save() {
      flush();
      if (!writable || written.size === 0) return;
      // Watch and preview take unchanged logs from memory: their entries are in use all the same.
      const inUse = new Set([...read, ...[...(inMemory ?? [])].map(([slot, { key }]) => path.basename(entryPath(folder, slot, key)))]);
      try {
        tidy(folder, written, inUse, mostBytes(), lookAtEveryEntry(folder, written, inUse));
      } catch {
        // Older entries left behind are never read (their keys differ); the next build tries again.
      }
      written.clear();
      read.clear();
    },
    logKeys() {
      const keys = new Map<string, string>();
      for (const [file, key] of keysOfLogs) if (key !== null) keys.set(file, key);
      return keys;
    },
  };
}

/** The entry of the log whose bytes have `digest`, at `slot`. */
export function entryIn({ folder, slot }: EntrySlot, digest: string): CacheEntry {
  const key = keyIn(slot, digest);
  return { file: entryPath(folder, slot, key), key, slot };
}

function keyIn(slot: string, digest: string): string {
  return sha256Hex(`${slot}\0${digest}`);
}

/** Whether the cache of the project at `root` has any entry, to be found by a log's digest. */
export function cacheHoldsEntries(root: string): boolean {
  try {
    return readdirSync(path.join(cacheFolder(root), LOGS)).some((name) => name.endsWith('.json'));
  } catch {
    return false;
  }
}

/** Where the project at `root` keeps its cache. */
export function cacheFolder(root: string): string {
  const elsewhere = process.env[CACHE_DIR_VARIABLE];
  return elsewhere ? path.resolve(elsewhere) : path.join(root, CACHE_FOLDER);
}

function toolIdentity(): string | undefined {
  try {
    const bundle = readFileSync(path.join(PACKAGE_ROOT, 'dist', 'cli', 'bundle-id'), 'utf8').trim();
    const { version } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return bundle === '' ? undefined : `${String(version)}+${bundle}`;
  } catch {
    return undefined;
  }
}

/** Half of each hash is plenty to tell files apart; the full key is in the header and checked. */
function slotPrefix(slot: string): string {
  return slot.slice(0, 32);
}

function entryPath(folder: string, slot: string, key: string): string {
  return path.join(folder, `${slotPrefix(slot)}.${key.slice(0, 32)}.json`);
}

interface EntryHeader {
  format: string;
  key: string;
  bytes: number;
  crc32: number;
}

/**
 * An event's fields in an entry, in the order validation makes them (the order of an event's keys
 * is the order anything that lists them sees). A mapped type over Activity: a field added to the
 * model and not here does not compile, so it cannot silently go missing from cached builds. The
 * body's format names the fields, so an entry written with another list is never read.
 */
const EVENT_FIELDS_IN_ORDER: { [field in Exclude<keyof Activity, 'source'>]: true } = {
  date: true,
  section: true,
  theme: true,
  title: true,
  text: true,
  unit: true,
  rollupUnit: true,
  tags: true,
  highlight: true,
  metrics: true,
};
const SOURCE_FIELDS_IN_ORDER: { [field in Exclude<keyof SourcePosition, 'file'>]: true } = { line: true, column: true, sheet: true };
const EVENT_FIELDS = Object.keys(EVENT_FIELDS_IN_ORDER) as (keyof typeof EVENT_FIELDS_IN_ORDER)[];
const SOURCE_FIELDS = Object.keys(SOURCE_FIELDS_IN_ORDER) as (keyof typeof SOURCE_FIELDS_IN_ORDER)[];
/**
 * What a body's columns hold for each event, in this order: the numbers of its date, section,
 * theme, units, tag set, metric set, file and sheet in the header's tables (NONE for a field it
 * lacks), whether it is a highlight, its line and column, and where its title and text end in the
 * body's text.
 */
const COLUMNS = ['date', 'section', 'theme', 'unit', 'rollupUnit', 'tags', 'highlight', 'metrics', 'file', 'line', 'column', 'sheet', 'titleEnd', 'textEnd'] as const;
const AT = Object.fromEntries(COLUMNS.map((column, i) => [column, i])) as Record<(typeof COLUMNS)[number], number>;
const NONE = -1;
/**
 * Names the layout, the fields and the byte order (typed arrays use the machine's): an entry
 * written with any other is never read.
 */
const BODY_FORMAT = `columns/${endianness()}:${COLUMNS.join(',')};event:${EVENT_FIELDS.join(',')};source:${SOURCE_FIELDS.join(',')}`;

/** The body's JSON part: the tables its columns number into, and the log's problems. */
interface BodyHeader {
  format: string;
  events: number;
  values: number;
  textUnits: number;
  files: string[];
  /** Sections, themes, units, roll-up units, tags and sheets: few values, repeated over a year's events. */
  names: string[];
  dates: string[];
  /** Each set of metric ids an event logs, in its order. */
  metricSets: string[][];
  /** Each set of tags an event carries, as numbers in `names`. */
  tagSets: number[][];
  diagnostics: Diagnostic[];
}

/**
 * A checked log as an entry's body holds it, and as a worker thread sends it back
 * (validate/log-threads.ts), its buffer moved rather than copied. The events are columns:
 *
 *   u32              the byte length of the header (BodyHeader, JSON in UTF-8)
 *   header
 *   zero bytes       up to a multiple of 8 from the body's start
 *   f64 × values     each event's metric values in turn, in the order of its metric set
 *   i32 × 14 × n     each event's COLUMNS
 *   u16 × textUnits  the events' titles and texts, one after the other, in UTF-16
 *
 * As JSON (rows of fields, names numbered), every value of every event was an object of its own
 * for JSON.parse to make and the GC to copy: decoding the 3,333 entries of a 1M-event roll-up took
 * 2.1–2.5 s that way and 1.1–1.3 s this way (one process each, the same machine), and the entries
 * take 186 MB instead of 317 (188 MB for the 1M project's). A date is one string per day, a title
 * a slice of the text.
 */
export function encodeCheckedLog(checked: CheckedLog): Uint8Array<ArrayBuffer> {
  const { activities, diagnostics } = checked;
  const files = new NumberedTexts();
  const names = new NumberedTexts();
  const dates = new NumberedTexts();
  const metricSets = new NumberedLists<string, string>();
  const tagSets = new NumberedLists<string, number>();
  const columns = new Int32Array(activities.length * COLUMNS.length);
  const values: number[] = [];
  let texts = '';
  const nameOrNone = (name: string | undefined) => (name === undefined ? NONE : names.numberOf(name));
  activities.forEach((activity, i) => {
    const row = i * COLUMNS.length;
    const ids = Object.keys(activity.metrics);
    for (const id of ids) values.push(activity.metrics[id]!);
    texts += activity.title;
    columns[row + AT.titleEnd] = texts.length;
    if (activity.text !== undefined) texts += activity.text;
    columns[row + AT.textEnd] = activity.text === undefined ? NONE : texts.length;
    columns[row + AT.date] = dates.numberOf(activity.date);
    columns[row + AT.section] = names.numberOf(activity.section);
    columns[row + AT.theme] = names.numberOf(activity.theme);
    columns[row + AT.unit] = nameOrNone(activity.unit);
    columns[row + AT.rollupUnit] = nameOrNone(activity.rollupUnit);
    columns[row + AT.tags] = tagSets.numberOf(activity.tags, (tags) => tags.map((tag) => names.numberOf(tag)));
    columns[row + AT.highlight] = activity.highlight ? 1 : 0;
    columns[row + AT.metrics] = metricSets.numberOf(ids, (list) => list.slice());
    columns[row + AT.file] = files.numberOf(activity.source.file);
    columns[row + AT.line] = activity.source.line;
    columns[row + AT.column] = activity.source.column;
    columns[row + AT.sheet] = nameOrNone(activity.source.sheet);
  });
  const header: BodyHeader = {
    format: BODY_FORMAT,
    events: activities.length,
    values: values.length,
    textUnits: texts.length,
    files: files.texts,
    names: names.texts,
    dates: dates.texts,
    metricSets: metricSets.lists,
    tagSets: tagSets.lists,
    diagnostics,
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const { valuesAt, columnsAt, textsAt, end } = bodyLayout(headerBytes.length, header);
  // Zero-filled (the padding), and a buffer of its own, which a worker thread can hand over whole.
  const body = Buffer.alloc(end);
  body.writeUInt32LE(headerBytes.length, 0);
  headerBytes.copy(body, 4);
  new Float64Array(body.buffer, body.byteOffset + valuesAt, values.length).set(values);
  new Int32Array(body.buffer, body.byteOffset + columnsAt, columns.length).set(columns);
  body.write(texts, textsAt, 'utf16le');
  return body;
}

function bodyLayout(headerLength: number, header: Pick<BodyHeader, 'events' | 'values' | 'textUnits'>): { valuesAt: number; columnsAt: number; textsAt: number; end: number } {
  const valuesAt = Math.ceil((4 + headerLength) / 8) * 8;
  const columnsAt = valuesAt + header.values * 8;
  const textsAt = columnsAt + header.events * COLUMNS.length * 4;
  return { valuesAt, columnsAt, textsAt, end: textsAt + header.textUnits * 2 };
}

/** Texts numbered in the order they are first met. */
class NumberedTexts {
  readonly texts: string[] = [];
  private readonly numbers = new Map<string, number>();

  numberOf(text: string): number {
    let number = this.numbers.get(text);
    if (number === undefined) {
      number = this.texts.push(text) - 1;
      this.numbers.set(text, number);
    }
    return number;
  }
}

/**
 * Lists numbered in the order they are first met, equal lists once, as `stored` makes them from
 * the first one met. Found by walking a trie of their items: a list's JSON text as a key was half
 * of encoding's time at 1M events (0.65 of 1.26 s a worker).
 */
class NumberedLists<Item, Stored> {
  readonly lists: Stored[][] = [];
  private readonly root: ListNode<Item> = {};

  numberOf(list: readonly Item[], stored: (list: readonly Item[]) => Stored[]): number {
    let node = this.root;
    for (const item of list) {
      node.next ??= new Map();
      let next = node.next.get(item);
      if (!next) node.next.set(item, (next = {}));
      node = next;
    }
    if (node.number === undefined) node.number = this.lists.push(stored(list)) - 1;
    return node.number;
  }
}

interface ListNode<Item> {
  next?: Map<Item, ListNode<Item>>;
  /** The number of the list that ends here. */
  number?: number;
}

/**
 * One string for each name and date decoded, whatever entry it comes from: every event outlives
 * the young generation, so each copy would be copied twice by the GC and then kept.
 */
const copies = new Map<string, string>();

/** The first copy of `text` decoded, for every later one. */
function oneCopy(text: string): string {
  const first = copies.get(text);
  if (first !== undefined) return first;
  copies.set(text, text);
  return text;
}

/** Every field of T, those it may lack as undefined: a field added to the model and not to the decoder does not compile. */
type EveryField<T> = { [field in keyof Required<T>]: T[field] | undefined };

/**
 * encodeCheckedLog's bytes back as the checked log; undefined for a body of another format or
 * size. Every event is one object literal with every field, those it lacks undefined: events built
 * field by field came in several shapes, and were slower to make and to read in later stages.
 */
export function decodeCheckedLog(encoded: Uint8Array): CheckedLog | undefined {
  // Typed arrays need their place in memory aligned; an entry's body is (writeEntryFile), and any other is copied.
  const aligned = encoded.byteOffset % 8 === 0 ? encoded : new Uint8Array(encoded);
  const bytes = Buffer.from(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  if (bytes.length < 4) return undefined;
  const headerLength = bytes.readUInt32LE(0);
  if (4 + headerLength > bytes.length) return undefined;
  const header = JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)) as Partial<BodyHeader> | null;
  if (!isBodyHeader(header)) return undefined;
  const { valuesAt, columnsAt, textsAt, end } = bodyLayout(headerLength, header);
  if (end !== bytes.length) return undefined;
  const values = new Float64Array(bytes.buffer, bytes.byteOffset + valuesAt, header.values);
  const columns = new Int32Array(bytes.buffer, bytes.byteOffset + columnsAt, header.events * COLUMNS.length);
  const texts = bytes.toString('utf16le', textsAt, end);
  const { files, metricSets } = header;
  const names = header.names.map(oneCopy);
  const dates = header.dates.map(oneCopy);
  // One list per set of tags, shared by the log's events that carry it and frozen, since nothing
  // changes a loaded event: a list per event was one object more per event for the collector to
  // copy and trace (a million at city scale).
  const tagSets = header.tagSets.map((set) => Object.freeze(set.map((number) => names[number]!)) as string[]);
  const nameOrUndefined = (number: number) => (number === NONE ? undefined : names[number]);
  const activities = new Array<Activity>(header.events);
  let value = 0;
  let textStart = 0;
  for (let i = 0; i < header.events; i++) {
    const row = i * COLUMNS.length;
    const titleEnd = columns[row + AT.titleEnd]!;
    const textEnd = columns[row + AT.textEnd]!;
    const ids = metricSets[columns[row + AT.metrics]!]!;
    const metrics: Record<string, number> = {};
    for (const id of ids) metrics[id] = values[value++]!;
    const source: EveryField<SourcePosition> = {
      file: files[columns[row + AT.file]!]!,
      line: columns[row + AT.line]!,
      column: columns[row + AT.column]!,
      sheet: nameOrUndefined(columns[row + AT.sheet]!),
    };
    const event: EveryField<Activity> = {
      date: dates[columns[row + AT.date]!]!,
      section: names[columns[row + AT.section]!]!,
      theme: names[columns[row + AT.theme]!]!,
      title: texts.slice(textStart, titleEnd),
      text: textEnd === NONE ? undefined : texts.slice(titleEnd, textEnd),
      unit: nameOrUndefined(columns[row + AT.unit]!),
      rollupUnit: nameOrUndefined(columns[row + AT.rollupUnit]!),
      tags: tagSets[columns[row + AT.tags]!]!,
      highlight: columns[row + AT.highlight] === 1,
      metrics,
      source: source as SourcePosition,
    };
    activities[i] = event as Activity;
    textStart = textEnd === NONE ? titleEnd : textEnd;
  }
  return { activities, diagnostics: header.diagnostics };
}

function isBodyHeader(header: Partial<BodyHeader> | null): header is BodyHeader {
  if (header?.format !== BODY_FORMAT) return false;
  const counts = [header.events, header.values, header.textUnits];
  const tables = [header.files, header.names, header.dates, header.metricSets, header.tagSets, header.diagnostics];
  return counts.every((count) => Number.isSafeInteger(count) && count! >= 0) && tables.every(Array.isArray);
}

/** Writes a log's entry as encodeCheckedLog encoded it (in a worker thread); false when it could not be written. */
export function writeEntry(entry: CacheEntry, encoded: Uint8Array): boolean {
  try {
    writeEntryFile(entry.file, entry.key, encoded);
    return true;
  } catch {
    return false;
  }
}

/**
 * The header line, then the body (encodeCheckedLog's bytes). The header line is ASCII, padded with
 * spaces to a multiple of 8 bytes, so that the body lies aligned for its typed arrays in the memory
 * it is read into. The header gives the body's length and
 * checksum. The checksum finds a damaged or cut entry; it guards no secret (the key names the
 * entry), so it is zlib's CRC-32 (5.5 GB/s here) rather than a SHA-256 (1.5 GB/s): a roll-up of
 * 1M events rebuilt reads 186 MB of entries, and its cold build writes them. Written in place
 * with one writev, not through safe-write.ts (a temporary file renamed into place, as outputs
 * are), which gives nothing readEntry's checks do not: 1,000 entries of the 1M-event roll-up took
 * 69–442 ms that way and 44–102 ms this way (alternating, in one process).
 */
function writeEntryFile(file: string, key: string, body: Uint8Array): void {
  const header: EntryHeader = { format: CACHE_FORMAT, key, bytes: body.length, crc32: crc32(body) };
  const descriptor = openSync(file, 'w');
  try {
    const json = JSON.stringify(header);
    const headerLine = Buffer.from(`${json.padEnd(Math.ceil((json.length + 1) / 8) * 8 - 1)}\n`);
    // A regular file takes a writev whole or fails; a short count would be a full disk.
    if (writevSync(descriptor, [headerLine, body]) !== headerLine.length + body.length) throw new Error(`${file}: written short`);
  } catch (error) {
    // Cut short, it would be read and ignored every build until written anew.
    rmSync(file, { force: true });
    throw error;
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Entries are read into memory used again, as the logs are (load/file-bytes.ts): each is decoded
 * into new strings at once, so its bytes need not outlive the next read.
 */
const entryReader = new ReusedReader();

/**
 * The entry's content when every check passes; undefined for a missing, corrupt, truncated or
 * foreign entry. An entry read is marked as used (markUsed), for tidy() to tell the entries in use
 * from those of an earlier context.
 */
function readEntry(file: string, key: string): CheckedLog | undefined {
  try {
    const bytes = entryReader.read(file, markUsed);
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return undefined;
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Partial<EntryHeader> | null;
    const body = bytes.subarray(newline + 1);
    if (header?.format !== CACHE_FORMAT || header.key !== key || header.bytes !== body.length || header.crc32 !== crc32(body)) return undefined;
    return decodeCheckedLog(body);
  } catch {
    return undefined;
  }
}

/**
 * Whether a log may be cached: every metric value a safe integer. A value such as Infinity (1e999
 * typed in a log) or one past 2^53 − 1 fails the build anyway, and such a log is checked anew each
 * time rather than kept.
 */
export function mayBeCached(checked: CheckedLog): boolean {
  return checked.activities.every((activity) => Object.values(activity.metrics).every((value) => Number.isSafeInteger(value)));
}

/** Its modification time set to now, at most once a day, on the descriptor open for the read (no second path lookup). */
function markUsed(descriptor: number, { mtimeMs }: Stats): void {
  const now = Date.now();
  if (now - mtimeMs <= DAY_MS) return;
  try {
    futimesSync(descriptor, now / 1000, now / 1000);
  } catch {
    // A cache someone else owns, or a read-only one: it is read all the same.
  }
}

function mostBytes(): number {
  const asked = Number(process.env[CACHE_MEGABYTES_VARIABLE] || Number.NaN);
  return (Number.isFinite(asked) && asked >= 0 ? asked : DEFAULT_MOST_MEGABYTES) * 1024 * 1024;
}

/** Beside the entries' folder: its modification time is when tidy() last looked at every entry. */
export const LOOKED_AT_EVERY_ENTRY = `${LOGS}.tidied`;

/**
 * Whether tidy() is to look at every entry (a stat each: 0.15 s for the 16,665 entries of five
 * 1M-event roll-ups' sets): when most of the entries this build uses it has just written (its
 * first build, or one after summarize.yaml or the tool changed, each a new set), and otherwise
 * once a day. A rebuild that rewrote one log's entry (watch, a district's edit) adds little.
 */
function lookAtEveryEntry(folder: string, written: ReadonlyMap<string, string>, inUse: ReadonlySet<string>): boolean {
  const used = new Set([...inUse, ...written.values()]);
  if (written.size * 2 > used.size) return true;
  const looked = statSync(path.join(folder, '..', LOOKED_AT_EVERY_ENTRY), { throwIfNoEntry: false });
  return !looked || Date.now() - looked.mtimeMs > DAY_MS;
}

/**
 * After a build that wrote entries (only then does the folder grow): each log keeps only its
 * newest entry of a context (the others of its slot are removed). Then, when `lookAtAll`: an entry
 * not in use that has gone unused for UNUSED_DAYS is removed; and while the entries take more than
 * `limit` bytes, those not in use go, least recently used first. Entries in use are never
 * removed, so a build larger than the limit still finds all of its own next time.
 */
function tidy(folder: string, newest: ReadonlyMap<string, string>, inUse: ReadonlySet<string>, limit: number, lookAtAll: boolean): void {
  const now = Date.now();
  const others: { file: string; bytes: number; usedAt: number }[] = [];
  let total = 0;
  for (const name of readdirSync(folder)) {
    // Temporary siblings of an interrupted write are safe-write.ts's to clear.
    if (!name.endsWith('.json')) continue;
    const file = path.join(folder, name);
    const kept = newest.get(name.slice(0, 32));
    if (kept !== undefined && name !== kept) {
      rmSync(file, { force: true });
      continue;
    }
    if (!lookAtAll) continue;
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats) continue;
    if (kept === name || inUse.has(name)) {
      total += stats.size;
    } else if (unusedTooLong(stats.mtimeMs, now)) {
      rmSync(file, { force: true });
    } else {
      total += stats.size;
      others.push({ file, bytes: stats.size, usedAt: stats.mtimeMs });
    }
  }
  if (!lookAtAll) return;
  others.sort((a, b) => a.usedAt - b.usedAt);
  for (const entry of others) {
    if (total <= limit) break;
    rmSync(entry.file, { force: true });
    total -= entry.bytes;
  }
  writeFileSync(path.join(folder, '..', LOOKED_AT_EVERY_ENTRY), '');
}
