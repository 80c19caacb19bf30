// The built-in templates are precompiled at build time (scripts/handlebars-templates.mjs) into a
// file that is not committed. A template or helper edited without running the build would leave
// the engine running the old template: this fails then, and says what to run. The tree each entry
// holds must be the one Handlebars parses from its text; that the code renders as the same text
// compiled at run time is tested in templates.test.ts. A text compiled at run time (a summary) is
// compiled from the tree its check walked, which must give the tree compiling the text gives.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { PRECOMPILED } from '../../src/render/templates.generated.js';
import { compiledTree } from '../../src/render/template-engine.js';
import { compilable } from '../../src/render/template-check.js';

const generator = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/handlebars-templates.mjs')).href;

describe('the precompiled built-in templates', () => {
  it('are those the templates and the code compile to now (otherwise run `npm run build`)', async () => {
    const { GENERATED, templatesSource } = (await import(generator)) as { GENERATED: string; templatesSource: () => Promise<string> };
    const upToDate = readFileSync(GENERATED, 'utf8') === (await templatesSource());
    expect(upToDate, 'src/render/templates.generated.js is out of date: run `npm run build`').toBe(true);
  });

  it('hold every built-in template', () => {
    expect(PRECOMPILED.size).toBeGreaterThan(10);
  });

  it.each([...PRECOMPILED.keys()].map((text) => [text.slice(0, 40).replace(/\s+/g, ' '), text]))('hold the tree of “%s…” as Handlebars parses it', (_, text) => {
    const entry = PRECOMPILED.get(text)!;
    expect(entry.tree()).toEqual(Handlebars.parse(text));
    // A fresh tree each time: a tree kept by one render is not shared with the next.
    expect(entry.tree()).not.toBe(entry.tree());
  });
});

/** Every text in the example's summarize.yaml that holds a mustache: its summaries. */
function exampleSummaries(): string[] {
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string' && value.includes('{{')) texts.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(yaml.load(readFileSync(path.resolve(import.meta.dirname, '../../examples/shangjie/summarize.yaml'), 'utf8')));
  return texts;
}

// Standalone blocks, an else chain, `~` on every side, partials, triple mustaches, comments.
const WHITESPACE_CASES = [
  '{{#if a}}\n  x {{b}}\n{{else if c}}\n y {{~d~}} \n{{else}}\n z\n{{/if}}\n',
  '  {{> brief x=1}}\n  {{#each xs}}\n{{this}} {{sum "a" tag="b"}}\n{{/each}}\n',
  '{{!-- c --}}\n{{#unless q}}\n  {{{raw}}}\n{{/unless}}\n',
  'a {{~#if x~}} b {{~/if~}} c\n{{#with y}}\n{{z}}\n{{/with}}',
];

describe('the tree compiled at run time', () => {
  const texts = [...PRECOMPILED.keys(), ...exampleSummaries(), ...WHITESPACE_CASES];

  it.each(texts.map((text) => [text.slice(0, 40).replace(/\s+/g, ' '), text]))('is for “%s…” the one compiling the text gives', (_, text) => {
    // What Handlebars.compile and scripts/handlebars-templates.mjs compile: the rewritten tree, then whitespace control.
    const compiled = Handlebars.parse(compilable(Handlebars.parseWithoutProcessing(text)) as unknown as string);
    const checked = Handlebars.parse(text);
    expect(compiledTree(checked)).toEqual(compiled);
    // The check's tree is left as it was: a watch rebuild checks it again.
    expect(checked).toEqual(Handlebars.parse(text));
  });

  it('covers the example’s summaries', () => {
    expect(exampleSummaries().length).toBeGreaterThan(5);
  });
});
