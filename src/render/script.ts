// Render stage, after the model is built: the document in traditional characters (`--script hant`
// or `script:` in summarize.yaml), converted with OpenCC (opencc-js) to the Taiwan or Hong Kong
// standard. It converts the document model's text, never the Markdown source, so escapes and
// container markers are untouched; digits, Latin letters and full-width punctuation are outside
// OpenCC's character dictionaries and come through unchanged (“ ” stay “ ”: 「」 would be a change
// of house style, not of script). The dictionaries (about 1 MB) are imported only when a
// traditional script is asked for.
//
// OpenCC's s2tw / s2hk chains segment the text by its phrase dictionaries (longest match first),
// then convert phrase by phrase; a character outside any phrase takes its commonest form. Two
// kinds of words come out wrong that way, and each has its own remedy:
// - a phrase the dictionary splits wrongly: 新征程 matches 新征 (新徵, a new levy) before 征程. The
//   few our documents use are in ADDED_PHRASES, given to OpenCC as a dictionary of its own that
//   takes precedence in both segmentation and conversion;
// - words only the project knows: names (the surname 余 of 余华 is not 餘), brand terms. They are
//   listed under `protected:` in summarize.yaml, each as it must be printed, and are never
//   converted.

import type { DocumentScript } from '../model/config.js';
import type { DocumentModel } from '../model/document.js';

export type ModelConversion = (model: DocumentModel) => DocumentModel;

/**
 * Phrases OpenCC's dictionaries segment wrongly in Youth League documents, with their traditional
 * form (the same in Taiwan and Hong Kong). Each is in test/render/script-corpus.test.ts.
 */
const ADDED_PHRASES: readonly (readonly [string, string])[] = [
  ['新征程', '新征程'],
  ['新征途', '新征途'],
];

/** The conversion of a whole document model to `script`; `hans` leaves it as it is. */
export async function scriptConverter(script: DocumentScript, protectedWords: readonly string[] = []): Promise<ModelConversion> {
  if (script === 'hans') return (model) => model;
  const convert = await textConverter(script, protectedWords);
  // Every string in the model is text or an ASCII tag (kind, role, ISO date), which OpenCC leaves
  // alone; walking all of them keeps block kinds added later converted too. A run's figure is what
  // was computed, not text on the page, and stays as it is: its wording is the run's text.
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return convert(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'figure' ? v : walk(v)]));
    return value;
  };
  return (model) => ({ ...(walk(model) as DocumentModel), script });
}

/** One string from simplified to `script`, the protected words printed as listed. */
export async function textConverter(script: Exclude<DocumentScript, 'hans'>, protectedWords: readonly string[] = []): Promise<(text: string) => string> {
  const [{ ConverterBuilder }, cn2t] = await Promise.all([import('opencc-js/core'), import('opencc-js/preset/cn2t')]);
  const region = script === 'hant-hk' ? 'hk' : 'tw';
  const config = cn2t.configs[`s2${region}`]!;
  // As OpenCC's own dictionaries are: “from to” pairs joined by |, which segmentation also takes.
  const added = ADDED_PHRASES.map(([from, to]) => `${from} ${to}`).join('|');
  const preset = {
    from: cn2t.from,
    to: cn2t.to,
    // The first dictionary of a group wins where two define the same phrase.
    configs: {
      [`s2${region}`]: {
        ...config,
        segmentation: [added, ...asGroup(config.segmentation)],
        conversionChain: [[added, ...config.conversionChain[0]!], ...config.conversionChain.slice(1)],
      },
    },
  };
  const convert = ConverterBuilder(preset)({ from: 'cn', to: region });
  if (protectedWords.length === 0) return convert;
  const printedAs = await protectedForms(protectedWords);
  // Longest first, so a listed word inside a longer listed word does not split it.
  const pattern = new RegExp(`(${[...printedAs.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`, 'u');
  // split() with a capturing group puts the matches at the odd indices.
  return (text) =>
    text
      .split(pattern)
      .map((part, index) => (index % 2 === 1 ? printedAs.get(part)! : convert(part)))
      .join('');
}

/**
 * Each protected word as the text may contain it → as it is printed. A word is listed as it must
 * appear in the traditional document (余華, or 余华 to keep it simplified); the logs are typed in
 * simplified characters, so its simplified form (OpenCC t2s) is looked for too.
 */
async function protectedForms(words: readonly string[]): Promise<Map<string, string>> {
  const [{ ConverterBuilder }, t2cn] = await Promise.all([import('opencc-js/core'), import('opencc-js/preset/t2cn')]);
  const toSimplified = ConverterBuilder(t2cn)({ from: 't', to: 'cn' });
  const forms = new Map<string, string>();
  for (const word of words) {
    forms.set(word, word);
    if (!forms.has(toSimplified(word))) forms.set(toSimplified(word), word);
  }
  return forms;
}

function asGroup(dictionaries: unknown): readonly string[] {
  return Array.isArray(dictionaries) ? (dictionaries as string[]) : [dictionaries as string];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const SCRIPT_NAMES = ['hans', 'hant', 'hant-tw', 'hant-hk'] as const;

/** `--script hant` takes the variant from summarize.yaml (hant-hk there means Hong Kong), else Taiwan. */
export function resolveScript(requested: string | undefined, configured: DocumentScript | undefined): DocumentScript {
  if (requested === undefined) return configured ?? 'hans';
  if (requested === 'hant') return configured === 'hant-hk' ? 'hant-hk' : 'hant-tw';
  return requested as DocumentScript;
}
