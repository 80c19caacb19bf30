// The built-in templates are precompiled at build time (scripts/handlebars-templates.mjs) into a
// file that is not committed. A template or helper edited without running the build would leave
// the engine running the old template: this fails then, and says what to run. The tree each entry
// holds must be the one Handlebars parses from its text; that the code renders as the same text
// compiled at run time is tested in templates.test.ts.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { PRECOMPILED } from '../../src/render/templates.generated.js';

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
