// The DOCX's zip (src/write/zip.ts) must hold the bytes fflate's zipSync would write for the same
// parts at level 6, whether a part is deflated now or taken from the table that
// scripts/docx-parts.mjs deflated when the tool was built (src/write/docx-parts.generated.js).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { facesForScript } from '../../src/layout/fonts.js';
import type { DocumentScript } from '../../src/model/config.js';
import { buildDocument, documentTimestamp, packageParts } from '../../src/write/docx.js';
import { DEFLATED_PARTS } from '../../src/write/docx-parts.generated.js';
import { deflatePart, zipParts } from '../../src/write/zip.js';
import { bulletin, profile } from './bulletin-fixture.js';

const generator = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/docx-parts.mjs')).href;
const encoder = new TextEncoder();

/** What zipSync writes for the same parts, in the same order and time. */
function zippedByFflate(parts: readonly (readonly [string, string | Uint8Array])[], mtime: Date): Uint8Array {
  const ordered: Zippable = {};
  for (const [name, part] of parts) ordered[name] = [typeof part === 'string' ? encoder.encode(part) : part, { mtime }];
  return zipSync(ordered, { level: 6 });
}

function partsOf(script: DocumentScript) {
  const own = facesForScript(profile, script);
  return packageParts(buildDocument(bulletin, own, script), own, { timestamp: documentTimestamp(bulletin.date, {}), script });
}

describe('the DOCX zip', () => {
  it.each(['hans', 'hant-tw', 'hant-hk'] as const)('holds the bytes zipSync writes for a %s bulletin, most parts taken from the table', (script) => {
    const parts = partsOf(script);
    const fromTable = parts.filter(([, part]) => typeof part === 'string' && DEFLATED_PARTS.has(part)).map(([name]) => name);
    // All but the body and the core properties.
    expect(fromTable.length).toBe(parts.length - 2);
    const mtime = new Date(2025, 1, 21, 13, 45, 58);
    expect(Buffer.from(zipParts(parts, mtime)).equals(Buffer.from(zippedByFflate(parts, mtime)))).toBe(true);
  });

  it('holds the bytes zipSync writes for parts not in the table: bytes, text, and a name that is not ASCII', () => {
    const parts = [
      ['a.xml', '<a>一</a>'.repeat(500)],
      ['media/图.bin', Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) % 251)],
      ['empty.txt', ''],
    ] as const;
    const mtime = new Date(2099, 11, 31, 23, 59, 59);
    expect(Buffer.from(zipParts(parts, mtime)).equals(Buffer.from(zippedByFflate(parts, mtime)))).toBe(true);
  });

  it('has in its table what deflating each text gives now', () => {
    expect(DEFLATED_PARTS.size).toBeGreaterThan(10);
    for (const [text, entry] of DEFLATED_PARTS) {
      const now = deflatePart(encoder.encode(text));
      expect({ size: entry.size, crc: entry.crc, deflated: entry.deflated }).toEqual({ size: now.size, crc: now.crc, deflated: Buffer.from(now.deflated).toString('base64') });
    }
  });

  it('has the table the writer and the built-in profile give now (otherwise run `npm run build`)', async () => {
    const { GENERATED, docxPartsSource } = (await import(generator)) as { GENERATED: string; docxPartsSource: () => Promise<string> };
    expect(readFileSync(GENERATED, 'utf8') === (await docxPartsSource()), 'src/write/docx-parts.generated.js is out of date: run `npm run build`').toBe(true);
  });
});
