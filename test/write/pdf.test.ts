// Third tier (house style, after GONGWEN): a real render through LibreOffice, measured on the PDF.
// Skips itself where LibreOffice or poppler-utils are missing.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { mmToPt } from '../../src/layout/units.js';
import { missingPoppler, pageCount, pageLines, TEXT_AREA } from '../helpers/pdf.js';
import type { DocumentModel } from '../../src/model/document.js';
import type { DocumentScript } from '../../src/model/config.js';
import { renderDocx } from '../../src/write/docx.js';
import { convertDocxToPdf, docxAutospace, facesHere, findOffice } from '../../src/write/pdf.js';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { UserError } from '../../src/model/errors.js';
import { bulletin, longBulletin, profile } from './bulletin-fixture.js';
import { temporaryFolder } from '../helpers/temp.js';

const office = findOffice();
const poppler = missingPoppler(['pdfinfo', 'pdftotext']).length === 0;
const ready = Boolean(office) && poppler;
if (!ready) {
  console.warn(
    `skipping the LibreOffice rendering tests: ${office ? '' : 'soffice not on PATH; '}${poppler ? '' : 'pdfinfo/pdftotext not on PATH; '}` +
      'install libreoffice-writer-nogui, poppler-utils and fonts-noto-cjk to run them',
  );
}

const { top: TEXT_TOP, bottom: TEXT_BOTTOM, left: TEXT_LEFT, right: TEXT_RIGHT } = TEXT_AREA;

describe('PDF through LibreOffice', () => {
  it.skipIf(!ready)(
    'is A4, has the masthead on page 1, 22 lines of 28 characters a page, and the page number 7 mm below the text',
    async () => {
      const dir = temporaryFolder('pdf');
      const docx = path.join(dir, 'long.docx');
      writeFileSync(docx, await renderDocx(longBulletin(), profile));
      const { pdf } = await convertDocxToPdf(docx, dir, { faces: facesHere(profile, 'hans') });

      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
      expect(Number(width)).toBeCloseTo(595.3, 0);
      expect(Number(height)).toBeCloseTo(841.9, 0);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThanOrEqual(3);

      const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' });
      expect(first).toContain('上街信息');
      expect(first).toContain('中共上街区委办公室');

      // Pages between the first (masthead) and the last (版记) are body text only.
      const counts: number[] = [];
      for (let page = 2; page < pages; page++) {
        const lines = pageLines(pdf, page);
        expect(lines.some((l) => l.text.startsWith('责任编辑')), `版记 before the last page (${page})`).toBe(false);
        const body = lines.filter((l) => l.yMax <= TEXT_BOTTOM + 1);
        counts.push(body.length);
        for (const line of body) {
          expect(line.yMin).toBeGreaterThanOrEqual(TEXT_TOP - 1);
          expect(line.xMin).toBeGreaterThanOrEqual(TEXT_LEFT - 1);
          expect(line.xMax).toBeLessThanOrEqual(TEXT_RIGHT + 1);
        }
        const full = body.filter((l) => !l.text.startsWith('第') && !l.text.endsWith('。'));
        for (const line of full) expect([...line.text].length).toBe(28);
        const pitch = (body.at(-1)!.yMin - body[0]!.yMin) / (body.length - 1);
        expect(pitch).toBeCloseTo(28.95, 1);

        const number = lines.find((l) => /^—\d+—$/.test(l.text));
        expect(number, `page number on page ${page}`).toBeDefined();
        const dash = (number!.yMin + number!.yMax) / 2;
        expect(dash - TEXT_BOTTOM).toBeGreaterThan(mmToPt(6));
        expect(dash - TEXT_BOTTOM).toBeLessThan(mmToPt(8));
        // Odd pages: right, one character in; even pages: left, one character in.
        if (page % 2 === 1) expect(number!.xMax).toBeCloseTo(TEXT_RIGHT - 14, -1);
        else expect(number!.xMin).toBeCloseTo(TEXT_LEFT + 14, -1);
      }
      const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), '-layout', pdf, '-'], { encoding: 'utf8' });
      expect(last).toContain('责任编辑');
      expect(Math.max(...counts)).toBeGreaterThanOrEqual(21);
      expect(Math.max(...counts)).toBeLessThanOrEqual(23);
      console.info(`LibreOffice: ${pages} pages, body lines on full pages ${counts.join(', ')}`);
    },
    240_000,
  );

  it.skipIf(!ready)(
    'puts the 版记 on the bottom edge of the last page’s text area',
    async () => {
      const dir = temporaryFolder('pdf');
      const docx = path.join(dir, 'bulletin.docx');
      writeFileSync(docx, await renderDocx(bulletin, profile));
      const { pdf } = await convertDocxToPdf(docx, dir, { faces: facesHere(profile, 'hans') });
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      const lines = pageLines(pdf, pages);
      const editors = lines.find((l) => l.text.startsWith('责任编辑'));
      expect(editors).toBeDefined();
      // The last line's box ends within one line of the text area's bottom edge.
      expect(TEXT_BOTTOM - editors!.yMax).toBeGreaterThanOrEqual(0);
      expect(TEXT_BOTTOM - editors!.yMax).toBeLessThan(mmToPt(10.2));
    },
    240_000,
  );

  it.skipIf(!ready)(
    'never leaves the 落款 alone on a page: the last paragraph comes over with it',
    async () => {
      // 22 one-line paragraphs fill page 1 exactly; the 落款 (a blank line, then two lines) must
      // take the 22nd along to page 2 rather than open page 2 by itself.
      const model: DocumentModel = {
        title: 't',
        date: '2025-02-21',
        blocks: [
          ...Array.from({ length: 22 }, (_, n) => ({ kind: 'paragraph' as const, role: 'body' as const, runs: [{ text: `第${n + 1}段。` }] })),
          { kind: 'paragraph', role: 'closing', runs: [{ text: '共青团上街区委' }] },
          { kind: 'paragraph', role: 'closing', runs: [{ text: '2025年2月21日' }] },
        ],
      };
      const dir = temporaryFolder('pdf');
      const docx = path.join(dir, 'closing.docx');
      writeFileSync(docx, await renderDocx(model, profile));
      const { pdf } = await convertDocxToPdf(docx, dir, { faces: facesHere(profile, 'hans') });
      const last = pageLines(pdf, pageCount(pdf)).map((line) => line.text);
      expect(last).toContain('共青团上街区委');
      expect(last.some((text) => text.startsWith('第') && text.endsWith('段。')), `page ${pageCount(pdf)}: ${last.join(' | ')}`).toBe(true);
    },
    240_000,
  );
});

