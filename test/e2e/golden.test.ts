// Golden outputs: the examples built as a reviewer last approved them, byte for byte — the
// Markdown, the DOCX's word/document.xml (one paragraph a line, so a diff reads), and the audit
// sidecar. A change that moves any of them fails here with the diff; after reviewing the diff,
// `npm run golden:update` rewrites test/golden/ (vitest's file snapshots), to commit with the change.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/cli/build-or-reuse.js';
import { documentFileName } from '../../src/write/output-names.js';

const repo = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'summarize-golden-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** document.xml with a line break before each paragraph and the section properties. */
function normalisedDocumentXml(docx: Uint8Array): string {
  const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
  return `${xml.replace(/<w:p[ >]|<w:sectPr[ >]/g, '\n$&')}\n`;
}

describe.each(['shangjie', 'zhengzhou'])('examples/%s, 2024', (example) => {
  it.each(['bulletin', 'annual'])('%s as approved in test/golden/', { timeout: 60_000 }, async (kind) => {
    const dir = path.join(out, `${example}-${kind}`);
    await build('2024', { project: path.join(repo, 'examples', example), out: dir, format: ['md', 'docx'], kind, force: true });
    const golden = (name: string) => path.join(repo, 'test/golden', example, name);
    const changed = (name: string) => `test/golden/${example}/${name} changed: review the diff, then npm run golden:update`;
    const docx = readFileSync(path.join(dir, `${kind}.docx`));
    await expect(readFileSync(path.join(dir, `${kind}.md`), 'utf8'), changed(`${kind}.md`)).toMatchFileSnapshot(golden(`${kind}.md`));
    await expect(normalisedDocumentXml(docx), changed(`${kind}.document.xml`)).toMatchFileSnapshot(golden(`${kind}.document.xml`));
    const sidecar = documentFileName({ kind, script: 'hans' }, 'figures.json');
    await expect(readFileSync(path.join(dir, sidecar), 'utf8'), changed(sidecar)).toMatchFileSnapshot(golden(sidecar));
  });
});
