// Write stage: the audit sidecar (bulletin.figures.json beside bulletin.docx; names in
// output-names.ts). It is read off the same document model the writers print, after any script
// conversion, so each record's `printed` is the page's wording. The office that checks a document
// before release checks every number against the log lines it came from.

import { printedFigures, type DocumentModel } from '../model/document.js';
import { isEvent, type Figure, type FigureSource } from '../model/figure.js';
import { sourceEntry, type SourceEntry } from '../aggregate/query.js';
import { checkedLogsKeptInMemory } from '../cache/checked-logs.js';
import { SHORTEST_KEPT_RUN, type FigureLineRuns } from '../cache/figure-lines.js';
import { crc32 } from 'node:zlib';
import { compareText } from '../model/text-order.js';

/** The runs of entry lines the earlier figures.json holds, and the logs' cache keys that name them (src/cache/figure-lines.ts). */
export interface LinesKept {
  runs: FigureLineRuns;
  /** A log's file → the key of its checked events. */
  logKeys: ReadonlyMap<string, string>;
}

/** A record of the sidecar's `figures`, as a reader parses it. */
export interface AuditRecord {
  /** As printed in the document: 26, 1.1万余, 同比增长12.5%. */
  printed: string;
  value: number;
  /** What the figure counts. */
  counts: string;
  metric?: string;
  /** How many times the document prints this figure with this wording. */
  occurrences: number;
  sources: SourceEntry[];
}

/** The entries a figure was computed from, sorted by file and line; files named from the project's folder, as positions name them. */
export function figureSources(figure: Figure): SourceEntry[] {
  return inFileOrder(figure.sources).map((source) => sourceEntry(source, figure.metric));
}

/**
 * The sidecar's text: every figure the document prints — as printed, its value, what it counts —
 * with the entries it was computed from, paths relative to the project's folder (as positions name
 * files, whatever folder the command runs in). The same figure printed the
 * same way is one record (with its `occurrences`); records are sorted by what they count, then by
 * the printed text, sources by file and line, so the file is the same for the same input (no
 * timestamps).
 */