describe('glyph forms by script', () => {
  // 骨 角 直 are drawn differently in mainland, Taiwan and Hong Kong forms. The embedded face's
  // name says jp either way (Debian's Noto CJK collection), so only the drawn page can tell.
  const drawn = async (script: DocumentScript): Promise<PNG> => {
    const dir = temporaryFolder('forms');
    const docx = path.join(dir, `${script}.docx`);
    const model: DocumentModel = { title: 't', date: '2024-01-01', blocks: [{ kind: 'title', text: '骨角直' }] };
    writeFileSync(docx, await renderDocx(model, profile, script));
    const { pdf } = await convertDocxToPdf(docx, dir, { faces: facesHere(profile, script) });
    // The top of the text area at 300 dpi (28 mm in, 37 mm down, 156 × 30 mm): the title's line.
    const crop = ['-x', '331', '-y', '437', '-W', '1843', '-H', '354'];
    execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', ...crop, pdf, path.join(dir, 'title')]);
    return PNG.sync.read(readFileSync(path.join(dir, 'title.png')));
  };
  const differing = (a: PNG, b: PNG): number => pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 });

  it.skipIf(!ready || missingPoppler(['pdftoppm']).length > 0)(
    'draws a simplified document in mainland forms and a traditional one in Taiwan forms',
    async () => {
      const [mainland, again, taiwan] = [await drawn('hans'), await drawn('hans'), await drawn('hant-tw')];
      expect(differing(mainland, again)).toBe(0);
      const changed = differing(mainland, taiwan);
      console.info(`骨角直, zh-CN against zh-TW: ${changed} pixels differ`);
      expect(changed).toBeGreaterThan(200);
    },
    240_000,
  );
});

describe('what LibreOffice is told besides the DOCX', () => {
  it('reads the gap between Chinese and digits off the DOCX’s paragraph defaults: off as the profile writes it, on where asked or unsaid', async () => {
    const dir = temporaryFolder('autospace');
    const written = async (name: string, bytes: Uint8Array | Promise<Uint8Array>) => {
      const file = path.join(dir, `${name}.docx`);
      writeFileSync(file, await bytes);
      return file;
    };
    const solid = await written('solid', renderDocx(bulletin, profile));
    const spaced = await written('spaced', renderDocx(bulletin, { ...profile, grid: { ...profile.grid, autospace: true } }));
    const parts = unzipSync(readFileSync(solid));
    parts['word/styles.xml'] = strToU8(strFromU8(parts['word/styles.xml']!).replace(/<w:autoSpaceD[EN] w:val="0"\/>/g, ''));
    const unsaid = await written('unsaid', zipSync(parts));
    expect([solid, spaced, unsaid].map(docxAutospace)).toEqual([false, true, true]);
  });
});

describe('without LibreOffice', () => {
  it('says what to install', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    try {
      expect(findOffice()).toBeUndefined();
      const error = await convertDocxToPdf('/nonexistent/a.docx', tmpdir()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toContain('找不到 LibreOffice');
      expect((error as UserError).hint).toContain('apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
