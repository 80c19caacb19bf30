// What the file system says of a file without reading it (size, inode, modification and change
// times), kept with the sha256 its content had: a later run that finds the same stamp takes the
// digest instead of reading and hashing the file again. At 1M events that is 333 MB of logs and
// 0.5 s of every rebuild (load/fingerprint.ts), and the 297 MB figures.json a build with nothing
// changed checks (write/build-record.ts). Digests stay the fingerprint's currency: a fresh clone,
// whose files have new stamps and the same contents, is hashed and still finds its outputs up to
// date.
//
// Why a stamp can be trusted (git's index rests on the same): any write to a file sets its change
// time to the time of the write, and no program can set it back. So a file whose change time is
// still the one recorded has not been written since, unless it was written within the same tick
// of the clock as the recorded change: such a stamp is never kept (settled).

import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';

export interface FileStamp {
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface StampedDigest extends FileStamp {
  /** sha256 (hex) of the content the file had when the stamp was taken. */
  digest: string;
}

/** The digest a stamp is kept with (and the hex sha256 the fingerprint, the cache keys and the build record take). */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * How long after a file last changed its stamp can be kept. Clocks tick in 1–10 ms steps on Linux
 * and macOS, file times on FAT and SMB shares in 2 s steps: a stamp kept sooner could equal that of
 * a write made later within the same step.
 */
const SETTLED_AFTER_MS = 3000;

export function stampOf(stats: Pick<Stats, keyof FileStamp>): FileStamp {
  return { size: stats.size, ino: stats.ino, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.ino === b.ino && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/**
 * Whether a stamp taken at `takenAt` (a time from before the stat) may be kept: the file had not
 * changed for a while by then. A time ahead of the clock (a share whose server's clock runs fast)
 * never settles, and such a file is hashed every time.
 */
export function settled(stamp: FileStamp, takenAt: number): boolean {
  return Math.max(stamp.mtimeMs, stamp.ctimeMs) < takenAt - SETTLED_AFTER_MS;
}

/** A stamp as the build record keeps it, one line of text: `size ino mtime ctime sha256`. */
export function stampText(stamp: StampedDigest): string {
  return `${stamp.size} ${stamp.ino} ${stamp.mtimeMs} ${stamp.ctimeMs} ${stamp.digest}`;
}

/** Undefined for a text stampText did not write (another version's, or an edited one). */
export function parseStamp(text: unknown): StampedDigest | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = text.split(' ');
  if (parts.length !== 5 || !/^[0-9a-f]{64}$/.test(parts[4]!)) return undefined;
  const [size, ino, mtimeMs, ctimeMs] = parts.slice(0, 4).map(Number) as [number, number, number, number];
  if (![size, ino, mtimeMs, ctimeMs].every(Number.isFinite)) return undefined;
  return { size, ino, mtimeMs, ctimeMs, digest: parts[4]! };
}
