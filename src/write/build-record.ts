// Write stage: the record a build leaves beside its outputs (`.summarize-build.json`): the inputs'
// fingerprint, each output's hash and the warnings printed. The next build with the same
// fingerprint finds its outputs intact and reports them unchanged instead of rebuilding them.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { writeOutputs } from './safe-write.js';

export const BUILD_RECORD = '.summarize-build.json';

export interface BuildRecord {
  fingerprint: string;
  /** Output file name (inside the output folder) → sha256 of its content. */
  outputs: Record<string, string>;
  diagnostics: Diagnostic[];
  notices: string[];
  /**
   * Whether `units:` may name folders outside the project. When it does not, the fingerprint is
   * checked without reading summarize.yaml (which needs the YAML parsers loaded); when it does,
   * the unit list is read again, since a new folder outside may now match.
   */
  unitsMayLieOutside?: boolean;
}

export function writeBuildRecord(outDir: string, record: Omit<BuildRecord, 'outputs'>, outputs: readonly string[]): void {
  const hashes = Object.fromEntries(outputs.map((file) => [path.relative(outDir, file), contentHash(readFileSync(file))]));
  writeOutputs([{ path: path.join(outDir, BUILD_RECORD), content: `${JSON.stringify({ ...record, outputs: hashes }, null, 2)}\n` }]);
}

/** The last build's record, if there is one that can be read. */
export function readBuildRecord(outDir: string): BuildRecord | undefined {
  const recordPath = path.join(outDir, BUILD_RECORD);
  if (!existsSync(recordPath)) return undefined;
  try {
    return JSON.parse(readFileSync(recordPath, 'utf8')) as BuildRecord;
  } catch {
    return undefined;
  }
}

/** The record, if it was made from the same inputs and its outputs are untouched. */
export function unchangedBuild(outDir: string, record: BuildRecord | undefined, fingerprint: string): BuildRecord | undefined {
  if (record?.fingerprint !== fingerprint || typeof record.outputs !== 'object' || record.outputs === null) return undefined;
  const intact = Object.entries(record.outputs).every(([name, hash]) => {
    const file = path.join(outDir, name);
    return existsSync(file) && contentHash(readFileSync(file)) === hash;
  });
  return intact ? record : undefined;
}

function contentHash(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
