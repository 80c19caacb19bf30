import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../src/write/docx.js';
import { DOTX_CONTENT_TYPE, renderDotx } from '../../src/write/dotx.js';
import { attr, unzipParts } from './docx-parts.js';
import { bulletin, profile } from './bulletin-fixture.js';

describe('renderDotx', () => {
  it('is a Word template with the same styles and page setup as the DOCX', async () => {
    const template = unzipParts(await renderDotx(profile));
    const document = unzipParts(await renderDocx(bulletin, profile));
    expect(template['[Content_Types].xml']).toContain(`<Override ContentType="${DOTX_CONTENT_TYPE}" PartName="/word/document.xml"/>`);
    expect(template['[Content_Types].xml']).not.toContain('wordprocessingml.document.main+xml');
    expect(template['word/styles.xml']).toBe(document['word/styles.xml']);
    const section = (xml: string): string => /<w:sectPr>.*<\/w:sectPr>/s.exec(xml)![0];
    expect(section(template['word/document.xml']!)).toBe(section(document['word/document.xml']!));
    expect(attr(template['word/document.xml']!, 'w:docGrid', 'w:type')).toBe('lines');
    expect(template['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
  });

  it('is byte-identical from one build to the next', async () => {
    const first = await renderDotx(profile);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(Buffer.from(await renderDotx(profile)).equals(Buffer.from(first))).toBe(true);
  });
});
