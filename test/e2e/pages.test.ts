// The page as the office sees it (issue 10). The example bulletin and annual summary are built by
// the real CLI; their PDFs are rendered to low-resolution PNGs and compared with reviewed
// reference images kept in test/fixtures/pages/, the way typesetting projects keep reference
// renders. The DOCX is also converted by a plain `soffice --convert-to pdf`, as a user would,
// and measured: the same page count, 28 characters a full line, 22 lines a full page.
//
// After a deliberate change of layout, look at the new pages, then update the references with
//   npm run test:pages:update
// Skips itself where LibreOffice or poppler-utils are missing (.ci/run installs them).

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findOffice } from '../../src/write/pdf.js';
import { temporaryFolder } from '../helpers/temp.js';
import { bodyLines, embeddedFonts, missingPoppler, pageCount, TEXT_AREA, textFragments, widthInChars } from '../helpers/pdf.js';

const repo = path.resolve(import.meta.dirname, '../..');
const REFERENCES = path.join(repo, 'test/fixtures/pages');
const KINDS = ['bulletin', 'annual'] as const;
/** pdftoppm resolution: enough to see the layout, small enough to keep in the repository. */
const DPI = 30;
/** Share of a page's pixels that may differ (pixelmatch, anti-aliasing ignored). */
const TOLERANCE = 0.005;
const updating = process.env['UPDATE_PAGE_IMAGES'] === '1';

const office = findOffice();
const missing = [...(office ? [] : ['soffice']), ...missingPoppler()];
if (missing.length > 0) {
  console.warn(`skipping the page-image tests: ${missing.join(', ')} not on PATH; install libreoffice-writer-nogui poppler-utils and the fonts in .ci/run to run them`);
}