export function* figuresJson(model: DocumentModel, meta: { period: string; kind: string }, kept?: LinesKept): Generator<Buffer, void, undefined> {
  // A year's figures name every contributing entry (a million at city scale): one path written
  // per file, not per entry, and one line per entry, which keeps the file readable and diffable
  // at a third of the size of fully indented JSON. The entry lines are written as text straight
  // from the events (entryJson) into the file's bytes: building an object per entry and
  // stringifying it twice cost ~20 µs an entry, and joining each figure's lines into one string
  // (then encoding it) was most of what was left, about 3 µs a line in a 100k roll-up.
  const ordered = sourcesInOrder();
  type AuditLines = { printed: string; figure: Figure; occurrences: number; sources: readonly FigureSource[] };
  const records: AuditLines[] = [];
  const byPrinting = new Map<string, AuditLines[]>();
  for (const { printed, figure } of printedFigures(model)) {
    const sources = ordered(figure);
    const printing = JSON.stringify([printed, figure.value, figure.counts, figure.metric]);
    let printedSo = byPrinting.get(printing);
    if (!printedSo) byPrinting.set(printing, (printedSo = []));
    // The same printing names the same metric, so equal lists of entries write the same lines.
    const seen = printedSo.find((record) => sameEntries(record.sources, sources, figure.metric));
    if (seen) {
      seen.occurrences++;
    } else {
      const record = { printed, figure, occurrences: 1, sources };
      printedSo.push(record);
      records.push(record);
    }
  }
  const out = new BytesWriter();
  out.text(`{\n  "period": ${JSON.stringify(meta.period)},\n  "document": ${JSON.stringify(meta.kind)},\n  "figures": [`);
  const fileJson = new Map<string, string>();
  const keep = checkedLogsKeptInMemory();
  records.sort((a, b) => compareText(a.figure.counts, b.figure.counts) || compareText(a.printed, b.printed) || a.figure.value - b.figure.value);
  for (const [index, { printed, figure, occurrences, sources }] of records.entries()) {
    const fields: [string, string | number][] = [['printed', printed], ['value', figure.value], ['counts', figure.counts]];
    if (figure.metric !== undefined) fields.push(['metric', figure.metric]);
    fields.push(['occurrences', occurrences]);
    const lines = fields.map(([key, value]) => `      ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    out.text(`${index === 0 ? '' : ','}\n    {\n${lines.join('\n')}\n`);
    if (sources.length === 0) {
      out.text('      "sources": []');
    } else {
      out.text('      "sources": [\n');
      for (let start = 0; start < sources.length; ) {
        const run = kept && !keep ? runAt(sources, start, figure.metric, kept.logKeys) : { end: start + 1, key: undefined };
        if (run.key !== undefined) {
          if (start > 0) out.text(SEPARATOR);
          writeRun(out, sources.slice(start, run.end), run.key, figure.metric, fileJson, kept!.runs);
        } else {
          for (let i = start; i < run.end; i++) {
            if (keep) out.raw(keptLine(sources[i]!, figure.metric, fileJson).subarray(i === 0 ? SEPARATOR.length : 0));
            else out.text(`${i === 0 ? '' : SEPARATOR}${entryLine(sources[i]!, figure.metric, fileJson)}`);
          }
        }
        start = run.end;
        if (out.filled) yield* out.takeFilled();
      }
      out.text('\n      ]');
    }
    out.text('\n    }');
  }
  out.text(records.length === 0 ? ']\n}\n' : '\n  ]\n}\n');
  yield* out.takeAll();
}

/**
 * The entries from one log that start at `start` (up to `end`), and the key of their lines when
 * they can be kept (figure-lines.ts): events of a log with a cache key, on no worksheet, enough of
 * them. The key is the log's, the metric, the number of entries and a 64-bit hash of their
 * positions, which tell which of the log's events the figure takes.
 */
function runAt(sources: readonly FigureSource[], start: number, metric: string | undefined, logKeys: ReadonlyMap<string, string>): { end: number; key: string | undefined } {
  const { file } = sources[start]!.source;
  let end = start;
  let keepable = true;
  let low = 0x9e3779b9;
  let high = 0x85ebca6b;
  for (; end < sources.length; end++) {
    const source = sources[end]!;
    if (source.source.file !== file) break;
    if (!isEvent(source) || source.source.sheet !== undefined) keepable = false;
    const { line, column } = source.source;
    low = mix(mix(low, line), column);
    high = mix(mix(high, column), line);
  }
  const logKey = keepable && end - start >= SHORTEST_KEPT_RUN ? logKeys.get(file) : undefined;
  if (logKey === undefined) return { end, key: undefined };
  return { end, key: `${logKey}\0${metric ?? ''}\0${end - start}\0${(low >>> 0).toString(36)}.${(high >>> 0).toString(36)}` };
}

/** One step of MurmurHash3 (32-bit): `value` into `hash`. */
function mix(hash: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  hash ^= Math.imul(k, 0x1b873593);
  hash = (hash << 13) | (hash >>> 19);
  return (Math.imul(hash, 5) + 0xe6546b64) | 0;
}

/** A run's lines, copied from the earlier file when it has them as they were written, else made; its place kept for the next build. */
function writeRun(out: BytesWriter, run: readonly FigureSource[], key: string, metric: string | undefined, fileJson: Map<string, string>, runs: FigureLineRuns): void {
  const offset = out.position();
  const length = runs.earlierLength(key);
  const copied = length === undefined ? undefined : out.readInto(length, (into, at) => runs.readEarlier(key, into, at));
  if (copied !== undefined) {
    runs.written(key, offset, length!, copied);
    return;
  }
  const bytes = out.encoded(run.map((source) => entryLine(source, metric, fileJson)).join(SEPARATOR));
  runs.written(key, offset, bytes.length, crc32(bytes));
}

/**
 * A figure's entries in file and line order (inFileOrder), each list once: a figure printed more
 * than once (and 同比's current year, the same events as the sum beside it) is put in order once.
 */
function sourcesInOrder(): (figure: Figure) => readonly FigureSource[] {
  const done = new Map<readonly FigureSource[], FigureSource[]>();
  return ({ sources }) => {
    let ordered = done.get(sources);
    if (!ordered) done.set(sources, (ordered = inFileOrder(sources)));
    return ordered;
  };
}

/**
 * Whether two lists of entries write the same lines for `metric`: the same entries, or entries
 * that read the same (told apart by their lines, as the file's reader tells them apart).
 */
function sameEntries(a: readonly FigureSource[], b: readonly FigureSource[], metric: string | undefined): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const sameLine = (x: FigureSource, y: FigureSource) => x === y || entryJson(x, metric, JSON.stringify(x.source.file)) === entryJson(y, metric, JSON.stringify(y.source.file));
  return a.every((x, i) => sameLine(x, b[i]!));
}

function nameJson(written: Map<string, string>, file: string): string {
  let json = written.get(file);
  if (json === undefined) written.set(file, (json = JSON.stringify(file)));
  return json;
}

/**
 * The file's bytes, encoded text by text into buffers of a megabyte or more, each taken to be
 * written as soon as it is full: no string of the whole file (or of a figure's entries) is made,
 * which would be one more copy of every entry line in UTF-16, nor are its buffers held to the end.
 * At 1M events they were 280 MB of memory outside V8's heap, which V8 answers with collections of
 * the whole heap: 4 of a 3M-object heap, 1.2 s, in a test that holds 280 such buffers, none when
 * each is let go.
 */
class BytesWriter {
  private done: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(0);
  private used = 0;
  /** The bytes of the buffers before this one. */
  private before = 0;
  /** Texts are gathered a few kilobytes at a time: encoding each entry line on its own cost more in calls than in bytes. */
  private gathered = '';

  text(text: string): void {
    this.gathered += text;
    if (this.gathered.length >= 1 << 13) this.encode();
  }

  /** Bytes encoded already (watch's kept entry lines), after the texts gathered so far. */
  raw(bytes: Uint8Array): void {
    this.space(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** `length` bytes that `read` puts at `at` of `into`, giving what it says of them (undefined: nothing was read). */
  readInto<T>(length: number, read: (into: Buffer, at: number) => T | undefined): T | undefined {
    this.space(length);
    const result = read(this.buffer, this.used);
    if (result !== undefined) this.used += length;
    return result;
  }

  /** `text`'s bytes, written at once: a view of them, until the buffer is taken. */
  encoded(text: string): Buffer {
    this.space(text.length * 3);
    const start = this.used;
    this.used += this.buffer.write(text, start);
    return this.buffer.subarray(start, this.used);
  }

  /** Where the next byte goes in the file. */
  position(): number {
    if (this.gathered !== '') this.encode();
    return this.before + this.used;
  }

  /** Whether a buffer is full, for takeFilled. */
  get filled(): boolean {
    return this.done.length > 0;
  }

  takeFilled(): Buffer[] {
    const filled = this.done;
    this.done = [];
    return filled;
  }

  /** The rest of the bytes, with the texts gathered so far. */
  takeAll(): Buffer[] {
    this.encode();
    return [...this.takeFilled(), this.buffer.subarray(0, this.used)];
  }

  private encode(): void {
    const text = this.gathered;
    this.gathered = '';
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.room(text.length * 3);
    this.used += this.buffer.write(text, this.used);
  }

  /** Room for `bytes` after the texts gathered so far, which are encoded first. */
  private space(bytes: number): void {
    if (this.gathered !== '') this.encode();
    this.room(bytes);
  }

  /** At least `bytes` free in the buffer, a new one begun when this one has not. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    if (this.used > 0) this.done.push(this.buffer.subarray(0, this.used));
    this.before += this.used;
    this.buffer = Buffer.allocUnsafe(Math.max(1 << 20, bytes));
    this.used = 0;
  }
}

/**
 * `sources` by file name, then sheet, line and column, ties in the order given (as a stable sort
 * gives them), without comparing every pair: a figure's events come in date order, which within one log is
 * mostly line order already, so they are put by file (a handful of names to sort) and a file's
 * entries are sorted only when they are not in order. Sorting 147k entries by comparing file
 * names first was most of the sidecar's time in a 100k roll-up.
 */
function inFileOrder(sources: readonly FigureSource[]): FigureSource[] {
  if (inFileAndPositionOrder(sources)) return sources.slice();
  // A roll-up's events interleave its units' logs day by day, but within a day each log's events
  // come together: each such run is counted to its file, then copied to its file's place in the
  // result, one lookup per run. Lists of entries per file, each grown entry by entry and then
  // copied into the result, took twice as long (0.67 against 0.33 s for the 1.47M entries of a 1M
  // roll-up, tried in one process on the same events).
  const runFiles: string[] = [];
  const runEnds: number[] = [];
  const counts = new Map<string, number>();
  for (let start = 0; start < sources.length; ) {
    const { file } = sources[start]!.source;
    let end = start + 1;
    while (end < sources.length && sources[end]!.source.file === file) end++;
    counts.set(file, (counts.get(file) ?? 0) + end - start);
    runFiles.push(file);
    runEnds.push(end);
    start = end;
  }
  const files = [...counts.keys()].sort(compareText);
  const placeOf = new Map<string, number>();
  let place = 0;
  for (const file of files) {
    placeOf.set(file, place);
    place += counts.get(file)!;
  }
  const ordered = new Array<FigureSource>(sources.length);
  for (let run = 0, from = 0; run < runFiles.length; run++) {
    const file = runFiles[run]!;
    let to = placeOf.get(file)!;
    for (const end = runEnds[run]!; from < end; from++) ordered[to++] = sources[from]!;
    placeOf.set(file, to);
  }
  let start = 0;
  for (const file of files) {
    const end = start + counts.get(file)!;
    if (!inPositionOrder(ordered, start, end)) {
      const sorted = ordered.slice(start, end).sort((a, b) => comparePositions(a.source, b.source));
      for (let i = start; i < end; i++) ordered[i] = sorted[i - start]!;
    }
    start = end;
  }
  return ordered;
}

/**
 * Whether the entries are in file order already, as a figure's events are (in date order) when each
 * log holds a stretch of the year (a month, a quarter: 2024-03.yaml, q1.yaml): then there is no
 * grouping by file, whose lookup per entry was most of inFileOrder's 0.8 s at 1M events.
 */
function inFileAndPositionOrder(entries: readonly FigureSource[]): boolean {
  for (let i = 1; i < entries.length; i++) {
    const before = entries[i - 1]!.source;
    const after = entries[i]!.source;
    if (before.file === after.file ? !positionsInOrder(before, after) : compareText(before.file, after.file) > 0) return false;
  }
  return true;
}

/** Whether entries `start` to `end` (one file's) are in position order. */
function inPositionOrder(entries: readonly FigureSource[], start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (!positionsInOrder(entries[i - 1]!.source, entries[i]!.source)) return false;
  return true;
}

/** comparePositions(a, b) <= 0, without comparing the sheets' names when they are the same (no sheet: a YAML log). */
function positionsInOrder(a: Position, b: Position): boolean {
  return a.sheet === b.sheet ? a.line < b.line || (a.line === b.line && a.column <= b.column) : comparePositions(a, b) <= 0;
}

/** Between two entry lines of a figure's `sources`; the first line has none before it. */
const SEPARATOR = ',\n';

function entryLine(source: FigureSource, metric: string | undefined, fileJson: Map<string, string>): string {
  return `        ${entryJson(source, metric, nameJson(fileJson, source.source.file))}`;
}

/**
 * In watch and preview, each entry's line for a metric as UTF-8 bytes, separator first, kept with
 * the entry (an unchanged log's events are the same objects from one rebuild to the next): a 10k
 * rebuild writes ~15k lines (2.8 MB), and making and encoding them again was about half of
 * figures.json's CPU there (in process with the events kept, 20 calls × 6 on the 10k bulletin, 3
 * rounds: 14–22 ms a call with the lines gathered and encoded, 8–15 ms with them kept). A build
 * that runs once does not keep them, as for entryFields.
 */
const keptLines = new WeakMap<FigureSource, Map<string | undefined, Buffer>>();

function keptLine(source: FigureSource, metric: string | undefined, fileJson: Map<string, string>): Buffer {
  let lines = keptLines.get(source);
  let line = lines?.get(metric);
  if (line === undefined) {
    line = Buffer.from(`${SEPARATOR}${entryLine(source, metric, fileJson)}`);
    if (!lines) keptLines.set(source, (lines = new Map()));
    lines.set(metric, line);
  }
  return line;
}

/**
 * `JSON.stringify(sourceEntry(source, metric))` with the file already written as `fileJson`, the
 * same keys in the same order, without the object (test/write/figures-json.test.ts holds the two equal).
 */
export function entryJson(source: FigureSource, metric: string | undefined, fileJson: string): string {
  const value = isEvent(source) ? (metric === undefined ? undefined : source.metrics[metric]) : source.value;
  return `{"file":${fileJson}${entryFields(source)}${field('value', value)}}`;
}

/**
 * Loaded events and figures are never changed after loading, and watch and preview rebuilds keep
 * those of unchanged logs (src/cache/), so there an entry's fields between its file and its value
 * (its title escaped for JSON the costliest) are kept per entry, written once, not once per figure
 * and build. A build that runs once writes each entry about 1.5 times: keeping them cost more
 * than it saved (100k strings in a weak table to the end, for the GC to trace: 0.2 s of CPU and
 * 70 MB of a 20-unit roll-up's rebuild).
 */
const fieldsOfEntry = new WeakMap<FigureSource, string>();

function entryFields(source: FigureSource): string {
  const keep = checkedLogsKeptInMemory();
  let fields = keep ? fieldsOfEntry.get(source) : undefined;
  if (fields === undefined) {
    const { sheet, line, column } = source.source;
    // Written as JSON.stringify writes them, without a call of it for each: a position is a whole
    // number, and a checked event's date is YYYY-MM-DD (the schema's pattern), with nothing to
    // escape. At 1M events these are 7M fields.
    fields = `${sheet === undefined ? '' : `,"sheet":${JSON.stringify(sheet)}`},"line":${line},"column":${column}`;
    if (isEvent(source)) fields += `,"date":"${source.date}","title":${jsonText(source.title)}`;
    if (keep) fieldsOfEntry.set(source, fields);
  }
  return fields;
}

/**
 * JSON.stringify(text): most titles have no character it escapes (a quote, a backslash, a control
 * character, a surrogate, which it escapes when unpaired), and are quoted as they are, a fifth
 * faster over a million titles.
 */
function jsonText(text: string): string {
  return ESCAPED_IN_JSON.test(text) ? JSON.stringify(text) : `"${text}"`;
}

// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const ESCAPED_IN_JSON = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `,"key":value` as JSON.stringify writes a property, nothing for an undefined one. */
function field(key: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return `,"${key}":${typeof value === 'number' ? jsonNumber(value) : JSON.stringify(value)}`;
}

/** As JSON.stringify writes a number: ToString for a finite one, null otherwise. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

type Position = Pick<SourceEntry, 'sheet' | 'line' | 'column'>;

/** Within one file. */
function comparePositions(a: Position, b: Position): number {
  return compareText(a.sheet ?? '', b.sheet ?? '') || a.line - b.line || a.column - b.column;
}
