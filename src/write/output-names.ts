// Write stage: the one naming scheme for what `build` writes into a period's folder
// (out/2024/, out/2024-Q3/ …). Every document is a kind in a script, and each of its files is
// named `<kind>[.<script>].<format>`:
//   bulletin.md  bulletin.docx  bulletin.pdf  bulletin.figures.json         简体 (no script part)
//   bulletin.hant-tw.md  …  bulletin.hant-tw.figures.json                 繁体, Taiwan standard
//   annual.hant-hk.docx …                                                 繁体, Hong Kong standard
// The simplified document carries no script part because it is the one an office hands in; the
// traditional part names the standard actually printed (hant-tw or hant-hk, as --script spells
// them), since `--script hant` means one or the other depending on summarize.yaml. The sidecar
// sits beside its document under the same stem, so sorting a folder by name keeps each
// document's files together.

import type { DocumentScript } from '../model/config.js';

/** One document of a build: the same kind in two scripts is two documents. */
export interface DocumentName {
  kind: string;
  script: DocumentScript;
}

/** The formats of one document, in the order a folder listing shows them. */
export const DOCUMENT_FORMATS = ['md', 'docx', 'pdf', 'figures.json'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export function documentStem({ kind, script }: DocumentName): string {
  return script === 'hans' ? kind : `${kind}.${script}`;
}

export function documentFileName(document: DocumentName, format: DocumentFormat): string {
  return `${documentStem(document)}.${format}`;
}

/**
 * Every name a document's files have, or had under earlier versions of the tool: before this
 * scheme the simplified bulletin's sidecar was plain `figures.json`. A build that no longer
 * writes one of these finds an older file there that would disagree with the new ones.
 */
export function documentFileNames(document: DocumentName): string[] {
  const current = DOCUMENT_FORMATS.map((format) => documentFileName(document, format));
  const former = document.kind === 'bulletin' && document.script === 'hans' ? ['figures.json'] : [];
  return [...current, ...former];
}