describe.skipIf(missing.length > 0)('the example’s pages', () => {
  let out: string;
  /** The PDF summarize wrote, and the one a user gets from LibreOffice opening the DOCX. */
  const pdf = (kind: string) => path.join(out, `${kind}.pdf`);
  const direct = (kind: string) => path.join(out, 'direct', `${kind}.pdf`);

  beforeAll(() => {
    out = temporaryFolder('pages');
    execFileSync('node', [path.join(repo, 'bin/summarize.js'), 'build', '2024', '-C', path.join(repo, 'examples/shangjie'), '--kind', KINDS.join(','), '--out', out], {
      stdio: 'pipe',
    });
    execFileSync(
      office!,
      [`-env:UserInstallation=${pathToFileURL(path.join(out, 'office-profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', path.join(out, 'direct'), ...KINDS.map((kind) => path.join(out, `${kind}.docx`))],
      { stdio: 'pipe' },
    );
  }, 600_000);

  it.each(KINDS)('%s: summarize’s PDF and a plain LibreOffice conversion of the DOCX lay out alike, 28 characters a line, 22 lines a page', (kind) => {
    const pages = pageCount(direct(kind));
    expect(pages).toBe(pageCount(pdf(kind)));
    for (const [name, file] of [
      ['summarize', pdf(kind)],
      ['plain', direct(kind)],
    ] as const) {
      const perLine: number[] = [];
      const perPage: number[] = [];
      for (let page = 1; page <= pages; page++) {
        const lines = bodyLines(file, page);
        // A full line runs from the left edge of the text area to the right one.
        perLine.push(...lines.filter((l) => l.xMin < TEXT_AREA.left + 2 && l.xMax > TEXT_AREA.right - 8).map((l) => widthInChars(l.text)));
        // The first page carries the masthead and the last the 版记; the pages between are body text.
        if (page > 1 && page < pages) perPage.push(lines.length);
      }
      console.info(`${kind} (${name}): ${pages} pages; characters on full lines ${summary(perLine)}; lines on full pages ${perPage.join(', ')}`);
      expect(median(perLine)).toBeGreaterThanOrEqual(27);
      expect(Math.max(...perLine)).toBeLessThanOrEqual(29);
      expect(Math.max(...perPage)).toBeGreaterThanOrEqual(21);
      expect(Math.max(...perPage)).toBeLessThanOrEqual(23);
    }
  });

  it.each(KINDS)('%s: figures print solid against the Chinese around them (宣讲26场次), as the DOCX says', (kind) => {
    // pdftotext puts a space where the gap between two characters is wide: LibreOffice's own
    // autospace (a fifth of the font height each side) shows as “宣讲 26 场次”.
    const text = execFileSync('pdftotext', [pdf(kind), '-'], { encoding: 'utf8' });
    console.info(`${kind}: figures set apart from the Chinese by a gap: ${spacedFigures(text).length}; in the plain LibreOffice conversion ${spacedFigures(execFileSync('pdftotext', [direct(kind), '-'], { encoding: 'utf8' })).length}`);
    expect(spacedFigures(text)).toEqual([]);
    expect(text).toMatch(/\p{Script=Han}[0-9]+\p{Script=Han}/u);
  });

  it('annual: every part heading, 一 to the plan’s 四, is a line of its own, and the 落款 shares its page with the last paragraph', () => {
    const markdown = readFileSync(path.join(out, 'annual.md'), 'utf8');
    const parts = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    const closing = markdown.trimEnd().split('\n').slice(-2).map((line) => line.replace(/\\$/, ''));
    const pages = Array.from({ length: pageCount(pdf('annual')) }, (_, index) => bodyLines(pdf('annual'), index + 1).map((line) => line.text));
    expect(parts.at(-1)).toMatch(/^四、\d{4}年工作安排$/);
    for (const part of parts) expect(pages.flat(), part).toContain(part);
    const last = pages.at(-1)!;
    expect(last.slice(-2)).toEqual(closing);
    expect(last.length).toBeGreaterThan(closing.length);
  });

  it('prints the roles in at least three Chinese families', () => {
    const fonts = KINDS.map((kind) => embeddedFonts(pdf(kind)));
    console.info(`pdffonts: ${fonts.map((list, i) => `${KINDS[i]}: ${list.join(' ')}`).join('; ')}`);
    for (const list of fonts) expect(new Set(list.filter(isChinese).map(familyOf)).size).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['summarize’s PDF', pdf],
    ['the plain LibreOffice conversion', direct],
  ])('prints the ” after “1469 full width, in a Chinese face: %s', (_, which) => {
    const fragments = textFragments(which('bulletin'), 1);
    const digits = fragments.findIndex((f) => f.text === '1469');
    const after = fragments[digits + 1]!;
    expect(after.text.startsWith('”')).toBe(true);
    expect(isChinese(after.font)).toBe(true);
    // Every character after the quote is full width (16 pt less the grid's 0.25 pt); the rest is the quote.
    const quote = after.width - ([...after.text].length - 1) * 15.75;
    console.info(`closing quote after “1469: ${quote.toFixed(2)} pt in ${after.font}`);
    expect(quote).toBeGreaterThan(14);
    expect(quote).toBeLessThan(17);
  });

  it.each(KINDS)('%s: the pages look as the reviewed reference images', (kind) => {
    const rendered = path.join(out, 'png', kind);
    mkdirSync(rendered, { recursive: true });
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', pdf(kind), path.join(rendered, 'page')]);
    // pdftoppm pads page numbers to the width of the last one; the references are kind-N.png.
    const pages = readdirSync(rendered).sort().map((file, index) => ({ file: path.join(rendered, file), name: `${kind}-${index + 1}.png` }));
    if (updating) {
      mkdirSync(REFERENCES, { recursive: true });
      for (const stale of readdirSync(REFERENCES).filter((file) => file.startsWith(`${kind}-`))) rmSync(path.join(REFERENCES, stale));
      for (const page of pages) copyFileSync(page.file, path.join(REFERENCES, page.name));
      console.info(`updated ${pages.length} reference images of ${kind} in ${path.relative(repo, REFERENCES)}`);
      return;
    }
    const references = readdirSync(REFERENCES).filter((file) => file.startsWith(`${kind}-`));
    expect(pages.map((p) => p.name).sort(), 'pages rendered against reference images').toEqual(references.sort());
    const problems = pages.flatMap((page) => {
      const problem = compare(page.file, path.join(REFERENCES, page.name), path.join(out, `diff-${page.name}`));
      return problem ? [`${page.name}: ${problem}`] : [];
    });
    expect(problems, `pages differ from ${path.relative(repo, REFERENCES)} (if the change is meant, npm run test:pages:update)`).toEqual([]);
  });
});

/** Where a PDF's text (pdftotext) sets digits apart from the Chinese beside them. */
function spacedFigures(text: string): string[] {
  return [...text.matchAll(/\p{Script=Han} +[0-9]|[0-9] +\p{Script=Han}/gu)].map((m) => m[0]);
}

/** undefined when the images agree; else what differs, with the path of a diff image (red = changed). */
function compare(actualPath: string, expectedPath: string, diffPath: string): string | undefined {
  const actual = PNG.sync.read(readFileSync(actualPath));
  const expected = PNG.sync.read(readFileSync(expectedPath));
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return `size ${actual.width}×${actual.height}, reference ${expected.width}×${expected.height}`;
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const changed = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
  if (changed <= TOLERANCE * actual.width * actual.height) return undefined;
  writeFileSync(diffPath, PNG.sync.write(diff));
  return `${changed} pixels differ (${((100 * changed) / (actual.width * actual.height)).toFixed(2)}%); diff image ${diffPath}`;
}

const CHINESE_FAMILIES = /CJK|Fandol|UKai|UMing|cwTeX|仿宋|楷|黑|宋/;

function isChinese(font: string): boolean {
  return CHINESE_FAMILIES.test(font);
}

/** NotoSerifCJKjp-SemiBold-VKana → NotoSerifCJKjp: weights of one family count once. */
function familyOf(font: string): string {
  return font.split('-')[0]!;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function summary(values: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => b - a).map(([value, count]) => `${value}×${count}`).join(' ');
}
