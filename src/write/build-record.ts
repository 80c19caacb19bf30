// Write stage: the record builds leave beside their outputs (`.summarize-build.json`). It keeps
// one entry per build whose outputs are still in the folder: the inputs' fingerprint (options
// included: kind, script, formats), each output's hash and the warnings printed. A later build
// with the fingerprint of an entry whose outputs are intact reports them unchanged instead of
// rebuilding them, so building the bulletin and then the annual (or the simplified and then the
// traditional version) into one folder leaves both up to date. The hashes are also how a build
// knows which files in the folder are its own (see stale-outputs.ts). It also keeps the digests of
// the files the last run looked at, with their stamps (model/file-stamp.ts), so that the next run
// need not read an unchanged input or output again to know its digest.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Notice } from '../model/diagnostic.js';
import { writeOutputs, type WrittenPiece } from './safe-write.js';
import { parseStamp, sameStamp, settled, sha256Hex, stampOf, stampText, type StampedDigest } from '../model/file-stamp.js';

export const BUILD_RECORD = '.summarize-build.json';

export interface BuildEntry {
  fingerprint: string;
  /** Output file name (inside the output folder) → sha256 of its content. */
  outputs: Record<string, string>;
  diagnostics: Diagnostic[];
  notices: Notice[];
  /**
   * Whether `units:` may name folders outside the project. When it does not, the fingerprint is
   * checked without reading summarize.yaml (which needs the YAML parsers loaded); when it does,
   * the unit list is read again, since a new folder outside may now match.
   */
  unitsMayLieOutside?: boolean;
}

export interface BuildRecord {
  builds: BuildEntry[];
  /** Digests with the stamps the files had, by absolute path: the inputs the last run fingerprinted, the outputs it checked. */
  stamps: ReadonlyMap<string, StampedDigest>;
}

/** The record's text: the stamps' paths are written from the output folder. */
interface RecordFile {
  builds: BuildEntry[];
  stamps?: Record<string, string>;
  /**
   * sha256 of the stamps' JSON. A stamp is trusted instead of the file, so stamps damaged on disk
   * or by hand are all ignored: a wrong digest taken from one would have the build find its log
   * "changed during the build" on every run.
   */
  stampsCheck?: string;
}

/** The builds recorded in the folder; none when there is no record or it cannot be read. */
export function readBuildRecord(outDir: string): BuildRecord {
  const none = { builds: [], stamps: new Map() };
  const recordPath = path.join(outDir, BUILD_RECORD);
  if (!existsSync(recordPath)) return none;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(recordPath, 'utf8'));
  } catch {
    return none;
  }
  if (!isObject(parsed)) return none;
  // Earlier versions recorded the last build only, as the record itself.
  const builds = Array.isArray(parsed.builds) ? (parsed.builds as unknown[]) : [parsed];
  const stamps = new Map<string, StampedDigest>();
  const intact = isObject(parsed.stamps) && parsed.stampsCheck === sha256Hex(JSON.stringify(parsed.stamps));
  for (const [name, text] of Object.entries(intact ? (parsed.stamps as Record<string, unknown>) : {})) {
    const stamp = parseStamp(text);
    if (stamp) stamps.set(path.resolve(outDir, name), stamp);
  }
  return { builds: builds.filter(isEntry), stamps };
}

/**
 * The recorded build made from the same inputs and options whose outputs are all untouched. The
 * record keeps the stamps of `inputs` (the fingerprint's) and of the outputs looked at, when they
 * are not those it has: a later run then reads neither again.
 */
export function unchangedBuild(outDir: string, record: BuildRecord, fingerprint: string, inputs: ReadonlyMap<string, StampedDigest> = new Map()): BuildEntry | undefined {
  const hashes = new HashCache(outDir, record.stamps);
  const unchanged = record.builds.find((entry) => entry.fingerprint === fingerprint && hashes.intact(entry));
  if (unchanged) {
    const stamps = new Map([...inputs, ...hashes.stamps]);
    const learned =
      stamps.size !== record.stamps.size ||
      [...stamps].some(([file, stamp]) => {
        const recorded = record.stamps.get(file);
        return recorded === undefined || stampText(recorded) !== stampText(stamp);
      });
    // The stamps only spare reading files: a folder that cannot be written to now still says its outputs are up to date.
    if (learned) {
      try {
        saveRecord(outDir, { builds: record.builds, stamps });
      } catch {
        // Kept as it was; the next run reads and hashes these files again.
      }
    }
  }
  return unchanged;
}

/**
 * Adds this build's entry. Earlier entries stay while every output of theirs is as they wrote it
 * and not all of them were written again by this build; the others describe files that are gone.
 */
