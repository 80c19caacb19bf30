// Cache: the entry lines of the last figures.json, by run, for the next build to copy instead of
// making them again. A run is a figure's entries from one log, in file order. Its lines are
// fixed by the log's checked events (the log's cache key: its bytes, name, context and the tool),
// which of them the figure takes (their positions) and the metric: an unchanged log's runs are
// byte for byte what the last build wrote. In a 20-unit roll-up of 1M events rebuilt after one
// unit's log changed, making figures.json's 1.47M entry lines and encoding them was about 2 s
// of the rebuild; every unit but one is copied.
//
// The index (cache folder, figures/) is named after the file it describes, by the hash the build
// record keeps of it, and gives each run's place, length and CRC-32. A run is copied only when the
// bytes read from the earlier file have that CRC: a file edited or replaced since, or an index
// that does not match it, costs the lines being made again, never a wrong line.

import { closeSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { cacheFolder, unusedTooLong } from './checked-logs.js';
import { writeOutputs } from '../write/safe-write.js';

const FOLDER = 'figures';
const INDEX_FORMAT = 'summarize-figure-lines/1';
const WINDOW_BYTES = 4 << 20;

/**
 * Shorter runs are made again, and left out of the index: in the 1M-event roll-up, runs of 8
 * entries or more hold 99.5 % of the lines (50k runs; the index is 7 MB).
 */
export const SHORTEST_KEPT_RUN = 8;

interface Index {
  format: string;
  /** The hash of the figures.json the runs are in (the build record's). */
  figures: string;
  keys: string[];
  /** Offset, length and CRC-32 of each key's run, three numbers per key. */
  spans: number[];
}

/** The runs of the figures.json being written, and those of the one it replaces. */
export interface FigureLineRuns {
  /** The length of the earlier file's run for `key`; undefined when it has none. */
  earlierLength(key: string): number | undefined;
  /** Reads the earlier run for `key` into `into` at `at`, and gives its CRC-32; undefined when it could not be read or is not as recorded. */
  readEarlier(key: string, into: Uint8Array, at: number): number | undefined;
  /** A run of the new file: its place and its bytes' CRC-32. */
  written(key: string, offset: number, length: number, crc: number): void;
  /** Keeps the new file's runs under its hash, and lets the earlier file's go. */
  save(figuresHash: string): void;
  /** Lets go of the earlier file (also done by save). */
  close(): void;
}

/**
 * `earlierFile`: the figures.json this build replaces, `earlierHash` its hash in the build record
 * (undefined when there is none): its runs are read from it.
 */
export function figureLineRuns(root: string, earlierFile: string, earlierHash: string | undefined): FigureLineRuns {
  const folder = path.join(cacheFolder(root), FOLDER);
  const earlierBytes = earlierHash === undefined ? undefined : sizeOf(earlierFile);
  const earlier = earlierHash === undefined || earlierBytes === undefined ? undefined : readIndex(folder, earlierHash, earlierBytes);
  const places = new Map<string, number>();
  if (earlier) for (let i = 0; i < earlier.keys.length; i++) places.set(earlier.keys[i]!, i * 3);
  let descriptor: number | undefined;
  let unreadable = false;
  // Runs are asked for mostly in the order the earlier file holds them: read a few megabytes at a
  // time and copy from there. One read per run (51k in a 1M-event roll-up) took 0.95 s for 280 MB.
  let window: Buffer | undefined;
  let windowStart = 0;
  let windowBytes = 0;
  const read = (into: Uint8Array, at: number, offset: number, length: number): boolean => {
    descriptor ??= openSync(earlierFile, 'r');
    if (length > WINDOW_BYTES) return readSync(descriptor, into, at, length, offset) === length;
    if (offset < windowStart || offset + length > windowStart + windowBytes) {
      window ??= Buffer.allocUnsafe(WINDOW_BYTES);
      windowStart = offset;
      windowBytes = readSync(descriptor, window, 0, WINDOW_BYTES, offset);
      if (length > windowBytes) return false;
    }
    into.set(window!.subarray(offset - windowStart, offset - windowStart + length), at);
    return true;
  };
  const keys: string[] = [];
  const spans: number[] = [];
  const close = () => {
    if (descriptor !== undefined) closeSync(descriptor);
    descriptor = undefined;
    window = undefined;
  };
  return {
    earlierLength(key) {
      const at = places.get(key);
      return at === undefined || unreadable ? undefined : earlier!.spans[at + 1];
    },
    readEarlier(key, into, at) {
      const place = places.get(key);
      if (place === undefined || unreadable) return undefined;
      const [offset, length, crc] = earlier!.spans.slice(place, place + 3) as [number, number, number];
      try {
        if (!read(into, at, offset, length)) return undefined;
      } catch {
        unreadable = true;
        return undefined;
      }
      return crc32(into.subarray(at, at + length)) === crc ? crc : undefined;
    },
    written(key, offset, length, crc) {
      keys.push(key);
      spans.push(offset, length, crc);
    },
    save(figuresHash) {
      close();
      try {
        writeOutputs([{ path: indexPath(folder, figuresHash), content: JSON.stringify({ format: INDEX_FORMAT, figures: figuresHash, keys, spans } satisfies Index) }]);
        if (earlierHash !== undefined && earlierHash !== figuresHash) rmSync(indexPath(folder, earlierHash), { force: true });
        removeUnused(folder);
      } catch {
        // A read-only project or a full disk: the next build makes every line again, as before.
      }
    },
    close,
  };
}

/** Undefined when the file is not there or cannot be looked at: its lines are then made, whatever the reason. */
function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

function indexPath(folder: string, figuresHash: string): string {
  return path.join(folder, `${figuresHash.slice(0, 32)}.json`);
}

/** The index of the file `figuresHash` names, `fileBytes` long; undefined when there is none, or it names a place outside the file or is not as this code writes it. */
function readIndex(folder: string, figuresHash: string, fileBytes: number): Index | undefined {
  let index: Partial<Index> | null;
  try {
    index = JSON.parse(readFileSync(indexPath(folder, figuresHash), 'utf8')) as Partial<Index> | null;
  } catch {
    return undefined;
  }
  if (index?.format !== INDEX_FORMAT || index.figures !== figuresHash || !Array.isArray(index.keys) || !Array.isArray(index.spans)) return undefined;
  const keys: unknown[] = index.keys;
  const spans: unknown[] = index.spans;
  if (spans.length !== keys.length * 3 || !keys.every((key) => typeof key === 'string')) return undefined;
  for (let i = 0; i < spans.length; i += 3) {
    const [offset, length, crc] = spans.slice(i, i + 3);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || !Number.isSafeInteger(crc)) return undefined;
    if ((offset as number) < 0 || (length as number) < 0 || (offset as number) + (length as number) > fileBytes) return undefined;
  }
  return index as Index;
}

/** The indexes of files no build has replaced for UNUSED_DAYS (checked-logs.ts) days: out folders since removed, as the cache's entries. */
function removeUnused(folder: string): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    const file = path.join(folder, name);
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats && unusedTooLong(stats.mtimeMs, now)) rmSync(file, { force: true });
  }
}
