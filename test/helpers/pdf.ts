// Reading real PDFs in the rendering tests: poppler-utils (pdfinfo, pdftotext, pdffonts, pdftohtml),
// measured in points from the top left of the page.

import { execFileSync, spawnSync } from 'node:child_process';
import { mmToPt } from '../../src/layout/units.js';

/** The poppler tools these helpers need that are not on PATH. */
export function missingPoppler(tools: readonly string[] = ['pdfinfo', 'pdftotext', 'pdffonts', 'pdftohtml', 'pdftoppm']): string[] {
  return tools.filter((tool) => spawnSync(tool, ['-v']).error !== undefined);
}

/** The text area of an A4 page to GB/T 9704-2012 5.2.1. */
export const TEXT_AREA = { top: mmToPt(37), bottom: mmToPt(297 - 35), left: mmToPt(28), right: mmToPt(210 - 26) };

export interface Line {
  yMin: number;
  yMax: number;
  xMin: number;
  xMax: number;
  text: string;
}

export function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
}

/** Text lines of one PDF page with their boxes. */
export function pageLines(pdf: string, page: number): Line[] {
  const html = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox-layout', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<\/line>/gs)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: [...m[5]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(''),
  }));
}

/** Body lines of a page: inside the text area (the page number below it is left out). */
export function bodyLines(pdf: string, page: number): Line[] {
  return pageLines(pdf, page).filter((line) => line.yMin >= TEXT_AREA.top - 1 && line.yMax <= TEXT_AREA.bottom + 1);
}

/** A line's length in 字: half-width characters (digits, Latin letters) count half. */
export function widthInChars(text: string): number {
  return [...text].reduce((sum, char) => sum + (/[\u0020-\u007e]/.test(char) ? 0.5 : 1), 0);
}

/** Font families embedded in a PDF (pdffonts), without the subset prefix, each once. */
export function embeddedFonts(pdf: string): string[] {
  const rows = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2);
  return [...new Set(rows.map((row) => row.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).filter(Boolean))].sort();
}

export interface TextFragment {
  text: string;
  left: number;
  top: number;
  width: number;
  /** The embedded font it is set in, without the subset prefix. */
  font: string;
}

/** Runs of text in one font, as pdftohtml -xml splits a page, in points. */
export function textFragments(pdf: string, page: number): TextFragment[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-zoom', '1', '-f', String(page), '-l', String(page), '-stdout', pdf], { encoding: 'utf8' });
  const fonts = new Map([...xml.matchAll(/<fontspec id="(\d+)"[^>]*family="([^"]+)"/g)].map((m) => [m[1]!, m[2]!.replace(/^[A-Z]{6}\+/, '')]));
  return [...xml.matchAll(/<text top="([\d.]+)" left="([\d.]+)" width="([\d.]+)" height="[\d.]+" font="(\d+)">(.*?)<\/text>/g)].map((m) => ({
    top: Number(m[1]),
    left: Number(m[2]),
    width: Number(m[3]),
    font: fonts.get(m[4]!) ?? '',
    text: m[5]!.replace(/<[^>]+>/g, ''),
  }));
}