export function writeBuildRecord(
  outDir: string,
  record: BuildRecord,
  entry: Omit<BuildEntry, 'outputs'>,
  outputs: readonly string[],
  writtenHashes?: ReadonlyMap<string, string>,
  inputs: ReadonlyMap<string, StampedDigest> = new Map(),
): void {
  const hashes = new HashCache(outDir, record.stamps, writtenHashes);
  const names = outputs.map((file) => path.relative(outDir, file));
  const written = new Set(names);
  const kept = record.builds.filter((earlier) => !Object.keys(earlier.outputs).every((name) => written.has(name)) && hashes.intact(earlier));
  const added: BuildEntry = { ...entry, outputs: Object.fromEntries(names.map((name) => [name, hashes.of(name)!])) };
  saveRecord(outDir, { builds: [...kept, added], stamps: new Map([...inputs, ...hashes.stamps]) });
}

function saveRecord(outDir: string, record: BuildRecord): void {
  const stamps = Object.fromEntries([...record.stamps].map(([file, stamp]) => [path.relative(outDir, file), stampText(stamp)]));
  const content = `${JSON.stringify({ builds: record.builds, stamps, stampsCheck: sha256Hex(JSON.stringify(stamps)) } satisfies RecordFile, null, 2)}\n`;
  writeOutputs([{ path: path.join(outDir, BUILD_RECORD), content }]);
}

/** Whether `name` in the folder is, byte for byte, what a recorded build wrote there. */
export function writtenByBuild(outDir: string, record: BuildRecord, name: string): boolean {
  const hash = new HashCache(outDir, record.stamps).of(name);
  return hash !== undefined && record.builds.some((entry) => entry.outputs[name] === hash);
}

/**
 * The sha256 the record keeps of each output, taken from the pieces as they are written
 * (writeOutputs' `written`): reading the files back cost 0.45 s at 1M events, whose figures.json
 * is 280 MB, and figures.json is made as it is written, never held whole.
 */
export function outputHashes(): { written: WrittenPiece; digests: (files: readonly string[]) => Map<string, string> } {
  const hashes = new Map<string, Hash>();
  return {
    written: (file, piece) => {
      let hash = hashes.get(file);
      if (!hash) hashes.set(file, (hash = createHash('sha256')));
      hash.update(piece);
    },
    // A file written from no piece at all is the empty file's.
    digests: (files) => new Map(files.map((file) => [file, (hashes.get(file) ?? createHash('sha256')).digest('hex')])),
  };
}

/**
 * Each file hashed at most once per question, however many entries name it, and not at all when
 * its stamp is the one recorded with its digest.
 */
class HashCache {
  private readonly hashes = new Map<string, string | undefined>();
  /** The files looked at whose stamps can be kept, by absolute path. */
  readonly stamps = new Map<string, StampedDigest>();
  /** `written`: path → outputHash of files this build has just written, not read again. */
  constructor(
    private readonly outDir: string,
    private readonly known: ReadonlyMap<string, StampedDigest>,
    written?: ReadonlyMap<string, string>,
  ) {
    for (const [file, hash] of written ?? []) this.hashes.set(path.relative(outDir, file), hash);
  }

  of(name: string): string | undefined {
    if (!this.hashes.has(name)) this.hashes.set(name, this.digest(path.join(this.outDir, name)));
    return this.hashes.get(name);
  }

  private digest(file: string): string | undefined {
    const statedAt = Date.now();
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats?.isFile()) return undefined;
    const stamp = stampOf(stats);
    const known = this.known.get(file);
    const digest = known && sameStamp(known, stamp) ? known.digest : sha256OfFile(file);
    if (settled(stamp, statedAt)) this.stamps.set(file, { ...stamp, digest });
    return digest;
  }

  intact(entry: BuildEntry): boolean {
    return Object.entries(entry.outputs).every(([name, hash]) => this.of(name) === hash);
  }
}

/**
 * Read a megabyte at a time into the same memory: read whole, the 297 MB figures.json of a 1M-event
 * roll-up was as many pages touched for the first time, and its hash took 1.5 s of a 2.06 s build
 * that found nothing changed (see load/file-bytes.ts on what such a page costs).
 */
let chunk: Buffer | undefined;

function sha256OfFile(file: string): string {
  chunk ??= Buffer.allocUnsafe(1 << 20);
  const hash = createHash('sha256');
  const descriptor = openSync(file, 'r');
  try {
    for (let read; (read = readSync(descriptor, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(descriptor);
  }
  return hash.digest('hex');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown): value is BuildEntry {
  return (
    isObject(value) &&
    typeof value.fingerprint === 'string' &&
    isObject(value.outputs) &&
    Array.isArray(value.diagnostics) &&
    Array.isArray(value.notices) &&
    // Notices were plain text before they named files from the project's folder: such an entry is rebuilt.
    value.notices.every((notice) => isObject(notice) && typeof notice.text === 'string')
  );
}
