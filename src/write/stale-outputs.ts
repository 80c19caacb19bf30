// Write stage: files of a document that this build did not write again. `--format md` after a
// full build, or a build without LibreOffice after one with it, would leave an older .docx or
// .pdf beside the new .md, and a reader has no way to tell they disagree. A file that an earlier
// build wrote and nobody changed since (its hash is in the build record) is ours and can be made
// again byte for byte: it is removed. Any other file under one of the document's names (a PDF
// saved from Word, a DOCX edited by hand after the build) is someone's work: it is left where it
// is and reported.

import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writtenByBuild, type BuildRecord } from './build-record.js';
import { documentFileNames, type DocumentName } from './output-names.js';

export interface StaleOutputs {
  /** Earlier outputs of ours, removed. */
  removed: string[];
  /** Files under a document's names that are not ours as written, left in place. */
  kept: string[];
}

export function clearStaleOutputs(outDir: string, documents: readonly DocumentName[], written: readonly string[], earlier: BuildRecord): StaleOutputs {
  const writtenNow = new Set(written.map((file) => path.resolve(file)));
  const stale: StaleOutputs = { removed: [], kept: [] };
  for (const name of new Set(documents.flatMap(documentFileNames))) {
    const file = path.join(outDir, name);
    if (writtenNow.has(path.resolve(file)) || !statSync(file, { throwIfNoEntry: false })?.isFile()) continue;
    if (writtenByBuild(outDir, earlier, name) && removed(file)) stale.removed.push(file);
    else stale.kept.push(file);
  }
  return stale;
}

function removed(file: string): boolean {
  try {
    rmSync(file);
    return true;
  } catch {
    // Open in another program (Windows locks a DOCX Word has open): reported as kept instead.
    return false;
  }
}
