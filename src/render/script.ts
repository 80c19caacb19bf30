// Render stage, after the model is built: the document in traditional characters (`--script hant`
// or `script:` in summarize.yaml), converted with OpenCC (opencc-js, the phrase-aware s2tw / s2hk
// conversions) to the Taiwan or Hong Kong standard. It converts the document model's text, never
// the Markdown source, so escapes and container markers are untouched; digits, Latin letters and
// full-width punctuation are outside OpenCC's character dictionaries and come through unchanged
// (“ ” stay “ ”: 「」 would be a change of house style, not of script). The dictionaries (about
// 1 MB) are imported only when a traditional script is asked for.

import type { DocumentScript } from '../model/config.js';
import type { DocumentModel } from '../model/document.js';

export type ModelConversion = (model: DocumentModel) => DocumentModel;

/** The conversion of a whole document model to `script`; `hans` leaves it as it is. */
export async function scriptConverter(script: DocumentScript): Promise<ModelConversion> {
  if (script === 'hans') return (model) => model;
  const OpenCC = await import('opencc-js/cn2t');
  const convert: (text: string) => string = OpenCC.Converter({ from: 'cn', to: script === 'hant-hk' ? 'hk' : 'tw' });
  // Every string in the model is text or an ASCII tag (kind, role, ISO date), which OpenCC leaves
  // alone; walking all of them keeps block kinds added later converted too. A run's figure is what
  // was computed, not text on the page, and stays as it is: its wording is the run's text.
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return convert(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'figure' ? v : walk(v)]));
    return value;
  };
  return (model) => walk(model) as DocumentModel;
}

export const SCRIPT_NAMES = ['hans', 'hant', 'hant-tw', 'hant-hk'] as const;

/** `--script hant` takes the variant from summarize.yaml (hant-hk there means Hong Kong), else Taiwan. */
export function resolveScript(requested: string | undefined, configured: DocumentScript | undefined): DocumentScript {
  if (requested === undefined) return configured ?? 'hans';
  if (requested === 'hant') return configured === 'hant-hk' ? 'hant-hk' : 'hant-tw';
  return requested as DocumentScript;
}
