// Load stage: a fingerprint of everything a build reads, so that a build whose inputs have not
// changed since the last one can say so instead of doing the work again (CI runs `build` on every
// push; at 100k events the work takes seconds, the fingerprint a tenth of that). It hashes file
// contents, not modification times: a fresh clone has new times and the same contents.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
   * Files the build goes on to read (its logs), kept as hashed with their sha256: the load stage
   * takes them (load/project.ts ReadAlready) instead of reading and hashing each log a second time,
   * 0.5 s of a 1M-event build's 331 MB.
   */
  keep?: { wanted: (file: string) => boolean; files: Map<string, FileRead> };
}

/** A file's bytes as the fingerprint read them, and their sha256 (hex). */
export interface FileRead {
  bytes: Uint8Array;
  digest: string;
}

export function inputFingerprint(input: FingerprintInput): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(input.options));
  const excluded = new Set(input.exclude.map((p) => path.resolve(p)));
  for (const root of [...input.roots, ...BUILT_IN_INPUTS]) {
    for (const file of filesBelow(path.resolve(root), excluded)) {
      const bytes = input.contents?.get(file) ?? readFileSync(file);
      const digest = createHash('sha256').update(bytes).digest('hex');
      hash.update(`\0${file}\0${digest}`);
      if (input.keep?.wanted(file)) input.keep.files.set(file, { bytes, digest });
    }
  }
  return hash.digest('hex');
}

/**
 * Files in a stable order; hidden entries (.git, editors' swap files) and excluded folders are
 * skipped, and so is the out/ folder of every project (a folder with summarize.yaml): a roll-up's
 * units may lie inside it, and a unit built on its own must not count as changed input.
 */
function filesBelow(entry: string, excluded: ReadonlySet<string>): string[] {
  if (excluded.has(entry)) return [];
  let stats;
  try {
    stats = statSync(entry);
  } catch {
    return [];
  }
  if (stats.isFile()) return [entry];
  if (!stats.isDirectory()) return [];
  const names = readdirSync(entry);
  const isProject = names.includes(PROJECT_CONFIG);
  return names
    .filter((name) => !name.startsWith('.') && name !== 'node_modules' && !(isProject && name === PROJECT_OUTPUT))
    .sort()
    .flatMap((name) => filesBelow(path.join(entry, name), excluded));
}
