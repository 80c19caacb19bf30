// Load stage: a fingerprint of everything a build reads, so that a build whose inputs have not
// changed since the last one can say so instead of doing the work again (CI runs `build` on every
// push; at 100k events the work takes seconds, the fingerprint a tenth of that). It hashes file
// contents, not modification times: a fresh clone has new times and the same contents. A file
// hashed before whose stamp is unchanged is not read again (model/file-stamp.ts).

import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReusedReader } from './file-bytes.js';
import { sameStamp, settled, sha256Hex, stampOf, type FileStamp, type StampedDigest } from '../model/file-stamp.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The tool's own inputs to a build: its templates, profiles, schemas and code. The code counts by
 * the hash scripts/bundle.mjs takes of it (dist/cli/bundle-id), not read again on every build.
 */
const BUILT_IN_INPUTS = ['templates', 'profiles', 'schema', 'dist/cli/bundle-id', 'package.json'].map((p) => path.join(PACKAGE_ROOT, p));

const PROJECT_CONFIG = 'summarize.yaml';
const PROJECT_OUTPUT = 'out';

export interface FingerprintInput {
  /** Folders and files read by the build (the project folder, roll-up units). */
  roots: string[];
  /** Folders inside those roots that the build writes to and must not count as input. */
  exclude: string[];
  /** The command-line options that change the output. */
  options: unknown;
  /**
   * Files the build has read already, by absolute path (summarize.yaml): hashed as read, so the
   * fingerprint is of the very bytes the build parsed, and the file is not read again.
   */
  contents?: ReadonlyMap<string, Uint8Array>;
  /**
   * Files the build goes on to read (its logs), kept with their sha256 as hashed: the load stage
   * takes them (load/project.ts ReadAlready) instead of reading and hashing each log a second time.
   * Their bytes are kept too while the logs are at most KEEP_BYTES in all; larger projects have
   * each log read again by the thread that parses it (validate/log-threads.ts), which checks that
   * it has the digest taken here: 331 MB of logs held in new memory from here to the parse cost a
   * 1M-event build 1.1–1.6 s of page faults, where reading them again into used memory costs 0.15 s.
   */
  keep?: {
    wanted: (file: string) => boolean;
    files: Map<string, FileRead>;
    /**
     * Logs too large to keep are not read here at all: the thread that parses each one hashes the
     * bytes it parses and sets its `digest`, which the fingerprint is finished with. For a build
     * that nothing has been checked against (no earlier build recorded, or --force) and that has
     * no cache entries to find by digest: the 1M-event build's main thread spent 0.9 s reading
     * and hashing 331 MB of logs before the worker threads, which read and hash them again, began.
     */
    deferDigests?: boolean;
  };
  /**
   * Digests taken by an earlier run, by absolute path with the file's stamp then: a file with the
   * same stamp has that digest, and is not read (nor are its bytes kept).
   */
  known?: ReadonlyMap<string, StampedDigest>;
}

export interface Fingerprint {
  /** Finished when asked: at once, unless digests were deferred (FingerprintInput.keep.deferDigests). */
  value: () => string;
  /**
   * Every file fingerprinted whose stamp can be kept (model/file-stamp.ts settled), with its digest,
   * by absolute path: what the next run takes as `known`. Asked after `value`.
   */
  stamps: () => Map<string, StampedDigest>;
}

/**
 * Logs up to this size in all (the examples, a district's year: about 0.1 MB) are kept as read;
 * below it, too, validate/log-threads.ts checks them in the main thread.
 */
export const KEEP_BYTES = 4 * 1024 * 1024;

/**
 * A file as the fingerprint read it: its size and sha256 (hex), and its bytes when they were kept;
 * the digest is left to whoever reads the file first when the fingerprint did not (deferDigests).
 */
export interface FileRead {
  size: number;
  digest?: string;
  bytes?: Uint8Array;
}

const reader = new ReusedReader();

/**
 * The fingerprint of the inputs; a deferred file nobody has read by the time it is finished (a
 * build stopped before its logs) is read and hashed then.
 */
export function inputFingerprint(input: FingerprintInput): Fingerprint {
  // Before the stats: a stamp is kept only when the file had settled by the time it was taken.
  const statedAt = Date.now();
  const excluded = new Set(input.exclude.map((p) => path.resolve(p)));
  const files = [...input.roots, ...BUILT_IN_INPUTS].flatMap((root) => filesBelow(path.resolve(root), excluded));
  const { keep } = input;
  const kept = keep ? files.filter((file) => keep.wanted(file.path)) : [];
  const keepBytes = kept.reduce((sum, file) => sum + file.stamp.size, 0) <= KEEP_BYTES;
  const deferred = keep?.deferDigests === true && !keepBytes;
  const keptPaths = new Set(kept.map((file) => file.path));
  // A file read before the stat (`contents`) could have changed in between: its stamp is not kept.
  const hashed: { path: string; stamp?: FileStamp; read: FileRead }[] = [];
  for (const file of files) {
    const known = input.known?.get(file.path);
    const contents = input.contents?.get(file.path);
    let read: FileRead;
    if (known && !contents && sameStamp(known, file.stamp)) {
      read = { size: file.stamp.size, digest: known.digest };
    } else if (deferred && keptPaths.has(file.path)) {
      read = { size: file.stamp.size };
    } else {
      const bytes = contents ?? reader.read(file.path);
      read = { size: bytes.length, digest: sha256Hex(bytes), ...(keepBytes && keptPaths.has(file.path) ? { bytes: Buffer.from(bytes) } : {}) };
    }
    if (keptPaths.has(file.path)) keep!.files.set(file.path, read);
    hashed.push({ path: file.path, ...(contents ? {} : { stamp: file.stamp }), read });
  }
  const digestOf = (file: string, read: FileRead): string => (read.digest ??= sha256Hex(reader.read(file)));
  return {
    value: () => {
      const hash = createHash('sha256');
      hash.update(JSON.stringify(input.options));
      for (const { path: file, read } of hashed) hash.update(`\0${file}\0${digestOf(file, read)}`);
      return hash.digest('hex');
    },
    stamps: () => {
      const stamps = new Map<string, StampedDigest>();
      for (const { path: file, stamp, read } of hashed) {
        // A size other than the stamp's: the file changed between the stat and the read.
        if (stamp && read.size === stamp.size && settled(stamp, statedAt)) stamps.set(file, { ...stamp, digest: digestOf(file, read) });
      }
      return stamps;
    },
  };
}

/**
 * Files in a stable order; hidden entries (.git, editors' swap files) and excluded folders are
 * skipped, and so is the out/ folder of every project (a folder with summarize.yaml): a roll-up's
 * units may lie inside it, and a unit built on its own must not count as changed input.
 */
function filesBelow(entry: string, excluded: ReadonlySet<string>): { path: string; stamp: FileStamp }[] {
  if (excluded.has(entry)) return [];
  let stats;
  try {
    stats = statSync(entry);
  } catch {
    return [];
  }
  if (stats.isFile()) return [{ path: entry, stamp: stampOf(stats) }];
  if (!stats.isDirectory()) return [];
  const names = readdirSync(entry);
  const isProject = names.includes(PROJECT_CONFIG);
  return names
    .filter((name) => !name.startsWith('.') && name !== 'node_modules' && !(isProject && name === PROJECT_OUTPUT))
    .sort()
    .flatMap((name) => filesBelow(path.join(entry, name), excluded));
}
