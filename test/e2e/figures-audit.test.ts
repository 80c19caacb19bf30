// The audit sidecar describes the page exactly: every figure figures.json lists is read off the
// built DOCX (word/document.xml) and the Markdown in the wording and as often as it says, for the
// bulletin and the annual of both examples, in simplified script and in Taiwan and Hong Kong
// traditional (the conversion once ran after the audit was taken, which left 1.1万余 in the audit
// of a page printing 1.1萬餘). The plan prints no computed figure (its sidecar lists none).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/cli/build-or-reuse.js';
import type { AuditRecord } from '../../src/write/figures-json.js';
import { documentFileName } from '../../src/write/output-names.js';
import { resolveScript } from '../../src/render/script.js';

const repo = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'summarize-audit-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function documentText(docx: Uint8Array): string {
  const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

function occurrences(text: string, wording: string): number {
  return text.split(wording).length - 1;
}

describe.each([
  ['shangjie', 'bulletin'],
  ['shangjie', 'annual'],
  ['zhengzhou', 'bulletin'],
  ['zhengzhou', 'annual'],
])('examples/%s %s', (example, kind) => {
  it.each(['hans', 'hant', 'hant-hk'])('figures.json lists what the page prints, in %s', { timeout: 60_000 }, async (script) => {
    const dir = path.join(out, `${example}-${kind}-${script}`);
    await build('2024', { project: path.join(repo, 'examples', example), out: dir, format: ['md', 'docx'], kind, script, force: true });
    const file = (format: 'md' | 'docx' | 'figures.json') => path.join(dir, documentFileName({ kind, script: resolveScript(script, undefined) }, format));
    const page = documentText(readFileSync(file('docx')));
    const markdown = readFileSync(file('md'), 'utf8');
    const { figures } = JSON.parse(readFileSync(file('figures.json'), 'utf8')) as { figures: AuditRecord[] };
    expect(figures.length).toBeGreaterThan(5);
    for (const figure of figures) {
      expect(occurrences(page, figure.printed), `${figure.printed} (${figure.counts}) on the DOCX page`).toBeGreaterThanOrEqual(figure.occurrences);
      expect(occurrences(markdown, figure.printed), `${figure.printed} (${figure.counts}) in the Markdown`).toBeGreaterThanOrEqual(figure.occurrences);
    }
    const wordings = figures.map((f) => f.printed).join('');
    if (script !== 'hans') expect(wordings).not.toMatch(/[万余]/);
    if (script !== 'hans' && example === 'shangjie') expect(wordings).toMatch(/萬餘/);
  });
});
