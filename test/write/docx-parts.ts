// Helpers for reading the XML parts of a rendered DOCX in tests.
import { strFromU8, unzipSync } from 'fflate';
import { expect } from 'vitest';

export type Parts = Record<string, string>;

export function unzipParts(bytes: Uint8Array): Parts {
  const parts: Parts = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) parts[name] = strFromU8(data);
  return parts;
}

/** The <w:style> element with this id. */
export function styleXml(styles: string, id: string): string {
  const match = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`, 's').exec(styles);
  expect(match, `style ${id}`).not.toBeNull();
  return match![0];
}

/** The value of attribute `attr` on the first element `tag` inside `xml`. */
export function attr(xml: string, tag: string, name: string): string | undefined {
  const element = new RegExp(`<${tag}\\b[^>]*>`).exec(xml)?.[0];
  return element ? new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1] : undefined;
}

/** Body paragraphs of document.xml, each with its style id and text. */
export function paragraphs(document: string): { style: string | undefined; text: string; xml: string }[] {
  return [...document.matchAll(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs)].map(([xml]) => ({
    style: attr(xml, 'w:pStyle', 'w:val'),
    text: [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
    xml,
  }));
}

/** The footer part that document.xml references for this footer type. */
export function footerFor(parts: Parts, type: 'default' | 'even'): string {
  const id = new RegExp(`<w:footerReference w:type="${type}" r:id="([^"]+)"/>`).exec(parts['word/document.xml']!)?.[1];
  expect(id, `${type} footer reference`).toBeDefined();
  const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(parts['word/_rels/document.xml.rels']!)?.[1];
  expect(target, `${type} footer relationship`).toBeDefined();
  return parts[`word/${target}`]!;
}
